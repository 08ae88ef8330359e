#include "TrainPage.h"

#include "DatasetCatalog.h"
#include "Error.h"
#include "Format.h"
#include "GridSearchEditor.h"
#include "JobManager.h"
#include "LineChart.h"
#include "PageHeader.h"
#include "SearchResultsModel.h"
#include "TrainConfigForm.h"
#include "TrainingJob.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace mb::ui {
namespace {

QString kindName(DatasetKind kind)
{
    switch (kind) {
    case DatasetKind::Tabular:
        return QObject::tr("Tabular");
    case DatasetKind::Text:
        return QObject::tr("Text");
    case DatasetKind::Image:
        return QObject::tr("Image");
    }
    return {};
}

QString modelName(const QString& model)
{
    if (model == QLatin1String("mlp"))
        return QObject::tr("MLP");
    if (model == QLatin1String("linear"))
        return QObject::tr("linear model");
    if (model == QLatin1String("cnn"))
        return QObject::tr("small CNN");
    if (model == QLatin1String("text"))
        return QObject::tr("fastText-style n-gram model");
    return model;
}

QString stateColor(JobState state)
{
    switch (state) {
    case JobState::Queued:
        return QStringLiteral("#8a6d00");
    case JobState::Running:
        return QStringLiteral("#1565c0");
    case JobState::Finished:
        return QStringLiteral("#2e7d32");
    case JobState::Failed:
        return QStringLiteral("#c62828");
    case JobState::Cancelled:
        return QStringLiteral("#6b6b6b");
    }
    return QStringLiteral("#000");
}

const QStringList kClassificationMetrics = {QStringLiteral("accuracy"), QStringLiteral("macro_f1"), QStringLiteral("min_f1")};

}  // namespace

TrainPage::TrainPage(std::shared_ptr<const Workspace> workspace, JobManager* jobs, QWidget* parent)
    : QWidget(parent), m_workspace(std::move(workspace)), m_jobs(jobs)
{
    auto* header = new PageHeader(tr("Train"), tr("Train a model on a dataset version and watch it learn."), this);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(buildSetupPanel());
    splitter->addWidget(buildMonitor());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({370, 900});

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(header);
    layout->addWidget(splitter, 1);

    m_yamlTimer = new QTimer(this);
    m_yamlTimer->setSingleShot(true);
    m_yamlTimer->setInterval(350);
    connect(m_yamlTimer, &QTimer::timeout, this, [this] { validateYaml(true); });

    connect(m_jobs, &JobManager::jobAdded, this, [this](const QString& id) {
        updateJobList();
        if (!m_job || !m_job->isActive())
            follow(id);
    });
    connect(m_jobs, &JobManager::jobChanged, this, [this] { updateJobList(); });
    refreshDatasets();
    updateJobList();
    resetMonitor();
    updateButtons();
}

