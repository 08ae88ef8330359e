#include "InspectPage.h"

#include "BackgroundTask.h"
#include "ClassMetricsChart.h"
#include "ConfusionMatrixView.h"
#include "DatasetCatalog.h"
#include "FeedbackStore.h"
#include "Format.h"
#include "GesturePlayground.h"
#include "ModelEvaluator.h"
#include "ModelRegistry.h"
#include "PageHeader.h"
#include "PredictionFilterModel.h"
#include "PredictionTableModel.h"
#include "TextPlayground.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

const int kThumbnailSize = 40;
const int kMaxThumbnails = 20000;   // beyond that the table shows hashes only

struct LoadedInspection {
    Inspection inspection;
    QVector<QImage> thumbnails;
};

QVector<QImage> thumbnailsOf(const QVector<QByteArray>& images)
{
    QVector<QImage> out;
    if (images.size() > kMaxThumbnails)
        return out;
    out.reserve(images.size());
    for (const QByteArray& bytes : images) {
        const QImage image = QImage::fromData(bytes);
        out << (image.isNull() ? QImage() : image.scaled(kThumbnailSize, kThumbnailSize, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    }
    return out;
}

}  // namespace

InspectPage::InspectPage(std::shared_ptr<const Workspace> workspace, QWidget* parent)
    : QWidget(parent),
      m_workspace(std::move(workspace)),
      m_versionBox(new QComboBox(this)),
      m_datasetBox(new QComboBox(this)),
      m_splitBox(new QComboBox(this)),
      m_evaluate(new QPushButton(tr("Evaluate"), this)),
      m_headline(new QLabel(this)),
      m_tabs(new QTabWidget(this)),
      m_confusion(new ConfusionMatrixView(this)),
      m_classChart(new ClassMetricsChart(this)),
      m_predictions(new PredictionTableModel(this)),
      m_filter(new PredictionFilterModel(this)),
      m_table(new QTableView(this)),
      m_showBox(new QComboBox(this)),
      m_threshold(new QDoubleSpinBox(this)),
      m_search(new QLineEdit(this)),
      m_cellLabel(new QLabel(this)),
      m_clearCell(new QPushButton(tr("Show all cells"), this)),
      m_relabel(new QPushButton(tr("Relabel…"), this)),
      m_applyFeedback(new QPushButton(tr("Add corrections to dataset"), this)),
      m_gestures(new GesturePlayground(m_workspace, this)),
      m_text(new TextPlayground(m_workspace, this))
{
    setObjectName(QStringLiteral("inspectPage"));
    m_versionBox->setObjectName(QStringLiteral("inspectVersion"));
    m_versionBox->setMinimumContentsLength(24);
    m_datasetBox->setObjectName(QStringLiteral("inspectDataset"));
    m_datasetBox->setMinimumContentsLength(20);
    m_splitBox->setObjectName(QStringLiteral("inspectSplit"));
    m_splitBox->addItem(tr("test"), QStringLiteral("test"));
    m_splitBox->addItem(tr("validation"), QStringLiteral("val"));
    m_splitBox->addItem(tr("train"), QStringLiteral("train"));
    m_splitBox->addItem(tr("all rows"), QStringLiteral("all"));
    m_evaluate->setObjectName(QStringLiteral("evaluateButton"));
    m_evaluate->setToolTip(tr("Score this version on every row of the dataset version and keep the predictions"));
    m_evaluate->hide();
    m_headline->setObjectName(QStringLiteral("inspectHeadline"));
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* header = new PageHeader(tr("Inspect"), tr("Where a model is right and wrong, and what it says to new input."), this);
    connect(header->addAction(tr("Refresh"), QKeySequence::Refresh), &QAction::triggered, this, &InspectPage::refresh);

    m_tabs->setObjectName(QStringLiteral("inspectTabs"));
    m_tabs->addTab(buildEvaluationTab(), tr("Evaluation"));
    m_tabs->addTab(m_gestures, tr("Gesture pad"));
    m_tabs->addTab(m_text, tr("Text playground"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_tabs->widget(index) == m_gestures)
            m_gestures->refresh();
        else if (m_tabs->widget(index) == m_text)
            m_text->refresh();
    });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(header);
    layout->addWidget(m_tabs, 1);

    connect(m_versionBox, &QComboBox::currentIndexChanged, this, &InspectPage::onVersionChanged);
    connect(m_datasetBox, &QComboBox::currentIndexChanged, this, &InspectPage::load);
    connect(m_splitBox, &QComboBox::currentIndexChanged, this, &InspectPage::load);
    connect(m_evaluate, &QPushButton::clicked, this, &InspectPage::evaluate);
    connect(m_confusion, &ConfusionMatrixView::cellClicked, this, &InspectPage::onCellClicked);
}

