#pragma once

#include "ClassDistribution.h"

#include <QChartView>

class QHorizontalStackedBarSeries;

namespace mb::ui {

// A version's class distribution as horizontal bars stacked by split (train, val, test), the
// largest class on top; for a regression target, the histogram with the lowest bin on top.
// Grows in height with the number of categories; put it in a scroll area. GUI thread only.
class ClassDistributionChart : public QChartView {
    Q_OBJECT
public:
    explicit ClassDistributionChart(QWidget* parent = nullptr);

    void setDistribution(const ClassDistribution& distribution, const QString& title);
    void clear();
    const ClassDistribution& distribution() const { return m_distribution; }
    QHorizontalStackedBarSeries* series() const { return m_series; }

private:
    QHorizontalStackedBarSeries* m_series;
    ClassDistribution m_distribution;
};

}  // namespace mb::ui
