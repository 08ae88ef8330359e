#pragma once

#include <QPointF>
#include <QVector>
#include <QWidget>

namespace mb::ui {

// A canvas to draw one pen gesture with the mouse (or a tablet): pressing starts a new
// stroke, moving extends it, releasing ends it. strokeChanged is emitted as the stroke grows
// (so a prediction can follow the pen) and strokeFinished when the pen lifts. Points are in
// widget pixels, y growing downward. GUI thread only.
class GesturePad : public QWidget {
    Q_OBJECT
public:
    explicit GesturePad(QWidget* parent = nullptr);

    const QVector<QPointF>& stroke() const { return m_stroke; }
    // Shows `stroke` as if drawn (emits strokeFinished); an empty one clears the pad.
    void setStroke(const QVector<QPointF>& stroke);
    void clear();

    QSize sizeHint() const override;

Q_SIGNALS:
    void strokeChanged(const QVector<QPointF>& stroke);
    void strokeFinished(const QVector<QPointF>& stroke);
    void cleared();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    QVector<QPointF> m_stroke;
    bool m_drawing = false;
};

}  // namespace mb::ui