QWidget* InspectPage::buildEvaluationTab()
{
    m_confusion->setTitle(tr("Confusion matrix (click a cell to list its rows)"));
    m_confusion->setEmptyText(tr("Pick a classifier version."));
    auto* chartScroll = new QScrollArea(this);
    chartScroll->setWidget(m_classChart);
    chartScroll->setWidgetResizable(true);
    chartScroll->setFrameShape(QFrame::NoFrame);
    auto* confusionScroll = new QScrollArea(this);
    confusionScroll->setWidget(m_confusion);
    confusionScroll->setWidgetResizable(true);
    confusionScroll->setFrameShape(QFrame::NoFrame);

    auto* top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(confusionScroll);
    top->addWidget(chartScroll);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);
    top->setSizes({700, 460});

    m_filter->setSourceModel(m_predictions);
    m_table->setObjectName(QStringLiteral("predictionTable"));
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(PredictionTableModel::Row, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(PredictionTableModel::Input, QHeaderView::Stretch);
    m_table->setIconSize(QSize(kThumbnailSize, kThumbnailSize));

    m_showBox->setObjectName(QStringLiteral("showBox"));
    m_showBox->addItem(tr("All rows"), int(PredictionFilterModel::Show::All));
    m_showBox->addItem(tr("Misclassified"), int(PredictionFilterModel::Show::Misclassified));
    m_showBox->addItem(tr("Low confidence"), int(PredictionFilterModel::Show::LowConfidence));
    connect(m_showBox, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setShow(PredictionFilterModel::Show(m_showBox->currentData().toInt()));
        m_threshold->setEnabled(m_filter->show() == PredictionFilterModel::Show::LowConfidence);
        updateCellLabel();
    });
    m_threshold->setRange(0.05, 1.0);
    m_threshold->setSingleStep(0.05);
    m_threshold->setValue(m_filter->threshold());
    m_threshold->setPrefix(tr("below "));
    m_threshold->setEnabled(false);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        m_filter->setThreshold(value);
        updateCellLabel();
    });
    m_search->setPlaceholderText(tr("Search inputs…"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_filter->setSearch(text);
        updateCellLabel();
    });
    m_cellLabel->setObjectName(QStringLiteral("cellLabel"));
    m_clearCell->hide();
    connect(m_clearCell, &QPushButton::clicked, this, [this] {
        m_filter->clearCell();
        updateCellLabel();
    });

    auto* filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Show:"), this));
    filters->addWidget(m_showBox);
    filters->addWidget(m_threshold);
    filters->addWidget(m_search, 1);
    filters->addWidget(m_cellLabel);
    filters->addWidget(m_clearCell);

    m_relabel->setObjectName(QStringLiteral("relabelButton"));
    m_relabel->setToolTip(tr("Give the selected row its right label; it is kept as feedback for the next training"));
    m_relabel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_applyFeedback->setObjectName(QStringLiteral("applyFeedbackButton"));
    m_applyFeedback->setToolTip(tr("Make a new version of the dataset with the corrected labels, ready to train on"));
    connect(m_relabel, &QPushButton::clicked, this, &InspectPage::onRelabel);
    connect(m_applyFeedback, &QPushButton::clicked, this, &InspectPage::applyFeedback);
    connect(m_table, &QTableView::doubleClicked, this, &InspectPage::onRelabel);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &InspectPage::updateFeedbackActions);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_relabel);
    actions->addStretch(1);
    actions->addWidget(m_applyFeedback);

    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addLayout(filters);
    bottomLayout->addWidget(m_table, 1);
    bottomLayout->addLayout(actions);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({560, 360});

    auto* picker = new QHBoxLayout;
    picker->addWidget(new QLabel(tr("Model version:"), this));
    picker->addWidget(m_versionBox);
    picker->addSpacing(12);
    picker->addWidget(new QLabel(tr("Data:"), this));
    picker->addWidget(m_datasetBox);
    picker->addWidget(m_splitBox);
    picker->addWidget(m_evaluate);
    picker->addStretch(1);

    auto* tab = new QWidget(this);
    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(picker);
    layout->addWidget(m_headline);
    layout->addWidget(split, 1);
    return tab;
}