QWidget* TrainPage::buildSetupPanel()
{
    auto* panel = new QWidget(this);
    panel->setMinimumWidth(330);
    panel->setMaximumWidth(480);

    auto* data = new QGroupBox(tr("Data"), panel);
    m_dataset = new QComboBox(data);
    m_dataset->setObjectName(QStringLiteral("datasetBox"));
    m_version = new QComboBox(data);
    m_version->setObjectName(QStringLiteral("versionBox"));
    m_workload = new QLabel(data);
    m_workload->setObjectName(QStringLiteral("workloadLabel"));
    m_workload->setWordWrap(true);
    m_workload->setStyleSheet(QStringLiteral("color: #444;"));
    auto* dataForm = new QFormLayout(data);
    dataForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    dataForm->addRow(tr("Dataset:"), m_dataset);
    dataForm->addRow(tr("Version:"), m_version);
    dataForm->addRow(tr("Workload:"), m_workload);

    m_form = new TrainConfigForm;
    auto* formScroll = new QScrollArea;
    formScroll->setWidget(m_form);
    formScroll->setWidgetResizable(true);
    formScroll->setFrameShape(QFrame::NoFrame);

    auto* advanced = new QWidget;
    m_yaml = new QPlainTextEdit(advanced);
    m_yaml->setObjectName(QStringLiteral("configYaml"));
    m_yaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_yaml->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_yaml->setTabChangesFocus(true);
    m_yamlError = new QLabel(advanced);
    m_yamlError->setObjectName(QStringLiteral("configError"));
    m_yamlError->setWordWrap(true);
    m_yamlError->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_yamlError->hide();
    auto* yamlHint = new QLabel(tr("The full config as YAML (as in a config.yaml); edits show in the form."), advanced);
    yamlHint->setWordWrap(true);
    yamlHint->setStyleSheet(QStringLiteral("color: #6b6b6b;"));
    auto* advancedLayout = new QVBoxLayout(advanced);
    advancedLayout->setContentsMargins(4, 6, 4, 4);
    advancedLayout->addWidget(yamlHint);
    advancedLayout->addWidget(m_yaml, 1);
    advancedLayout->addWidget(m_yamlError);

    m_configTabs = new QTabWidget(panel);
    m_configTabs->setObjectName(QStringLiteral("configTabs"));
    m_configTabs->addTab(formScroll, tr("Settings"));
    m_configTabs->addTab(advanced, tr("Advanced (YAML)"));

    m_singleMode = new QRadioButton(tr("Single run"), panel);
    m_singleMode->setObjectName(QStringLiteral("singleMode"));
    m_singleMode->setChecked(true);
    m_searchMode = new QRadioButton(tr("Grid search"), panel);
    m_searchMode->setObjectName(QStringLiteral("searchMode"));
    m_searchMode->setToolTip(tr("Train every combination of the values in a grid on top of the config; the best is registered"));
    auto* modeGroup = new QButtonGroup(panel);
    modeGroup->addButton(m_singleMode);
    modeGroup->addButton(m_searchMode);
    auto* modeRow = new QHBoxLayout;
    modeRow->addWidget(new QLabel(tr("Mode:"), panel));
    modeRow->addWidget(m_singleMode);
    modeRow->addWidget(m_searchMode);
    modeRow->addStretch(1);
    m_gridBox = new QGroupBox(tr("Grid: the values to try"), panel);
    m_gridBox->setObjectName(QStringLiteral("gridBox"));
    m_grid = new GridSearchEditor(m_gridBox);
    m_grid->setGridYaml(QStringLiteral("lr: [0.001, 0.01]\nbatch_size: [16, 32]\n"));
    auto* gridLayout = new QVBoxLayout(m_gridBox);
    gridLayout->setContentsMargins(4, 4, 4, 4);
    gridLayout->addWidget(m_grid);
    m_gridBox->hide();

    m_modelName = new QLineEdit(panel);
    m_modelName->setObjectName(QStringLiteral("modelName"));
    m_modelName->setToolTip(tr("The registry name of the model; default: the dataset's name."));
    m_force = new QCheckBox(tr("Train again even if an identical run exists"), panel);
    m_force->setObjectName(QStringLiteral("forceTrain"));
    m_force->setToolTip(tr("An identical dataset version and config reuse the earlier run's model unless this is ticked."));
    m_resetConfig = new QPushButton(tr("Reset to defaults"), panel);
    m_resetConfig->setObjectName(QStringLiteral("resetConfig"));
    m_start = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Start training"), panel);
    m_start->setObjectName(QStringLiteral("startButton"));
    m_start->setDefault(true);
    m_start->setShortcut(QKeySequence(QStringLiteral("Ctrl+Return")));
    m_start->setToolTip(tr("Start training (Ctrl+Enter)"));
    m_start->setStyleSheet(QStringLiteral(
        "QPushButton#startButton { background: #2e7d32; color: white; border: 1px solid #1b5e20; border-radius: 4px; padding: 6px 14px; font-weight: bold; }"
        "QPushButton#startButton:hover { background: #388e3c; }"
        "QPushButton#startButton:disabled { background: #a5c8a7; border-color: #a5c8a7; }"));
    m_stop = new QPushButton(style()->standardIcon(QStyle::SP_MediaStop), tr("Stop"), panel);
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_stop->setToolTip(tr("Stop after the current batch; nothing is registered (Esc)"));
    m_stop->setShortcut(QKeySequence(Qt::Key_Escape));

    auto* nameForm = new QFormLayout;
    nameForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    nameForm->addRow(tr("Model name:"), m_modelName);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_resetConfig);
    buttons->addStretch(1);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_start);

    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 6, 0);
    layout->addWidget(data);
    layout->addLayout(modeRow);
    layout->addWidget(m_configTabs, 2);
    layout->addWidget(m_gridBox, 1);
    layout->addLayout(nameForm);
    layout->addWidget(m_force);
    layout->addLayout(buttons);

    connect(m_dataset, &QComboBox::currentIndexChanged, this, &TrainPage::onDatasetChanged);
    connect(m_version, &QComboBox::currentIndexChanged, this, &TrainPage::onVersionChanged);
    connect(m_form, &TrainConfigForm::edited, this, &TrainPage::onFormEdited);
    connect(m_yaml, &QPlainTextEdit::textChanged, this, &TrainPage::onYamlEdited);
    connect(m_start, &QPushButton::clicked, this, [this] { start(); });
    connect(m_stop, &QPushButton::clicked, this, &TrainPage::stop);
    connect(m_searchMode, &QRadioButton::toggled, this, &TrainPage::setSearchMode);
    connect(m_grid, &GridSearchEditor::validated, this, &TrainPage::updateButtons);
    connect(m_resetConfig, &QPushButton::clicked, this, [this] {
        if (m_haveVersion)
            setConfigYaml(TrainConfig::defaultsYaml(m_kind, m_labelKind));
    });
    return panel;
}

