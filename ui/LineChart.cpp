#include "LineChart.h"

#include "Format.h"

#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <cmath>

namespace mb::ui {

LineChart::LineChart(const QString& title, const QString& xTitle, const QString& yTitle, QWidget* parent)
    : QChartView(parent), m_x(new QValueAxis), m_y(new QValueAxis)
{
    auto* chart = new QChart;
    chart->setTheme(QChart::ChartThemeLight);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 4, 8, 4));
    chart->setTitle(title);
    QFont titleFont = font();
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    chart->legend()->setFont(small);
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    for (QValueAxis* axis : {m_x, m_y}) {
        axis->setLabelsFont(small);
        QFont axisTitle = small;
        axisTitle.setBold(false);
        axis->setTitleFont(axisTitle);
        axis->setGridLineColor(QColor(0xe6e6e6));
        axis->setMinorGridLineVisible(false);
    }
    m_x->setTitleText(xTitle);
    m_y->setTitleText(yTitle);
    m_x->setLabelFormat(QStringLiteral("%g"));
    m_y->setLabelFormat(QStringLiteral("%.3g"));
    m_x->setRange(0, 1);
    m_y->setRange(0, 1);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(260, 180);
}

QLineSeries* LineChart::addSeries(const QString& name, const QColor& color)
{
    auto* series = new QLineSeries;
    series->setName(name);
    QPen pen(color.isValid() ? color : format::seriesColor(int(m_series.size())));
    pen.setWidthF(2);
    series->setPen(pen);
    chart()->addSeries(series);
    series->attachAxis(m_x);
    series->attachAxis(m_y);
    m_series << series;
    return series;
}

void LineChart::append(QLineSeries* series, double x, double y)
{
    if (!std::isfinite(x) || !std::isfinite(y))
        return;
    if (m_maxPoints > 0 && series->count() >= m_maxPoints) {
        // Thin the older half so a long training keeps its shape in a bounded number of points.
        QList<QPointF> points = series->points();
        QList<QPointF> thinned;
        const int half = int(points.size()) / 2;
        for (int i = 0; i < points.size(); ++i) {
            if (i >= half || i % 2 == 0)
                thinned << points.at(i);
        }
        series->replace(thinned);
    }
    series->append(x, y);
    if (m_empty) {
        m_minX = m_maxX = x;
        m_minY = m_maxY = y;
        m_empty = false;
        viewport()->update();  // the placeholder goes
    } else {
        m_minX = std::min(m_minX, x);
        m_maxX = std::max(m_maxX, x);
        m_minY = std::min(m_minY, y);
        m_maxY = std::max(m_maxY, y);
    }
    updateRanges();
}

void LineChart::setFixedYRange(double min, double max)
{
    m_fixedY = true;
    m_y->setRange(min, max);
    updateRanges();
}

void LineChart::setAutoYRange()
{
    m_fixedY = false;
    updateRanges();
}

void LineChart::setMinimumXRange(double min, double max)
{
    m_xMinDefault = min;
    m_xMaxDefault = max;
    updateRanges();
}

namespace {

// A "nice" tick step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` intervals.
double niceStep(double span, int ticks)
{
    if (!(span > 0))
        return 1;
    const double raw = span / ticks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (raw <= factor * magnitude)
            return factor * magnitude;
    }
    return 10 * magnitude;
}

// Labels with as many decimals as the step needs, and ticks on multiples of the step.
void applyTicks(QValueAxis* axis, double lo, double hi, double step)
{
    axis->setRange(lo, hi);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    int decimals = 0;
    while (decimals < 6 && std::abs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-6)
        ++decimals;
    axis->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
}

}  // namespace

void LineChart::updateRanges()
{
    const double xMin = m_empty ? m_xMinDefault : std::min(m_minX, m_xMinDefault);
    const double xMax = m_empty ? m_xMaxDefault : std::max({m_maxX, m_xMaxDefault, xMin + 1e-9});
    // Epochs are whole numbers: no tick between them.
    applyTicks(m_x, xMin, xMax, std::max(1.0, niceStep(xMax - xMin, 6)));
    if (m_fixedY) {
        applyTicks(m_y, m_y->min(), m_y->max(), niceStep(m_y->max() - m_y->min(), 5));
        return;
    }
    if (m_empty) {
        applyTicks(m_y, 0, 1, 0.25);
        return;
    }
    double lo = m_minY;
    double hi = m_maxY;
    if (hi - lo < 1e-12) {
        const double pad = std::max(std::abs(hi) * 0.1, 0.05);
        lo -= pad;
        hi += pad;
    }
    const double step = niceStep(hi - lo, 5);
    lo = std::floor(lo / step) * step;
    hi = std::ceil(hi / step) * step;
    if (m_minY >= 0 && lo < 0)
        lo = 0;
    applyTicks(m_y, lo, hi, step);
}

void LineChart::clearPoints()
{
    for (QLineSeries* series : std::as_const(m_series))
        series->clear();
    m_empty = true;
    updateRanges();
    viewport()->update();
}

void LineChart::removeAllSeries()
{
    chart()->removeAllSeries();
    m_series.clear();
    m_empty = true;
    updateRanges();
}

bool LineChart::hasPoints() const
{
    for (const QLineSeries* series : m_series) {
        if (series->count() > 0)
            return true;
    }
    return false;
}

void LineChart::setPlaceholder(const QString& text)
{
    m_placeholder = text;
    viewport()->update();
}

void LineChart::drawForeground(QPainter* painter, const QRectF& rect)
{
    QChartView::drawForeground(painter, rect);
    if (m_placeholder.isEmpty() || hasPoints())
        return;
    painter->save();
    painter->setPen(QColor(0x8a8a8a));
    painter->drawText(chart()->plotArea(), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
    painter->restore();
}

}  // namespace mb::ui
