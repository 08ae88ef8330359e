#include "DatasetsPage.h"

#include "BackgroundTask.h"
#include "CanonicalCsv.h"
#include "ClassDistributionChart.h"
#include "DatasetCatalog.h"
#include "DatasetListModel.h"
#include "DatasetStepReporter.h"
#include "DatasetTableModel.h"
#include "DatasetVersionListModel.h"
#include "Error.h"
#include "Format.h"
#include "ImageThumbnailModel.h"
#include "ImportDialog.h"
#include "PageHeader.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QListView>
#include <QProgressBar>
#include <QSaveFile>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

void setUpListTable(QTableView* table)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(24);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setStretchLastSection(true);
}

QString splitLine(const DatasetVersion& version)
{
    const auto counts = DatasetSplitter::counts(version.split);
    return QObject::tr("train %1 · val %2 · test %3").arg(format::count(double(counts[0])), format::count(double(counts[1])),
                                                          format::count(double(counts[2])));
}

// What an import made, for the status bar.
QString committedNotice(const CommittedVersion& committed)
{
    return committed.created ? QObject::tr("Stored %1 (%2 rows).").arg(committed.info.ref(), format::count(double(committed.info.rows)))
                             : QObject::tr("Identical data is already stored as %1.").arg(committed.info.ref());
}

}  // namespace