void InspectPage::refresh()
{
    const QString selected = m_versionBox->currentData().toString();
    const QString dataset = m_datasetBox->currentData().toString();
    try {
        m_versions.clear();
        const ModelRegistry registry(*m_workspace);
        for (const ModelSummary& model : registry.list()) {
            if (model.task != QLatin1String("classification"))
                continue;
            QVector<ModelVersionInfo> versions = registry.versions(model.name);
            for (auto it = versions.crbegin(); it != versions.crend(); ++it)
                m_versions << *it;
        }
        QStringList datasets;
        const DatasetCatalog catalog(*m_workspace);
        for (const DatasetSummary& summary : catalog.list()) {
            if (summary.labelKind != QLatin1String("classification"))
                continue;
            for (const DatasetVersionInfo& version : catalog.versions(summary.name))
                datasets << version.ref();
        }
        const QSignalBlocker blockDatasets(m_datasetBox);
        m_datasetBox->clear();
        for (const QString& ref : std::as_const(datasets))
            m_datasetBox->addItem(ref, ref);
        m_datasetBox->setCurrentIndex(qMax(0, m_datasetBox->findData(dataset)));
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
        return;
    }
    {
        const QSignalBlocker blockVersions(m_versionBox);
        m_versionBox->clear();
        for (const ModelVersionInfo& version : std::as_const(m_versions)) {
            QString text = version.ref();
            if (!version.aliases.isEmpty())
                text += QStringLiteral("  (%1)").arg(version.aliases.join(QStringLiteral(", ")));
            m_versionBox->addItem(text, version.ref());
        }
        m_versionBox->setCurrentIndex(qMax(0, m_versionBox->findData(selected)));
    }
    if (m_versions.isEmpty()) {
        m_confusion->setEmptyText(tr("No classifier is registered yet: train one in Train."));
        showInspection(Inspection{}, {});
    } else if (m_versionBox->currentData().toString() != selected) {
        onVersionChanged();
    } else {
        load();
    }
    if (m_tabs->currentWidget() == m_gestures)
        m_gestures->refresh();
    else if (m_tabs->currentWidget() == m_text)
        m_text->refresh();
}

bool InspectPage::selectVersion(const QString& ref)
{
    const int index = m_versionBox->findData(ref);
    if (index < 0)
        return false;
    if (index == m_versionBox->currentIndex())
        onVersionChanged();
    else
        m_versionBox->setCurrentIndex(index);
    return true;
}

ModelVersionInfo InspectPage::selectedVersion() const
{
    const int index = m_versionBox->currentIndex();
    return index >= 0 && index < m_versions.size() ? m_versions.at(index) : ModelVersionInfo{};
}

void InspectPage::onVersionChanged()
{
    // A version is inspected on the data it was trained on unless the user picks other data.
    const ModelVersionInfo version = selectedVersion();
    const int dataset = m_datasetBox->findData(version.datasetRef);
    if (dataset >= 0 && dataset != m_datasetBox->currentIndex()) {
        const QSignalBlocker block(m_datasetBox);
        m_datasetBox->setCurrentIndex(dataset);
    }
    load();
}