QWidget* TrainPage::buildMonitor()
{
    auto* monitor = new QWidget(this);

    m_jobBox = new QComboBox(monitor);
    m_jobBox->setObjectName(QStringLiteral("jobBox"));
    m_jobBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_jobBox->setPlaceholderText(tr("No training yet"));
    m_jobBox->setMinimumWidth(260);
    m_jobState = new QLabel(monitor);
    m_jobState->setObjectName(QStringLiteral("jobState"));
    m_progress = new QProgressBar(monitor);
    m_progress->setObjectName(QStringLiteral("trainProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    m_speed = new QLabel(monitor);
    m_speed->setObjectName(QStringLiteral("trainSpeed"));
    m_speed->setMinimumWidth(230);
    m_speed->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto* jobRow = new QHBoxLayout;
    jobRow->addWidget(new QLabel(tr("Training:"), monitor));
    jobRow->addWidget(m_jobBox);
    jobRow->addWidget(m_jobState);
    jobRow->addStretch(1);
    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_speed);

    m_result = new QFrame(monitor);
    m_result->setObjectName(QStringLiteral("trainResult"));
    m_resultText = new QLabel(m_result);
    m_resultText->setObjectName(QStringLiteral("resultText"));
    m_resultText->setWordWrap(true);
    m_resultText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_viewModel = new QPushButton(tr("View in Models"), m_result);
    m_viewModel->setObjectName(QStringLiteral("viewModelButton"));
    auto* resultLayout = new QHBoxLayout(m_result);
    resultLayout->setContentsMargins(10, 6, 6, 6);
    resultLayout->addWidget(m_resultText, 1);
    resultLayout->addWidget(m_viewModel);
    m_result->hide();
    connect(m_viewModel, &QPushButton::clicked, this, [this] {
        if (!m_resultRef.isEmpty())
            Q_EMIT showModelRequested(m_resultRef);
    });

    m_lossChart = new LineChart(tr("Loss per epoch"), tr("epoch"), tr("loss"), monitor);
    m_lossChart->setObjectName(QStringLiteral("lossChart"));
    m_trainLoss = m_lossChart->addSeries(tr("train"), format::seriesColor(0));
    m_valLoss = m_lossChart->addSeries(tr("validation"), format::seriesColor(1));
    m_metricChart = new LineChart(tr("Validation metrics"), tr("epoch"), QString(), monitor);
    m_metricChart->setObjectName(QStringLiteral("metricChart"));
    m_batchChart = new LineChart(tr("Batch loss (running mean within the epoch)"), tr("epoch"), tr("loss"), monitor);
    m_batchChart->setObjectName(QStringLiteral("batchChart"));
    m_batchChart->setMaxPoints(4000);
    m_batchLoss = m_batchChart->addSeries(tr("batch loss"), format::seriesColor(0));
    m_batchChart->chart()->legend()->hide();
    for (LineChart* chart : {m_lossChart, m_metricChart, m_batchChart})
        chart->setPlaceholder(tr("Curves appear here while a model trains."));

    m_log = new QPlainTextEdit(monitor);
    m_log->setObjectName(QStringLiteral("trainLog"));
    m_log->setReadOnly(true);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setMinimumHeight(90);
    m_log->setMaximumBlockCount(5000);
    m_log->setPlaceholderText(tr("The training log appears here."));
    auto* logBox = new QGroupBox(tr("Log"), monitor);
    auto* logLayout = new QVBoxLayout(logBox);
    logLayout->setContentsMargins(4, 4, 4, 4);
    logLayout->addWidget(m_log);

    // Epoch curves side by side, the batch loss as a timeline under them, the log at the bottom.
    auto* charts = new QGridLayout;
    charts->setSpacing(6);
    charts->addWidget(m_lossChart, 0, 0);
    charts->addWidget(m_metricChart, 0, 1);
    charts->addWidget(m_batchChart, 1, 0, 1, 2);
    m_searchResults = new SearchResultsModel(monitor);
    m_searchTable = new QTableView(monitor);
    m_searchTable->setObjectName(QStringLiteral("searchResults"));
    m_searchTable->setModel(m_searchResults);
    m_searchTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_searchTable->setWordWrap(false);
    m_searchTable->verticalHeader()->hide();
    m_searchTable->verticalHeader()->setDefaultSectionSize(22);
    m_searchTable->horizontalHeader()->setHighlightSections(false);
    m_searchBox = new QGroupBox(tr("Search results, best first"), monitor);
    m_searchBox->setObjectName(QStringLiteral("searchBox"));
    auto* searchLayout = new QVBoxLayout(m_searchBox);
    searchLayout->setContentsMargins(4, 4, 4, 4);
    searchLayout->addWidget(m_searchTable);
    m_searchBox->hide();
    auto* bottom = new QSplitter(Qt::Horizontal, monitor);
    bottom->setChildrenCollapsible(false);
    bottom->addWidget(logBox);
    bottom->addWidget(m_searchBox);
    bottom->setStretchFactor(0, 2);
    bottom->setStretchFactor(1, 3);
    charts->addWidget(bottom, 2, 0, 1, 2);
    charts->setRowStretch(0, 5);
    charts->setRowStretch(1, 3);
    charts->setRowStretch(2, 2);

    auto* layout = new QVBoxLayout(monitor);
    layout->setContentsMargins(6, 0, 0, 0);
    layout->addLayout(jobRow);
    layout->addLayout(progressRow);
    layout->addWidget(m_result);
    layout->addLayout(charts, 1);

    connect(m_jobBox, &QComboBox::activated, this, [this](int index) { follow(m_jobBox->itemData(index).toString()); });
    return monitor;
}

QList<QLineSeries*> TrainPage::metricSeries() const
{
    QList<QLineSeries*> series;
    for (const auto& entry : m_metrics)
        series << entry.second;
    return series;
}

// --- Data and config -------------------------------------------------------------------------

void TrainPage::refreshDatasets()
{
    const QString current = m_dataset->currentData().toString();
    QVector<DatasetSummary> datasets;
    try {
        datasets = DatasetCatalog(*m_workspace).list();
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
    }
    {
        const QSignalBlocker block(m_dataset);
        m_dataset->clear();
        for (const DatasetSummary& dataset : std::as_const(datasets)) {
            if (dataset.versionCount == 0)
                continue;
            m_dataset->addItem(QStringLiteral("%1  (%2)").arg(dataset.name, dataset.kind), dataset.name);
        }
        const int index = m_dataset->findData(current);
        m_dataset->setCurrentIndex(index >= 0 ? index : (m_dataset->count() > 0 ? 0 : -1));
    }
    if (m_dataset->currentData().toString() != current || m_version->count() == 0)
        onDatasetChanged();
    if (m_dataset->count() == 0)
        m_dataset->setPlaceholderText(tr("No datasets yet"));
    updateButtons();
}

void TrainPage::onDatasetChanged()
{
    const QString name = m_dataset->currentData().toString();
    {
        const QSignalBlocker block(m_version);
        m_version->clear();
        if (!name.isEmpty()) {
            try {
                const QVector<DatasetVersionInfo> versions = DatasetCatalog(*m_workspace).versions(name);
                for (const DatasetVersionInfo& version : versions) {
                    m_version->insertItem(0, tr("v%1 · %2 rows · %3").arg(version.number).arg(format::count(double(version.rows))).arg(version.createdAt.left(10)),
                                          version.number);
                }
            } catch (const Error& error) {
                Q_EMIT errorOccurred(error.message());
            }
        }
        m_version->setCurrentIndex(m_version->count() > 0 ? 0 : -1);
    }
    m_modelName->setPlaceholderText(name.isEmpty() ? QString() : name);
    onVersionChanged();
}

QString TrainPage::selectedDatasetRef() const
{
    const QString name = m_dataset->currentData().toString();
    if (name.isEmpty() || m_version->currentIndex() < 0)
        return {};
    return QStringLiteral("%1@%2").arg(name).arg(m_version->currentData().toInt());
}

bool TrainPage::selectDataset(const QString& ref)
{
    const QString name = ref.section(QLatin1Char('@'), 0, 0);
    const int index = m_dataset->findData(name);
    if (index < 0)
        return false;
    m_dataset->setCurrentIndex(index);
    if (ref.contains(QLatin1Char('@'))) {
        const int version = m_version->findData(ref.section(QLatin1Char('@'), 1).toInt());
        if (version < 0)
            return false;
        m_version->setCurrentIndex(version);
    }
    return true;
}

void TrainPage::onVersionChanged()
{
    const QString ref = selectedDatasetRef();
    if (ref.isEmpty()) {
        m_haveVersion = false;
        m_workload->setText(tr("Import or generate a dataset first."));
        updateButtons();
        return;
    }
    DatasetVersionInfo info;
    try {
        info = DatasetCatalog(*m_workspace).resolve(ref);
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
        m_haveVersion = false;
        updateButtons();
        return;
    }
    const bool sameWorkload = m_haveVersion && info.kind == m_kind && info.labelKind == m_labelKind;
    m_haveVersion = true;
    m_kind = info.kind;
    m_labelKind = info.labelKind;
    const int classes = int(info.metadata.value(QStringLiteral("class_counts")).toObject().size());
    const TrainConfig defaults = TrainConfig::resolve(QString(), m_kind, m_labelKind);
    const QString task = m_labelKind == LabelKind::Regression ? tr("regression") : tr("classification, %1").arg(format::plural(classes, tr("class"), tr("classes")));
    m_workload->setText(tr("%1 %2 · %3 rows\nDefault model: %4")
                            .arg(kindName(m_kind), task, format::count(double(info.rows)), modelName(defaults.model)));
    if (!sameWorkload)
        setConfigYaml(defaults.toYaml());
    updateButtons();
}

QString TrainPage::configYaml() const
{
    return m_yaml->toPlainText();
}

void TrainPage::setConfigYaml(const QString& yaml)
{
    m_syncing = true;
    m_yaml->setPlainText(yaml);
    m_syncing = false;
    validateYaml(true);
}

void TrainPage::onFormEdited()
{
    if (m_syncing || !m_haveVersion)
        return;
    const QString previousModel = m_config.model;
    const bool wasLinearText = m_config.embeddingDim == 0;
    m_config = m_form->apply(m_config);
    // Between the linear text model (width 0) and a text network the trainer's defaults
    // differ (loss, optimiser, learning rate...): the config starts from the new family's.
    if (m_kind == DatasetKind::Text && wasLinearText != (m_config.embeddingDim == 0))
        m_config = TrainConfig::resolve(QString(), m_kind, m_labelKind, {QStringLiteral("text.dim=%1").arg(m_config.embeddingDim)});
    m_syncing = true;
    const int scroll = m_yaml->verticalScrollBar()->value();
    m_yaml->setPlainText(m_config.toYaml());
    m_yaml->verticalScrollBar()->setValue(scroll);
    m_syncing = false;
    validateYaml(true);
    if (m_config.model != previousModel || wasLinearText != (m_config.embeddingDim == 0))
        m_form->setConfig(m_config, TrainConfig::resolve(QString(), m_kind, m_labelKind), m_kind, m_labelKind);
}

void TrainPage::onYamlEdited()
{
    if (m_syncing)
        return;
    m_yamlTimer->start();
}

bool TrainPage::validateYaml(bool report)
{
    m_yamlTimer->stop();
    if (!m_haveVersion)
        return false;
    try {
        const TrainConfig config = TrainConfig::resolve(m_yaml->toPlainText(), m_kind, m_labelKind, {}, QStringLiteral("config.yaml"));
        m_config = config;
        m_yamlValid = true;
        m_yamlError->hide();
        m_syncing = true;
        m_form->setConfig(config, TrainConfig::resolve(QString(), m_kind, m_labelKind), m_kind, m_labelKind);
        m_syncing = false;
        m_configTabs->setTabText(1, tr("Advanced (YAML)"));
        if (!m_lastError.isEmpty()) {
            m_lastError.clear();
            Q_EMIT errorCleared();
        }
    } catch (const Error& error) {
        m_yamlValid = false;
        m_yamlError->setText(error.message());
        m_yamlError->show();
        m_configTabs->setTabText(1, tr("Advanced (YAML) ⚠"));
        if (report && error.message() != m_lastError) {
            m_lastError = error.message();
            Q_EMIT errorOccurred(tr("The training config is not valid: %1").arg(error.message()));
        }
    }
    updateButtons();
    return m_yamlValid;
}

void TrainPage::updateButtons()
{
    const bool running = m_job && m_job->isActive();
    const bool ready = m_haveVersion && m_yamlValid && (!isSearchMode() || m_grid->isValid());
    m_start->setEnabled(ready && !running);
    m_stop->setEnabled(running && !m_job->isCancelRequested());
    m_resetConfig->setEnabled(m_haveVersion);
}

bool TrainPage::isSearchMode() const
{
    return m_searchMode->isChecked();
}

void TrainPage::setSearchMode(bool search)
{
    if (isSearchMode() != search) {
        (search ? m_searchMode : m_singleMode)->setChecked(true);  // comes back here through toggled
        return;
    }
    m_gridBox->setVisible(search);
    m_start->setText(search ? tr("Start search") : tr("Start training"));
    m_start->setToolTip(search ? tr("Train every combination of the grid, register the best (Ctrl+Enter)") : tr("Start training (Ctrl+Enter)"));
    updateButtons();
}

// --- Jobs ------------------------------------------------------------------------------------

QString TrainPage::start()
{
    if (!m_haveVersion)
        return {};
    if (!validateYaml(true)) {
        m_configTabs->setCurrentIndex(1);
        return {};
    }
    if (isSearchMode() && !m_grid->isValid()) {
        Q_EMIT errorOccurred(tr("The grid is not valid: %1").arg(m_grid->error()));
        return {};
    }
    QString id;
    try {
        if (isSearchMode()) {
            GridSearchRequest search;
            search.dataset = selectedDatasetRef();
            search.configYaml = m_yaml->toPlainText();
            search.gridYaml = m_grid->gridYaml();
            search.gridSource = GridSearchEditor::sourceName();
            search.modelName = m_modelName->text().trimmed();
            search.force = m_force->isChecked();
            id = m_jobs->startSearch(search, QStringLiteral("gui"));
        } else {
            TrainRequest request;
            request.dataset = selectedDatasetRef();
            request.configYaml = m_yaml->toPlainText();
            request.configSource = QStringLiteral("config.yaml");
            request.modelName = m_modelName->text().trimmed();
            request.force = m_force->isChecked();
            request.source = QStringLiteral("gui");
            id = m_jobs->startTraining(request);
        }
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
        return {};
    }
    follow(id);
    return id;
}

void TrainPage::stop()
{
    if (m_job && m_job->isActive()) {
        m_jobs->cancel(m_job->id());
        m_stop->setEnabled(false);
        m_jobState->setText(QStringLiteral("<span style='color:#6b6b6b'>%1</span>").arg(tr("stopping…")));
    }
}

QString TrainPage::followedJobId() const
{
    return m_job ? m_job->id() : QString();
}

void TrainPage::follow(const QString& jobId)
{
    TrainingJob* job = m_jobs->job(jobId);
    if (!job || job == m_job)
        return;
    if (m_job)
        disconnect(m_job, nullptr, this, nullptr);
    m_job = job;
    resetMonitor();
    // Connect first, then read the snapshot: what arrives twice is skipped by count.
    connect(job, &TrainingJob::epochEnded, this, &TrainPage::appendEpochs, Qt::QueuedConnection);
    connect(job, &TrainingJob::message, this, &TrainPage::appendLog, Qt::QueuedConnection);
    connect(job, &TrainingJob::batchProgress, this, &TrainPage::onBatch, Qt::QueuedConnection);
    connect(job, &TrainingJob::progressChanged, this, &TrainPage::updateProgress, Qt::QueuedConnection);
    connect(job, &TrainingJob::stateChanged, this, [this] {
        updateProgress();
        updateButtons();
    }, Qt::QueuedConnection);
    connect(job, &TrainingJob::finished, this, &TrainPage::onJobFinished, Qt::QueuedConnection);
    connect(job, &TrainingJob::trialStarted, this, &TrainPage::appendEpochs, Qt::QueuedConnection);
    connect(job, &TrainingJob::trialFinished, this, &TrainPage::updateSearchResults, Qt::QueuedConnection);
    syncFromJob();
    updateJobList();
    const int index = m_jobBox->findData(jobId);
    if (index >= 0)
        m_jobBox->setCurrentIndex(index);
}

void TrainPage::resetMonitor()
{
    m_logShown = 0;
    m_trialShown = 0;
    m_resultRef.clear();
    clearCurves();
    m_log->clear();
    m_result->hide();
    m_progress->setValue(0);
    m_progress->setFormat(tr("Not started"));
    m_speed->clear();
    m_jobState->clear();
    m_searchResults->clear();
    m_searchBox->setVisible(m_job && m_job->isSearch());
}

void TrainPage::clearCurves()
{
    m_epochsShown = 0;
    m_lastBatchX = -1;
    m_lossChart->chart()->setTitle(tr("Loss per epoch"));
    m_lossChart->clearPoints();
    m_batchChart->clearPoints();
    m_metricChart->removeAllSeries();
    m_metrics.clear();
    m_metricChart->setFixedYRange(0, 1.05);
    m_metricChart->chart()->setTitle(tr("Validation metrics"));
    for (LineChart* chart : {m_lossChart, m_metricChart, m_batchChart})
        chart->setMinimumXRange(1, 5);
    m_batchChart->setMinimumXRange(0, 5);
}

void TrainPage::followTrial()
{
    if (!m_job || !m_job->isSearch())
        return;
    const JobProgress progress = m_job->progress();
    if (progress.trial == m_trialShown)
        return;
    // The search moved on: the curves start again with the new combination. What the
    // previous one drew until now may have been mixed with the new one's first epochs.
    m_trialShown = progress.trial;
    clearCurves();
    if (progress.trials > 0)
        m_lossChart->chart()->setTitle(tr("Loss per epoch — combination %1 of %2").arg(progress.trial).arg(progress.trials));
}

void TrainPage::updateSearchResults()
{
    if (!m_job || !m_job->isSearch())
        return;
    m_searchResults->setTrials(m_job->trials(), m_job->selectionMetric());
    m_searchTable->resizeColumnsToContents();
}

void TrainPage::syncFromJob()
{
    if (!m_job)
        return;
    appendEpochs();
    appendLog();
    updateProgress();
    updateSearchResults();
    if (!m_job->isActive())
        showResult();
    updateButtons();
}

void TrainPage::appendEpochs()
{
    if (!m_job)
        return;
    followTrial();
    const QVector<EpochMetrics> history = m_job->history();
    const QString selection = m_job->selectionMetric();
    for (int i = m_epochsShown; i < history.size(); ++i) {
        const EpochMetrics& epoch = history.at(i);
        if (m_metrics.isEmpty()) {
            QStringList keys;
            if (epoch.val.contains(QStringLiteral("accuracy"))) {
                keys = kClassificationMetrics;
                m_metricChart->setFixedYRange(0, 1.05);  // a perfect score stays off the frame
            } else if (epoch.val.contains(QStringLiteral("r2"))) {
                keys = {QStringLiteral("r2")};
                m_metricChart->setAutoYRange();
            }
            int color = 2;
            for (const QString& key : std::as_const(keys)) {
                QLineSeries* series = m_metricChart->addSeries(format::metricName(key), format::seriesColor(color++));
                if (key == selection) {
                    QPen pen = series->pen();
                    pen.setWidthF(3);
                    series->setPen(pen);
                    series->setName(tr("%1 (selects)").arg(format::metricName(key)));
                }
                m_metrics << qMakePair(key, series);
            }
            if (!selection.isEmpty())
                m_metricChart->chart()->setTitle(tr("Validation metrics — best epoch picked by %1").arg(format::metricName(selection)));
        }
        m_lossChart->append(m_trainLoss, epoch.epoch, epoch.trainLoss);
        m_lossChart->append(m_valLoss, epoch.epoch, epoch.valLoss);
        for (const auto& [key, series] : std::as_const(m_metrics)) {
            if (epoch.val.contains(key))
                m_metricChart->append(series, epoch.epoch, epoch.val.value(key));
        }
        m_metricChart->setMinimumXRange(1, std::max(5, epoch.epoch));
    }
    m_epochsShown = int(history.size());
}

void TrainPage::appendLog()
{
    if (!m_job)
        return;
    const QStringList lines = m_job->log();
    for (int i = m_logShown; i < lines.size(); ++i)
        m_log->appendPlainText(lines.at(i));
    m_logShown = int(lines.size());
}

void TrainPage::onBatch(const BatchProgress& batch)
{
    if (batch.batches <= 0)
        return;
    followTrial();
    const double x = (batch.epoch - 1) + double(batch.batch) / double(batch.batches);
    if (x > m_lastBatchX) {
        m_batchChart->append(m_batchLoss, x, batch.loss);
        m_lastBatchX = x;
    }
}

void TrainPage::updateProgress()
{
    if (!m_job)
        return;
    const JobProgress progress = m_job->progress();
    const JobState state = m_job->state();
    m_jobState->setText(QStringLiteral("<b style='color:%1'>%2</b>").arg(stateColor(state), toString(state)));
    switch (state) {
    case JobState::Queued:
        m_progress->setFormat(tr("Waiting for a free training slot…"));
        m_speed->clear();
        break;
    case JobState::Running: {
        const QString trial = progress.trials > 0 ? tr("Combination %1 of %2  ·  ").arg(progress.trial).arg(progress.trials) : QString();
        m_progress->setValue(int(std::lround(progress.fraction() * 1000)));
        if (progress.refitEpochs > 0)
            m_progress->setFormat(trial + tr("Refitting on training + validation  ·  epoch %1 of %2  ·  %p%").arg(progress.epoch).arg(progress.refitEpochs));
        else if (progress.maxEpochs > 0)
            m_progress->setFormat(trial + tr("Epoch %1 of at most %2  ·  %p%").arg(std::max(1, progress.epoch)).arg(progress.maxEpochs));
        else
            m_progress->setFormat(trial + tr("Preparing the data…"));
        if (progress.samplesPerSecond > 0) {
            m_speed->setText(tr("%1 samples/s  ·  ETA %2").arg(format::count(progress.samplesPerSecond), format::duration(progress.etaSeconds)));
        }
        break;
    }
    case JobState::Finished:
        m_progress->setValue(1000);
        m_progress->setFormat(m_job->isSearch() ? tr("Done: %1").arg(format::plural(m_job->trials().size(), tr("combination"), tr("combinations")))
                                                : tr("Done: %1").arg(format::plural(m_job->history().size(), tr("epoch"), tr("epochs"))));
        m_speed->clear();
        break;
    case JobState::Failed:
        m_progress->setFormat(tr("Failed"));
        m_speed->clear();
        break;
    case JobState::Cancelled:
        m_progress->setFormat(m_job->isSearch() ? tr("Stopped after %1").arg(format::plural(m_job->trials().size(), tr("combination"), tr("combinations")))
                                                : tr("Stopped after %1").arg(format::plural(m_job->history().size(), tr("epoch"), tr("epochs"))));
        m_speed->clear();
        break;
    }
}

void TrainPage::onJobFinished()
{
    appendEpochs();
    appendLog();
    updateProgress();
    updateSearchResults();
    showResult();
    updateButtons();
    updateJobList();
    if (m_job && m_job->state() == JobState::Failed)
        Q_EMIT errorOccurred((m_job->isSearch() ? tr("Grid search on %1 failed: %2") : tr("Training %1 failed: %2")).arg(m_job->request().dataset, m_job->error()));
}

void TrainPage::showResult()
{
    if (!m_job)
        return;
    const JobState state = m_job->state();
    QString border = QStringLiteral("#2e7d32");
    QString background = QStringLiteral("#edf7ee");
    m_resultRef.clear();
    if (state == JobState::Finished && m_job->isSearch()) {
        const TrainOutcome outcome = m_job->outcome();
        m_resultRef = outcome.version.ref();
        const QVector<GridTrial> trials = m_job->trials();
        const auto best = std::find_if(trials.cbegin(), trials.cend(), [&outcome](const GridTrial& trial) { return trial.run.id == outcome.run.id; });
        QString text = tr("Grid search: registered the best combination as <b>%1</b>").arg(m_resultRef);
        if (best != trials.cend())
            text += QStringLiteral(" <span style='color:#555'>(%1)</span>").arg(best->overrides.join(QStringLiteral(", ")).toHtmlEscaped());
        text += QStringLiteral("<br>") + tr("Test set: %1").arg(format::reportLine(outcome.version.metrics.value(QStringLiteral("test")).toObject()));
        text += QStringLiteral("<br><span style='color:#555'>%1</span>")
                    .arg(tr("%1 trained · best by validation %2 · run %3")
                             .arg(format::plural(trials.size(), tr("combination"), tr("combinations")), format::metricName(m_job->selectionMetric()))
                             .arg(outcome.run.id));
        m_resultText->setText(text);
    } else if (state == JobState::Finished) {
        const TrainOutcome outcome = m_job->outcome();
        m_resultRef = outcome.version.ref();
        const QJsonObject test = outcome.version.metrics.value(QStringLiteral("test")).toObject();
        QString text = outcome.cached ? tr("<b>Reused</b> the identical run %1: model <b>%2</b>").arg(outcome.run.id).arg(m_resultRef)
                                      : tr("Registered <b>%1</b>").arg(m_resultRef);
        text += QStringLiteral("<br>") + tr("Test set: %1").arg(format::reportLine(test));
        text += QStringLiteral("<br><span style='color:#555'>%1</span>")
                    .arg(tr("best epoch %1 of %2 · %3 · run %4")
                             .arg(outcome.run.bestEpoch)
                             .arg(outcome.run.epochsRun)
                             .arg(format::duration(outcome.run.durationSeconds))
                             .arg(outcome.run.id));
        if (outcome.version.metrics.contains(QStringLiteral("refit")))
            text += QStringLiteral("<br><span style='color:#555'>%1</span>")
                        .arg(tr("The model kept was refitted on training + validation; validation figures are the first model's."));
        m_resultText->setText(text);
    } else if (state == JobState::Failed) {
        border = QStringLiteral("#c62828");
        background = QStringLiteral("#fdecea");
        m_resultText->setText(tr("<b>Training failed</b><br>%1").arg(m_job->error().toHtmlEscaped()));
    } else if (state == JobState::Cancelled) {
        border = QStringLiteral("#9e9e9e");
        background = QStringLiteral("#f3f3f3");
        m_resultText->setText(m_job->isSearch()
                                  ? tr("<b>Stopped</b> after %1; nothing was registered.").arg(format::plural(m_job->trials().size(), tr("finished combination"), tr("finished combinations")))
                                  : tr("<b>Stopped</b> after %1; nothing was registered.").arg(format::plural(m_job->history().size(), tr("epoch"), tr("epochs"))));
    } else {
        m_result->hide();
        return;
    }
    m_result->setStyleSheet(QStringLiteral("#trainResult { background: %1; border: 1px solid %2; border-left: 4px solid %2; }").arg(background, border));
    m_viewModel->setVisible(!m_resultRef.isEmpty());
    m_result->show();
}

void TrainPage::updateJobList()
{
    const QList<TrainingJob*> jobs = m_jobs->jobs();
    for (int i = 0; i < jobs.size(); ++i) {
        TrainingJob* job = jobs.at(i);
        const JobProgress progress = job->progress();
        QString text = QStringLiteral("#%1  %2  ·  %3").arg(i + 1).arg(progress.dataset, toString(job->state()));
        if (job->state() == JobState::Running && progress.maxEpochs > 0)
            text += QStringLiteral(" %1%").arg(int(progress.fraction() * 100));
        if (job->isSearch())
            text += tr("  (grid search)");
        if (job->request().source != QLatin1String("gui"))
            text += QStringLiteral("  (%1)").arg(job->request().source);
        const int index = m_jobBox->findData(job->id());
        if (index >= 0) {
            if (m_jobBox->itemText(index) != text)
                m_jobBox->setItemText(index, text);
        } else {
            m_jobBox->insertItem(0, text, job->id());
        }
    }
    if (m_job) {
        const int index = m_jobBox->findData(m_job->id());
        if (index >= 0 && index != m_jobBox->currentIndex())
            m_jobBox->setCurrentIndex(index);
    }
}

}  // namespace mb::ui
