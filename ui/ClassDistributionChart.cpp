#include "ClassDistributionChart.h"

#include "BarCharts.h"
#include "Format.h"

#include <QBarSet>
#include <QChart>
#include <QHorizontalStackedBarSeries>
#include <QValueAxis>

#include <algorithm>

namespace mb::ui {

ClassDistributionChart::ClassDistributionChart(QWidget* parent)
    : QChartView(parent), m_series(new QHorizontalStackedBarSeries)
{
    setObjectName(QStringLiteral("classDistributionChart"));
    barchart::install(this, m_series);
    clear();
}

void ClassDistributionChart::clear()
{
    setDistribution(ClassDistribution{}, tr("Class distribution"));
}

void ClassDistributionChart::setDistribution(const ClassDistribution& distribution, const QString& title)
{
    m_distribution = distribution;
    QChart* chart = this->chart();
    chart->setTitle(title);
    barchart::reset(chart, m_series);

    // A horizontal bar chart draws its first category at the bottom: append in reverse, so the
    // first category (largest class, lowest bin) is on top.
    const int n = distribution.categories.size();
    const char* const names[] = {QT_TR_NOOP("train"), QT_TR_NOOP("val"), QT_TR_NOOP("test")};
    QStringList categories;
    qint64 largest = 0;
    for (int s = 0; s < 3; ++s) {
        QBarSet* set = barchart::barSet(tr(names[s]), s);
        for (int c = n - 1; c >= 0; --c)
            set->append(double(distribution.counts[size_t(s)].at(c)));
        m_series->append(set);
    }
    for (int c = n - 1; c >= 0; --c) {
        categories << QStringLiteral("%1 (%2)").arg(distribution.categories.at(c), format::count(double(distribution.total(c))));
        largest = std::max(largest, distribution.total(c));
    }
    auto* counts = new QValueAxis;
    counts->setRange(0, std::max<qint64>(1, largest));
    counts->setLabelFormat(QStringLiteral("%d"));
    counts->applyNiceNumbers();
    counts->setTitleText(distribution.histogram ? tr("rows per bin") : tr("rows per class"));
    barchart::attachAxes(chart, m_series, categories, counts);
    setMinimumHeight(std::max(260, 90 + 22 * n));
}

}  // namespace mb::ui
