#pragma once

#include "RunInfo.h"

#include <QAbstractTableModel>
#include <QVector>

namespace mb::ui {

// Table model of training runs (one row each, newest first as given). Qt::DisplayRole gives
// text, Qt::UserRole the raw value to sort by (numbers as numbers), Qt::ToolTipRole the
// resolved config or the error. GUI thread only; the owner fills it from a RunStore.
class RunListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Dataset, ModelType, Params, Metric, BestVal, Test, Epochs, Duration, Cached, State, Version, Started, ColumnCount };
    static constexpr int SortRole = Qt::UserRole;

    using QAbstractTableModel::QAbstractTableModel;

    void setRuns(QVector<RunInfo> runs);
    const RunInfo& run(int row) const { return m_runs.at(row); }
    int rowOf(qint64 runId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // A value of the stored (resolved, stable) config YAML: "lr", "mlp.hidden".
    static QString configValue(const QString& yaml, const QString& key);
    // The metric a run's "val"/"test" columns show: its selection metric, or for a loss-selected
    // run the headline metric of its task (accuracy, r2).
    static QString displayMetric(const RunInfo& run);
    // "adamw lr 0.003 · batch 32 · hidden [128, 64]".
    static QString paramsSummary(const RunInfo& run);

private:
    QVector<RunInfo> m_runs;
};

}  // namespace mb::ui
