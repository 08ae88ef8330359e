#include "RunsPage.h"

#include "Error.h"
#include "Format.h"
#include "LineChart.h"
#include "PageHeader.h"
#include "RunListModel.h"
#include "RunMetricsCsv.h"
#include "RunStore.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace mb::ui {

RunsPage::RunsPage(std::shared_ptr<const Workspace> workspace, QWidget* parent)
    : QWidget(parent),
      m_workspace(std::move(workspace)),
      m_model(new RunListModel(this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_table(new QTableView(this)),
      m_filter(new QLineEdit(this)),
      m_count(new QLabel(this)),
      m_curveMetric(new QComboBox(this)),
      m_chart(new LineChart(tr("Runs compared"), tr("epoch"), QString(), this))
{
    auto* header = new PageHeader(tr("Runs"), tr("Every training run, its parameters and curves."), this);
    connect(header->addAction(tr("Export CSV…")), &QAction::triggered, this, &RunsPage::exportWithDialog);
    connect(header->addAction(tr("Refresh"), QKeySequence::Refresh), &QAction::triggered, this, &RunsPage::refresh);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RunListModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter->setObjectName(QStringLiteral("runFilter"));
    m_filter->setPlaceholderText(tr("Filter runs: dataset, model, parameters, state, version…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateCount();
    });
    m_count->setObjectName(QStringLiteral("runCount"));
    m_count->setStyleSheet(QStringLiteral("color: #6b6b6b;"));

    m_table->setObjectName(QStringLiteral("runTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RunListModel::Id, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(24);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setSectionResizeMode(RunListModel::Params, QHeaderView::Stretch);
    m_table->setTextElideMode(Qt::ElideRight);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsPage::updateOverlay);

    m_curveMetric->setObjectName(QStringLiteral("curveMetric"));
    const QList<QPair<QString, QString>> curves = {
        {QStringLiteral("macro_f1"), tr("validation macro F1")}, {QStringLiteral("accuracy"), tr("validation accuracy")},
        {QStringLiteral("min_f1"), tr("validation min F1")},     {QStringLiteral("r2"), tr("validation R²")},
        {QStringLiteral("val_loss"), tr("validation loss")},     {QStringLiteral("train_loss"), tr("train loss")}};
    for (const auto& [key, label] : curves)
        m_curveMetric->addItem(label, key);
    connect(m_curveMetric, &QComboBox::currentIndexChanged, this, &RunsPage::updateOverlay);
    m_chart->setObjectName(QStringLiteral("runOverlay"));
    m_chart->setPlaceholder(tr("Select runs in the table (Ctrl+click for several) to compare their curves."));
    m_chart->chart()->legend()->setAlignment(Qt::AlignRight);

    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_count);

    auto* chartPanel = new QWidget(this);
    auto* chartLayout = new QVBoxLayout(chartPanel);
    chartLayout->setContentsMargins(0, 6, 0, 0);
    auto* chartRow = new QHBoxLayout;
    chartRow->addWidget(new QLabel(tr("Curve:"), chartPanel));
    chartRow->addWidget(m_curveMetric);
    chartRow->addStretch(1);
    chartLayout->addLayout(chartRow);
    chartLayout->addWidget(m_chart, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    auto* tablePanel = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(tablePanel);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addLayout(filterRow);
    tableLayout->addWidget(m_table, 1);
    splitter->addWidget(tablePanel);
    splitter->addWidget(chartPanel);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(header);
    layout->addWidget(splitter, 1);
    refresh();
}

void RunsPage::refresh()
{
    const QList<qint64> selected = selectedRunIds();
    m_epochs.clear();
    try {
        m_model->setRuns(RunStore(*m_workspace).list());
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
    }
    m_table->resizeColumnsToContents();
    selectRuns(selected);
    updateCount();
    updateOverlay();
}

void RunsPage::updateCount()
{
    const int all = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    m_count->setText(shown == all ? format::plural(all, tr("run"), tr("runs")) : tr("%1 of %2 runs").arg(shown).arg(all));
}

QList<qint64> RunsPage::selectedRunIds() const
{
    QList<qint64> ids;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        ids << m_model->run(m_proxy->mapToSource(index).row()).id;
    std::sort(ids.begin(), ids.end());
    return ids;
}

void RunsPage::selectRuns(const QList<qint64>& ids)
{
    QItemSelection selection;
    for (qint64 id : ids) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        if (index.isValid())
            selection.select(index, index.siblingAtColumn(RunListModel::ColumnCount - 1));
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

const QVector<EpochMetrics>& RunsPage::epochsOf(qint64 runId)
{
    auto it = m_epochs.find(runId);
    if (it == m_epochs.end()) {
        QVector<EpochMetrics> epochs;
        try {
            epochs = RunStore(*m_workspace).epochs(runId);
        } catch (const Error& error) {
            Q_EMIT errorOccurred(error.message());
        }
        it = m_epochs.insert(runId, epochs);
    }
    return it.value();
}

void RunsPage::updateOverlay()
{
    m_chart->removeAllSeries();
    const QString metric = m_curveMetric->currentData().toString();
    const bool score = metric != QLatin1String("val_loss") && metric != QLatin1String("train_loss");
    if (score && metric != QLatin1String("r2"))
        m_chart->setFixedYRange(0, 1.05);
    else
        m_chart->setAutoYRange();
    m_chart->setMinimumXRange(1, 5);
    const QList<qint64> ids = selectedRunIds();
    m_chart->chart()->setTitle(ids.isEmpty() ? tr("Runs compared") : tr("%1 per epoch, %2").arg(m_curveMetric->currentText(), format::plural(ids.size(), tr("run"), tr("runs"))));
    int color = 0;
    for (qint64 id : ids) {
        const RunInfo& run = m_model->run(m_model->rowOf(id));
        const QVector<EpochMetrics>& epochs = epochsOf(id);
        QLineSeries* series = m_chart->addSeries(tr("run %1 · %2 · %3").arg(id).arg(run.datasetRef, run.modelType), format::seriesColor(color++));
        for (const EpochMetrics& epoch : epochs) {
            double value = 0;
            if (metric == QLatin1String("val_loss"))
                value = epoch.valLoss;
            else if (metric == QLatin1String("train_loss"))
                value = epoch.trainLoss;
            else if (epoch.val.contains(metric))
                value = epoch.val.value(metric);
            else
                continue;
            m_chart->append(series, epoch.epoch, value);
        }
    }
}

bool RunsPage::exportCsv(const QString& path)
{
    try {
        const int rows = RunMetricsCsv(*m_workspace).write(path);
        Q_EMIT noticeOccurred(tr("Wrote %1 of %2 to %3").arg(format::plural(rows, tr("epoch row"), tr("epoch rows")), format::plural(m_model->rowCount(), tr("run"), tr("runs")), QDir::toNativeSeparators(path)));
        return true;
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
        return false;
    }
}

void RunsPage::exportWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export per-epoch metrics of all runs"),
                                                      QDir::home().filePath(QStringLiteral("modelbench-runs.csv")), tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportCsv(path);
}

}  // namespace mb::ui