DatasetsPage::DatasetsPage(std::shared_ptr<const Workspace> workspace, QWidget* parent)
    : QWidget(parent),
      m_workspace(std::move(workspace)),
      m_model(new DatasetListModel(this)),
      m_table(new QTableView(this)),
      m_versions(new DatasetVersionListModel(this)),
      m_versionTable(new QTableView(this)),
      m_rows(new DatasetTableModel(this)),
      m_chart(new ClassDistributionChart(this)),
      m_thumbnails(new ImageThumbnailModel(m_workspace, this)),
      m_thumbnailFilter(new QSortFilterProxyModel(this)),
      m_tabs(new QTabWidget(this)),
      m_summary(new QLabel(this)),
      m_emptyState(new QLabel(this)),
      m_content(new QStackedWidget(this)),
      m_taskLabel(new QLabel(this)),
      m_taskBar(new QProgressBar(this))
{
    auto* header = new PageHeader(tr("Datasets"), tr("Imported data, each with its immutable versions."), this);
    m_import = header->addAction(tr("Import…"), QKeySequence(Qt::CTRL | Qt::Key_I));
    m_import->setObjectName(QStringLiteral("importAction"));
    m_gestures = header->addAction(tr("Generate gestures…"));
    m_gestures->setObjectName(QStringLiteral("gesturesAction"));
    m_gestures->setToolTip(tr("Make the 16 built-in pen gestures as an image and a trajectory dataset"));
    m_debian = header->addAction(tr("Import Debian catalogue"));
    m_debian->setObjectName(QStringLiteral("debianAction"));
    m_debian->setToolTip(tr("Every package apt knows (apt-cache dumpavail) as a text dataset labelled by section"));
    m_export = header->addAction(tr("Export CSV…"));
    m_export->setObjectName(QStringLiteral("exportAction"));
    m_export->setToolTip(tr("Write the selected version's rows, with a split column, as a CSV file"));
    connect(header->addAction(tr("Refresh"), QKeySequence::Refresh), &QAction::triggered, this, &DatasetsPage::refresh);
    connect(m_import, &QAction::triggered, this, &DatasetsPage::openImportDialog);
    connect(m_gestures, &QAction::triggered, this, &DatasetsPage::onGestures);
    connect(m_debian, &QAction::triggered, this, &DatasetsPage::onDebian);
    connect(m_export, &QAction::triggered, this, &DatasetsPage::onExport);

    m_table->setObjectName(QStringLiteral("datasetTable"));
    m_table->setModel(m_model);
    setUpListTable(m_table);
    m_table->horizontalHeader()->setSectionResizeMode(DatasetListModel::Name, QHeaderView::ResizeToContents);
    m_table->setColumnHidden(DatasetListModel::Updated, true);

    m_versionTable->setObjectName(QStringLiteral("versionTable"));
    m_versionTable->setModel(m_versions);
    setUpListTable(m_versionTable);

    m_taskLabel->setObjectName(QStringLiteral("datasetTask"));
    m_taskBar->setObjectName(QStringLiteral("datasetTaskProgress"));
    m_taskBar->setMaximumWidth(240);
    m_taskBar->setTextVisible(false);
    auto* taskRow = new QHBoxLayout;
    taskRow->addWidget(m_taskLabel, 1);
    taskRow->addWidget(m_taskBar);
    setTask(QString());

    m_emptyState->setObjectName(QStringLiteral("datasetsEmptyState"));
    m_emptyState->setAlignment(Qt::AlignCenter);
    m_emptyState->setWordWrap(true);
    m_emptyState->setText(tr("<h3>No datasets yet</h3><p>Import a CSV file or an image folder, generate the built-in pen "
                             "gestures, or import the Debian package catalogue.</p>"));

    // Left: datasets over the selected one's versions. Right: the selected version.
    auto* left = new QSplitter(Qt::Vertical, this);
    auto* datasetsBox = new QWidget(left);
    auto* datasetsLayout = new QVBoxLayout(datasetsBox);
    datasetsLayout->setContentsMargins(0, 0, 0, 0);
    datasetsLayout->addWidget(new QLabel(tr("<b>Datasets</b>"), datasetsBox));
    datasetsLayout->addWidget(m_table, 1);
    auto* versionsBox = new QWidget(left);
    auto* versionsLayout = new QVBoxLayout(versionsBox);
    versionsLayout->setContentsMargins(0, 0, 0, 0);
    versionsLayout->addWidget(new QLabel(tr("<b>Versions</b> <span style='color:#6b6b6b'>— immutable, named by the hash of their content</span>"), versionsBox));
    versionsLayout->addWidget(m_versionTable, 1);
    left->addWidget(datasetsBox);
    left->addWidget(versionsBox);
    left->setChildrenCollapsible(false);

    m_summary->setObjectName(QStringLiteral("versionSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tabs->setObjectName(QStringLiteral("versionTabs"));
    m_tabs->addTab(buildRowsTab(), tr("Rows"));
    m_tabs->addTab(buildDistributionTab(), tr("Distribution"));
    m_tabs->addTab(buildImagesTab(), tr("Images"));
    m_tabs->setTabEnabled(ImagesTab, false);  // until an image version is shown
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_summary);
    rightLayout->addWidget(m_tabs, 1);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({480, 720});
    splitter->setChildrenCollapsible(false);

    m_content->addWidget(m_emptyState);
    m_content->addWidget(splitter);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(header);
    layout->addLayout(taskRow);
    layout->addWidget(m_content, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DatasetsPage::showVersions);
    connect(m_versionTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DatasetsPage::loadSelectedVersion);
    refresh();
}

QWidget* DatasetsPage::buildRowsTab()
{
    m_rowsView = new QTableView(this);
    m_rowsView->setObjectName(QStringLiteral("rowsView"));
    m_rowsView->setModel(m_rows);
    m_rowsView->setAlternatingRowColors(true);
    m_rowsView->setWordWrap(false);
    m_rowsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Fixed heights and content sizing from a sample keep 100,000 rows as cheap as 100.
    m_rowsView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_rowsView->verticalHeader()->setDefaultSectionSize(22);
    m_rowsView->horizontalHeader()->setResizeContentsPrecision(50);
    m_rowsView->horizontalHeader()->setMaximumSectionSize(360);  // long texts and image hashes
    m_rowsView->horizontalHeader()->setHighlightSections(false);
    return m_rowsView;
}

QWidget* DatasetsPage::buildDistributionTab()
{
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_chart);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

QWidget* DatasetsPage::buildImagesTab()
{
    auto* page = new QWidget(this);
    m_classFilter = new QComboBox(page);
    m_classFilter->setObjectName(QStringLiteral("classFilter"));
    m_classFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_classFilter, &QComboBox::currentIndexChanged, this, &DatasetsPage::applyClassFilter);

    m_thumbnailFilter->setSourceModel(m_thumbnails);
    m_thumbnailFilter->setFilterRole(ImageThumbnailModel::LabelRole);
    m_thumbnailView = new QListView(page);
    m_thumbnailView->setObjectName(QStringLiteral("thumbnailView"));
    m_thumbnailView->setModel(m_thumbnailFilter);
    m_thumbnailView->setViewMode(QListView::IconMode);
    m_thumbnailView->setIconSize(QSize(ImageThumbnailModel::kThumbnailSize, ImageThumbnailModel::kThumbnailSize));
    m_thumbnailView->setGridSize(QSize(ImageThumbnailModel::kThumbnailSize + 28, ImageThumbnailModel::kThumbnailSize + 30));
    m_thumbnailView->setUniformItemSizes(true);
    m_thumbnailView->setResizeMode(QListView::Adjust);
    m_thumbnailView->setMovement(QListView::Static);
    m_thumbnailView->setLayoutMode(QListView::Batched);
    m_thumbnailView->setBatchSize(500);
    m_thumbnailView->setSelectionMode(QAbstractItemView::ExtendedSelection);

    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(new QLabel(tr("Class:"), page));
    filterRow->addWidget(m_classFilter);
    filterRow->addStretch(1);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(filterRow);
    layout->addWidget(m_thumbnailView, 1);
    return page;
}

