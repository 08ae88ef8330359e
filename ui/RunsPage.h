#pragma once

#include "EpochMetrics.h"

#include <QHash>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace mb {
class Workspace;
}

namespace mb::ui {

class LineChart;
class RunListModel;

// The Runs view: every training run with its dataset, model, key parameters, validation and
// test metric, epochs, duration, state and model version; sortable, filterable as you type;
// select several runs to overlay their per-epoch curves; export every run's per-epoch metrics
// to one CSV. GUI thread only; reads the registry through core.
class RunsPage : public QWidget {
    Q_OBJECT
public:
    explicit RunsPage(std::shared_ptr<const Workspace> workspace, QWidget* parent = nullptr);

    RunListModel* model() const { return m_model; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QTableView* table() const { return m_table; }
    QLineEdit* filterEdit() const { return m_filter; }
    QComboBox* curveMetricBox() const { return m_curveMetric; }
    LineChart* overlayChart() const { return m_chart; }

    // Selects the runs with these ids (replacing the selection).
    void selectRuns(const QList<qint64>& ids);
    QList<qint64> selectedRunIds() const;
    // Writes every run's per-epoch metrics to `path`; false (and errorOccurred) on failure.
    bool exportCsv(const QString& path);

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void errorOccurred(const QString& message);
    void noticeOccurred(const QString& message);

private:
    void exportWithDialog();
    void updateOverlay();
    void updateCount();
    const QVector<EpochMetrics>& epochsOf(qint64 runId);

    std::shared_ptr<const Workspace> m_workspace;
    RunListModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    QLineEdit* m_filter;
    QLabel* m_count;
    QComboBox* m_curveMetric;
    LineChart* m_chart;
    QHash<qint64, QVector<EpochMetrics>> m_epochs;  // cache, emptied by refresh()
};

}  // namespace mb::ui
