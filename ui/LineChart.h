#pragma once

#include <QChartView>
#include <QList>

class QLineSeries;
class QValueAxis;

namespace mb::ui {

// A line chart that grows as points arrive: value axes that follow the data (or a fixed y
// range), a small legend, the project's palette. Used for live training curves and run
// overlays. GUI thread only.
class LineChart : public QChartView {
    Q_OBJECT
public:
    LineChart(const QString& title, const QString& xTitle, const QString& yTitle, QWidget* parent = nullptr);

    // A new series in the next palette colour (or `color`). The chart owns it.
    QLineSeries* addSeries(const QString& name, const QColor& color = {});
    // Appends a point and widens the axes to show it.
    void append(QLineSeries* series, double x, double y);
    // Keeps at most `points` points per series by thinning the oldest half (0 = no limit).
    void setMaxPoints(int points) { m_maxPoints = points; }
    // Fixes the y axis to [min, max] instead of following the data.
    void setFixedYRange(double min, double max);
    // The y axis follows the data again (the default).
    void setAutoYRange();
    // The x axis starts at `min` and shows at least up to `max` until the data goes further.
    void setMinimumXRange(double min, double max);
    // Removes every point, keeping the series.
    void clearPoints();
    // Removes every series.
    void removeAllSeries();
    QList<QLineSeries*> lineSeries() const { return m_series; }
    // A text shown in the middle while there are no points ("No run selected").
    void setPlaceholder(const QString& text);

protected:
    void drawForeground(QPainter* painter, const QRectF& rect) override;

private:
    void updateRanges();
    bool hasPoints() const;

    QValueAxis* m_x;
    QValueAxis* m_y;
    QList<QLineSeries*> m_series;
    int m_maxPoints = 0;
    bool m_fixedY = false;
    double m_xMinDefault = 0;
    double m_xMaxDefault = 1;
    bool m_empty = true;
    double m_minX = 0, m_maxX = 0, m_minY = 0, m_maxY = 0;
    QString m_placeholder;
};

}  // namespace mb::ui