QString DatasetsPage::selectedDataset() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_model->dataset(rows.first().row()).name;
}

void DatasetsPage::refresh()
{
    const QString keep = m_pendingRef.isEmpty() ? selectedDataset() : m_pendingRef.section(QLatin1Char('@'), 0, 0);
    QVector<DatasetSummary> datasets;
    try {
        datasets = DatasetCatalog(*m_workspace).list();
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
    }
    {
        // Re-selecting below is what shows the versions; no need to react to the reset.
        const QSignalBlocker blocker(m_table->selectionModel());
        m_model->setDatasets(datasets);
    }
    m_content->setCurrentWidget(m_model->rowCount() == 0 ? static_cast<QWidget*>(m_emptyState) : m_content->widget(1));
    int row = 0;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        if (m_model->dataset(r).name == keep)
            row = r;
    }
    // Selecting emits selectionChanged (the reset cleared it), which shows the versions.
    if (m_model->rowCount() > 0)
        m_table->selectRow(row);
    else
        showVersions();
}

void DatasetsPage::showVersions()
{
    const QString dataset = selectedDataset();
    QVector<DatasetVersionInfo> versions;
    if (!dataset.isEmpty()) {
        try {
            versions = DatasetCatalog(*m_workspace).versions(dataset);
        } catch (const Error& error) {
            Q_EMIT errorOccurred(error.message());
        }
    }
    QString wanted = m_pendingRef;
    m_pendingRef.clear();
    if (wanted.isEmpty() || !wanted.contains(QLatin1Char('@'))) {
        // The version on show if it is still there, else the newest.
        wanted = m_current && m_current->info.dataset == dataset ? m_current->info.ref() : QString();
    }
    {
        const QSignalBlocker blocker(m_versionTable->selectionModel());
        m_versions->setVersions(versions);
    }
    m_versionTable->resizeColumnsToContents();
    const int row = m_versions->rowOf(wanted);
    if (m_versions->rowCount() > 0)
        m_versionTable->selectRow(row >= 0 ? row : 0);  // loads it through selectionChanged
    else
        loadSelectedVersion();
}

bool DatasetsPage::selectVersion(const QString& ref)
{
    const QString dataset = ref.section(QLatin1Char('@'), 0, 0);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->dataset(row).name != dataset)
            continue;
        m_pendingRef = ref;
        if (selectedDataset() == dataset)
            showVersions();
        else
            m_table->selectRow(row);
        return !ref.contains(QLatin1Char('@')) || m_versions->rowOf(ref) >= 0;
    }
    return false;
}

void DatasetsPage::loadSelectedVersion()
{
    const QModelIndexList rows = m_versionTable->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        ++m_loadGeneration;
        m_loading = false;
        showVersion(LoadedVersion{});
        return;
    }
    const DatasetVersionInfo info = m_versions->version(rows.first().row());
    const quint64 generation = ++m_loadGeneration;
    if (m_current && m_current->info.hash == info.hash && m_current->info.ref() == info.ref()) {
        // Already on show (a refresh re-selected it); a load still under way is dropped.
        m_loading = false;
        if (!m_taskRunning)
            setTask(QString());
        return;
    }
    m_loading = true;
    if (!m_taskRunning)
        setTask(tr("Loading %1 (%2 rows)…").arg(info.ref(), format::count(double(info.rows))));
    const std::shared_ptr<const Workspace> workspace = m_workspace;
    runInBackground<LoadedVersion>(
        this, m_workspace,
        [workspace, info] {
            auto version = std::make_shared<DatasetVersion>(DatasetCatalog(*workspace).load(info));
            LoadedVersion loaded;
            loaded.distribution = ClassDistribution::of(*version);
            loaded.version = std::move(version);
            return loaded;
        },
        [this, generation](const LoadedVersion& loaded) {
            if (generation != m_loadGeneration)
                return;
            m_loading = false;
            if (!m_taskRunning)
                setTask(QString());
            showVersion(loaded);
            Q_EMIT versionLoaded(loaded.version->info.ref());
        },
        [this, generation, info](const QString& message) {
            if (generation != m_loadGeneration)
                return;
            m_loading = false;
            if (!m_taskRunning)
                setTask(QString());
            showVersion(LoadedVersion{});
            Q_EMIT errorOccurred(tr("Could not load %1: %2").arg(info.ref(), message));
        });
}

