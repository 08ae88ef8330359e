#pragma once

#include "GridSearch.h"

#include <QAbstractTableModel>
#include <QStringList>
#include <QVector>

namespace mb::ui {

// Table model of a grid search's finished combinations, best first by the selection metric on
// validation: rank, the combination's settings, the selection metric, the other validation
// metrics (one column each), the run and whether it came from a cache. The best row is
// highlighted. GUI thread only; the owner fills it from TrainingJob::trials().
class SearchResultsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum FixedColumn { Rank, Combination, Selection, FirstOtherMetric };
    static constexpr int SortRole = Qt::UserRole;  // the raw number of a metric column

    using QAbstractTableModel::QAbstractTableModel;

    // `metric` is the selection metric (macro_f1, loss, ...); empty: taken from the runs.
    void setTrials(QVector<GridTrial> trials, const QString& metric);
    void clear();
    const GridTrial& trial(int row) const { return m_trials.at(row); }
    QString metric() const { return m_metric; }
    QStringList otherMetrics() const { return m_otherMetrics; }
    int runColumn() const { return FirstOtherMetric + int(m_otherMetrics.size()); }
    int cachedColumn() const { return runColumn() + 1; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString metricOfColumn(int column) const;

    QVector<GridTrial> m_trials;  // best first
    QString m_metric;
    QStringList m_otherMetrics;
};

}  // namespace mb::ui
