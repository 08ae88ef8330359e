#pragma once

#include <QStringList>

class QAbstractBarSeries;
class QBarSet;
class QChart;
class QChartView;
class QValueAxis;

// Set-up shared by the horizontal bar charts (class distribution, per-class metrics), so they
// look alike: legend on top, thin margins, bars in the chart palette, categories on the left.
// GUI thread only.
namespace mb::ui::barchart {

// A new chart over `series`, shown by `view` (which owns it) with antialiasing; returns it.
QChart* install(QChartView* view, QAbstractBarSeries* series);
// Empties `series` and removes the chart's axes, before it is filled again.
void reset(QChart* chart, QAbstractBarSeries* series);
// A bar set named `name` in the palette's `index`-th colour, without border.
QBarSet* barSet(const QString& name, int index);
// Puts `categories` on the left and `values` at the bottom of `chart`, both attached to
// `series`; no categories give one empty category, so an empty chart still draws its frame.
void attachAxes(QChart* chart, QAbstractBarSeries* series, const QStringList& categories, QValueAxis* values);

}  // namespace mb::ui::barchart