void DatasetsPage::showVersion(const LoadedVersion& loaded)
{
    m_current = loaded.version;
    m_rows->setVersion(m_current);
    if (m_current)
        m_rowsView->resizeColumnsToContents();
    const bool images = m_current && m_current->info.kind == DatasetKind::Image;
    m_thumbnails->setVersion(images ? *m_current : DatasetVersion{});
    {
        const QSignalBlocker blocker(m_classFilter);
        m_classFilter->clear();
        m_classFilter->addItem(tr("All classes"));
        m_classFilter->addItems(m_thumbnails->labels());
    }
    applyClassFilter();
    // Image data is shown as pictures first: its rows are only hashes and paths.
    const bool imagesBefore = m_tabs->isTabEnabled(ImagesTab);
    m_tabs->setTabEnabled(ImagesTab, images);
    if (!images && m_tabs->currentIndex() == ImagesTab)
        m_tabs->setCurrentIndex(RowsTab);
    else if (images && !imagesBefore && m_tabs->currentIndex() == RowsTab)
        m_tabs->setCurrentIndex(ImagesTab);

    if (!m_current) {
        m_summary->clear();
        m_chart->clear();
        updateActions();
        return;
    }
    const DatasetVersion& v = *m_current;
    const QString label = v.schema.labelColumn();
    m_chart->setDistribution(loaded.distribution, v.schema.labelKind == LabelKind::Regression
                                                      ? tr("Distribution of %1 by split").arg(label)
                                                      : tr("Rows per class of %1 by split").arg(label));
    QString summary = tr("<b>%1</b> · %2 %3 · %4 · %5 on <b>%6</b> · %7")
                          .arg(v.info.ref().toHtmlEscaped(), format::plural(v.info.rows, tr("row"), tr("rows")),
                               format::plural(v.info.columns, tr("column"), tr("columns")), toString(v.schema.kind),
                               toString(v.schema.labelKind), label.toHtmlEscaped(), splitLine(v));
    const QJsonArray notices = v.info.metadata.value(QStringLiteral("notices")).toArray();
    for (const QJsonValue& notice : notices)
        summary += QStringLiteral("<br><span style='color:#6b6b6b'>%1</span>").arg(notice.toString().toHtmlEscaped());
    m_summary->setText(summary);
    updateActions();
}

void DatasetsPage::applyClassFilter()
{
    const int index = m_classFilter->currentIndex();
    m_thumbnailFilter->setFilterRegularExpression(
        index <= 0 ? QRegularExpression()
                   : QRegularExpression(QStringLiteral("^%1$").arg(QRegularExpression::escape(m_classFilter->currentText()))));
}

void DatasetsPage::updateActions()
{
    m_import->setEnabled(!m_taskRunning);
    m_gestures->setEnabled(!m_taskRunning);
    m_debian->setEnabled(!m_taskRunning);
    m_export->setEnabled(!m_taskRunning && m_current != nullptr);
}

void DatasetsPage::setTask(const QString& text, int percent)
{
    m_taskLabel->setText(text);
    m_taskLabel->setVisible(!text.isEmpty());
    m_taskBar->setVisible(!text.isEmpty());
    if (percent < 0) {
        m_taskBar->setRange(0, 0);  // busy, no measure of how far
    } else {
        m_taskBar->setRange(0, 100);
        m_taskBar->setValue(percent);
    }
}