void InspectPage::load()
{
    const ModelVersionInfo version = selectedVersion();
    const QString dataset = m_datasetBox->currentData().toString();
    const QString split = m_splitBox->currentData().toString();
    if (version.id == 0 || dataset.isEmpty())
        return;
    setBusy(true, tr("Loading the predictions of %1 on %2…").arg(version.ref(), dataset));
    const quint64 generation = ++m_generation;
    const std::shared_ptr<const Workspace> workspace = m_workspace;
    runInBackground<LoadedInspection>(
        this, m_workspace,
        [workspace, version, dataset, split] {
            LoadedInspection loaded;
            loaded.inspection = PredictionInspector(*workspace).inspect(version.id, dataset, split);
            loaded.thumbnails = thumbnailsOf(loaded.inspection.images);
            return loaded;
        },
        [this, generation](const LoadedInspection& result) {
            if (generation != m_generation)
                return;
            setBusy(false);
            showInspection(result.inspection, result.thumbnails);
            Q_EMIT loaded();
        },
        [this, generation](const QString& message) {
            if (generation != m_generation)
                return;
            setBusy(false, message);
            showInspection(Inspection{}, {});
            Q_EMIT errorOccurred(message);
            Q_EMIT loaded();
        });
}

void InspectPage::evaluate()
{
    const ModelVersionInfo version = selectedVersion();
    const QString dataset = m_datasetBox->currentData().toString();
    if (version.id == 0 || dataset.isEmpty())
        return;
    setBusy(true, tr("Scoring %1 on every row of %2…").arg(version.ref(), dataset));
    const quint64 generation = ++m_generation;
    const std::shared_ptr<const Workspace> workspace = m_workspace;
    runInBackground<QString>(
        this, m_workspace,
        [workspace, version, dataset] {
            const EvaluationOutcome outcome = ModelEvaluator(*workspace).evaluate(version.ref(), dataset, QStringLiteral("all"));
            const QString line = format::reportLine(outcome.report);
            return outcome.caution.isEmpty() ? line : QStringLiteral("%1 (%2)").arg(line, outcome.caution);
        },
        [this, generation, version, dataset](const QString& line) {
            if (generation != m_generation)
                return;
            Q_EMIT noticeOccurred(tr("%1 on %2: %3").arg(version.ref(), dataset, line));
            load();
        },
        [this, generation](const QString& message) {
            if (generation != m_generation)
                return;
            setBusy(false, message);
            Q_EMIT errorOccurred(message);
        });
}

void InspectPage::showInspection(const Inspection& inspection, const QVector<QImage>& thumbnails)
{
    m_inspection = inspection;
    m_filter->clearCell();
    m_predictions->setPredictions(inspection.predictions, inspection.inputs, thumbnails);
    m_predictions->setCorrections(inspection.corrections);
    m_table->verticalHeader()->setDefaultSectionSize(thumbnails.isEmpty() ? fontMetrics().height() + 8 : kThumbnailSize + 4);
    const bool none = inspection.predictions.isEmpty();
    m_evaluate->setVisible(none && inspection.version.id != 0);
    if (none) {
        m_confusion->setMatrix({}, {});
        m_classChart->clear();
        if (inspection.version.id != 0) {
            m_confusion->setEmptyText(tr("No predictions of %1 on %2 are stored. Click Evaluate to score it.")
                                          .arg(inspection.version.ref(), inspection.datasetRef));
            m_headline->setText(tr("No predictions stored for this data yet."));
        }
    } else {
        m_confusion->setMatrix(inspection.report.labels, inspection.report.confusion);
        m_classChart->setReport(inspection.report);
        m_headline->setText(tr("<b>%1</b> on %2, %3: %4 · %5")
                                .arg(inspection.version.ref(), inspection.datasetRef, m_splitBox->currentText(),
                                     format::reportLine(inspection.report.toJson()),
                                     format::plural(inspection.predictions.size(), tr("row"), tr("rows"))));
    }
    updateCellLabel();
    updateFeedbackActions();
}

void InspectPage::onCellClicked(int truth, int predicted)
{
    const QStringList& labels = m_confusion->labels();
    m_filter->setCell(labels.value(truth), labels.value(predicted));
    if (m_showBox->currentIndex() != 0)
        m_showBox->setCurrentIndex(0);   // the cell alone decides
    updateCellLabel();
}

