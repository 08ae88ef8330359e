#include "ClassMetricsChart.h"

#include "BarCharts.h"
#include "Evaluation.h"

#include <QBarSet>
#include <QChart>
#include <QHorizontalBarSeries>
#include <QValueAxis>

#include <algorithm>

namespace mb::ui {

ClassMetricsChart::ClassMetricsChart(QWidget* parent)
    : QChartView(parent), m_series(new QHorizontalBarSeries)
{
    setObjectName(QStringLiteral("classMetricsChart"));
    barchart::install(this, m_series)->setTitle(tr("Per-class precision, recall and F1"));
    clear();
}

void ClassMetricsChart::clear()
{
    setReport(ClassificationReport{});
}

void ClassMetricsChart::setReport(const ClassificationReport& report)
{
    QChart* chart = this->chart();
    barchart::reset(chart, m_series);

    // Classes with support (or at least one prediction), weakest F1 on top: a horizontal bar
    // chart draws its first category at the bottom, so they go in in descending F1.
    std::vector<int> order;
    for (int c = 0; c < report.perClass.size(); ++c) {
        const ClassMetrics& m = report.perClass.at(c);
        if (m.support > 0 || m.precision > 0)
            order.push_back(c);
    }
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return report.perClass.at(a).f1 > report.perClass.at(b).f1; });

    const char* const names[] = {QT_TR_NOOP("precision"), QT_TR_NOOP("recall"), QT_TR_NOOP("F1")};
    QBarSet* sets[3];
    for (int i = 0; i < 3; ++i)
        sets[i] = barchart::barSet(tr(names[i]), i);
    QStringList categories;
    for (int c : order) {
        const ClassMetrics& m = report.perClass.at(c);
        sets[0]->append(m.precision);
        sets[1]->append(m.recall);
        sets[2]->append(m.f1);
        categories << QStringLiteral("%1 (%2)").arg(report.labels.value(c)).arg(m.support);
    }
    for (QBarSet* set : sets)
        m_series->append(set);
    m_classes.clear();
    for (auto it = order.rbegin(); it != order.rend(); ++it)
        m_classes << report.labels.value(*it);

    auto* values = new QValueAxis;
    values->setRange(0, 1);
    values->setTickCount(6);
    values->setLabelFormat(QStringLiteral("%.1f"));
    barchart::attachAxes(chart, m_series, categories, values);
    m_series->setBarWidth(0.8);
    // Enough room for three readable bars per class.
    setMinimumHeight(qMax(220, 90 + int(order.size()) * 30));
}

}  // namespace mb::ui