void DatasetsPage::runTask(const QString& text, std::function<TaskOutcome(const DatasetWriter::StepObserver&)> work)
{
    if (m_taskRunning) {
        Q_EMIT errorOccurred(tr("Another dataset task is still running."));
        return;
    }
    m_taskRunning = true;
    updateActions();
    setTask(text);
    const DatasetWriter::StepObserver observer = stepReporter(this, [this, text](int percent, const QString& step) {
        setTask(QStringLiteral("%1 %2").arg(text, step), percent);
    });
    const auto finish = [this] {
        m_taskRunning = false;
        setTask(m_loading ? tr("Loading…") : QString());
        updateActions();
    };
    runInBackground<TaskOutcome>(
        this, m_workspace, [work, observer] { return work(observer); },
        [this, finish](const TaskOutcome& outcome) {
            finish();
            Q_EMIT noticeOccurred(outcome.notice);
            if (!outcome.select.isEmpty())
                m_pendingRef = outcome.select;
            refresh();
            Q_EMIT taskFinished();
        },
        [this, finish](const QString& message) {
            finish();
            Q_EMIT errorOccurred(message);
            Q_EMIT taskFinished();
        });
}

void DatasetsPage::generateGestures(const GestureDatasetOptions& options)
{
    const std::shared_ptr<const Workspace> workspace = m_workspace;
    runTask(tr("Generating %1 pen gestures…").arg(format::count(16.0 * options.perClass)),
            [workspace, options](const DatasetWriter::StepObserver& observer) {
                const GestureDatasetsResult result = GestureDatasets(*workspace).generate(options, observer);
                return TaskOutcome{tr("Gestures: %1 %2").arg(committedNotice(result.images), committedNotice(result.trajectories)),
                                   result.images.info.ref()};
            });
}

void DatasetsPage::importDebianCatalog(const DebianCatalogOptions& options)
{
    const std::shared_ptr<const Workspace> workspace = m_workspace;
    runTask(tr("Reading the package catalogue (apt-cache dumpavail)…"), [workspace, options](const DatasetWriter::StepObserver& observer) {
        const CommittedVersion committed = DebianCatalog(*workspace).import(options, observer);
        return TaskOutcome{committedNotice(committed), committed.info.ref()};
    });
}

void DatasetsPage::exportCsv(const QString& path)
{
    if (!m_current) {
        Q_EMIT errorOccurred(tr("Export: select a dataset version first."));
        return;
    }
    const std::shared_ptr<const DatasetVersion> version = m_current;
    runTask(tr("Writing %1 to %2…").arg(version->info.ref(), QDir::toNativeSeparators(path)), [version, path](const DatasetWriter::StepObserver&) {
        // The rows as stored, plus each row's split, as `dataset export --with-split` writes them.
        DataTable table = version->table;
        DataColumn split;
        split.name = QStringLiteral("split");
        split.type = ColumnType::Text;
        for (Split s : version->split)
            split.texts << DatasetSplitter::name(s);
        table.columns << split;
        const QByteArray csv = CanonicalCsv::write(table);
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size() || !file.commit())
            throw Error(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        return TaskOutcome{tr("Wrote %1 rows of %2 to %3.").arg(format::count(double(table.rowCount())), version->info.ref(), path), QString()};
    });
}

ImportDialog* DatasetsPage::openImportDialog()
{
    auto* dialog = new ImportDialog(m_workspace, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ImportDialog::imported, this, [this, dialog](const QString& ref) {
        Q_EMIT noticeOccurred(committedNotice(dialog->result()));
        m_pendingRef = ref;
        refresh();
    });
    dialog->open();
    return dialog;
}

void DatasetsPage::onGestures()
{
    bool ok = false;
    const int perClass = QInputDialog::getInt(this, tr("Generate gestures"),
                                              tr("Samples per gesture class (16 classes; the same number and seed give the same data):"),
                                              GestureDatasetOptions{}.perClass, 1, 100000, 10, &ok);
    if (!ok)
        return;
    GestureDatasetOptions options;
    options.perClass = perClass;
    generateGestures(options);
}

void DatasetsPage::onDebian()
{
    importDebianCatalog(DebianCatalogOptions{});
}

void DatasetsPage::onExport()
{
    if (!m_current)
        return;
    const QString suggested = QDir::home().filePath(QStringLiteral("%1-%2.csv").arg(m_current->info.dataset).arg(m_current->info.number));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export %1 as CSV").arg(m_current->info.ref()), suggested, tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportCsv(path);
}

}  // namespace mb::ui
