#pragma once

#include <QChartView>

class QHorizontalBarSeries;

namespace mb {
struct ClassificationReport;
}

namespace mb::ui {

// Per-class precision, recall and F1 as horizontal bars, one group per class (weakest F1
// first, so the classes that need work are on top). Grows in height with the number of
// classes; put it in a scroll area. GUI thread only.
class ClassMetricsChart : public QChartView {
    Q_OBJECT
public:
    explicit ClassMetricsChart(QWidget* parent = nullptr);

    void setReport(const ClassificationReport& report);
    void clear();
    // The classes in the order drawn (top first), for tests.
    QStringList classes() const { return m_classes; }
    QHorizontalBarSeries* series() const { return m_series; }

private:
    QHorizontalBarSeries* m_series;
    QStringList m_classes;
};

}  // namespace mb::ui
