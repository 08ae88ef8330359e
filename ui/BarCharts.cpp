#include "BarCharts.h"

#include "Format.h"

#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QValueAxis>

namespace mb::ui::barchart {

QChart* install(QChartView* view, QAbstractBarSeries* series)
{
    auto* chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->addSeries(series);
    view->setChart(chart);
    view->setRenderHint(QPainter::Antialiasing);
    return chart;
}

void reset(QChart* chart, QAbstractBarSeries* series)
{
    series->clear();
    for (QAbstractAxis* axis : chart->axes())
        chart->removeAxis(axis);
}

QBarSet* barSet(const QString& name, int index)
{
    auto* set = new QBarSet(name);
    set->setColor(format::seriesColor(index));
    set->setBorderColor(Qt::transparent);
    return set;
}

void attachAxes(QChart* chart, QAbstractBarSeries* series, const QStringList& categories, QValueAxis* values)
{
    auto* axisCategories = new QBarCategoryAxis;
    axisCategories->append(categories.isEmpty() ? QStringList{QString()} : categories);
    chart->addAxis(axisCategories, Qt::AlignLeft);
    chart->addAxis(values, Qt::AlignBottom);
    series->attachAxis(axisCategories);
    series->attachAxis(values);
}

}  // namespace mb::ui::barchart