void InspectPage::updateCellLabel()
{
    const int shown = m_filter->rowCount();
    if (m_filter->hasCell()) {
        m_cellLabel->setText(tr("truth <b>%1</b>, predicted <b>%2</b>: %3")
                                 .arg(m_filter->cellTruth().toHtmlEscaped(), m_filter->cellPredicted().toHtmlEscaped(),
                                      format::plural(shown, tr("row"), tr("rows"))));
    } else {
        m_cellLabel->setText(format::plural(shown, tr("row"), tr("rows")));
    }
    m_clearCell->setVisible(m_filter->hasCell());
}

void InspectPage::updateFeedbackActions()
{
    m_relabel->setEnabled(!m_busy && m_table->selectionModel()->hasSelection());
    m_applyFeedback->setEnabled(!m_busy && !m_inspection.datasetName.isEmpty());
}

void InspectPage::onRelabel()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const StoredPrediction& p = m_predictions->prediction(m_filter->mapToSource(rows.first()).row());
    bool ok = false;
    // Editable: a sample may belong to a class the model has never seen.
    const QString label = QInputDialog::getItem(this, tr("Relabel row %1").arg(p.row),
                                                tr("Truth says <b>%1</b>, the model says <b>%2</b>. The right label:")
                                                    .arg(p.truth.toHtmlEscaped(), p.predicted.toHtmlEscaped()),
                                                m_inspection.report.labels, int(qMax<qsizetype>(0, m_inspection.report.labels.indexOf(p.predicted))),
                                                true, &ok);
    if (ok && !label.trimmed().isEmpty())
        relabel(rows.first().row(), label.trimmed());
}

bool InspectPage::relabel(int proxyRow, const QString& label)
{
    const QModelIndex source = m_filter->mapToSource(m_filter->index(proxyRow, 0));
    if (!source.isValid() || m_inspection.datasetVersionId == 0)
        return false;
    const StoredPrediction& p = m_predictions->prediction(source.row());
    Feedback feedback;
    feedback.datasetVersionId = m_inspection.datasetVersionId;
    feedback.rowIndex = p.row;
    feedback.modelVersionId = m_inspection.version.id;
    feedback.label = label;
    feedback.source = QStringLiteral("gui");
    try {
        FeedbackStore(*m_workspace).add({feedback});
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
        return false;
    }
    m_inspection.corrections.insert(p.row, label);
    m_predictions->setCorrection(p.row, label);
    Q_EMIT noticeOccurred(tr("Row %1 of %2 is now labelled %3 (feedback; “Add corrections to dataset” makes a version to train on).")
                              .arg(p.row).arg(m_inspection.datasetRef, label));
    return true;
}

void InspectPage::applyFeedback()
{
    const QString dataset = m_inspection.datasetName;
    if (dataset.isEmpty())
        return;
    setBusy(true, tr("Making a new version of %1 with the corrections…").arg(dataset));
    const std::shared_ptr<const Workspace> workspace = m_workspace;
    runInBackground<AppliedFeedback>(
        this, m_workspace, [workspace, dataset] { return FeedbackStore(*workspace).applyToDataset(dataset); },
        [this](const AppliedFeedback& applied) {
            setBusy(false);
            if (!applied.version.created) {
                Q_EMIT noticeOccurred(tr("No new corrections for %1: its latest version %2 has them all.").arg(m_inspection.datasetName, applied.version.info.ref()));
                Q_EMIT feedbackApplied(QString());
                return;
            }
            Q_EMIT noticeOccurred(tr("Made %1: %2 relabelled, %3 added. Pick it in Train to retrain.")
                                      .arg(applied.version.info.ref())
                                      .arg(applied.relabelled)
                                      .arg(applied.appended));
            refresh();
            Q_EMIT feedbackApplied(applied.version.info.ref());
        },
        [this](const QString& message) {
            setBusy(false, message);
            Q_EMIT errorOccurred(message);
        });
}

void InspectPage::setBusy(bool busy, const QString& text)
{
    m_busy = busy;
    m_versionBox->setEnabled(!busy);
    m_datasetBox->setEnabled(!busy);
    m_splitBox->setEnabled(!busy);
    m_evaluate->setEnabled(!busy);
    updateFeedbackActions();
    if (busy || !text.isEmpty())
        m_headline->setText(text);
}

}  // namespace mb::ui
