#include "GesturePad.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

namespace mb::ui {

GesturePad::GesturePad(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("gesturePad"));
    setMinimumSize(240, 240);
    setCursor(Qt::CrossCursor);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Draw a gesture with the mouse: press, draw, release."));
}

QSize GesturePad::sizeHint() const
{
    return {360, 360};
}

void GesturePad::setStroke(const QVector<QPointF>& stroke)
{
    m_stroke = stroke;
    m_drawing = false;
    update();
    if (m_stroke.isEmpty())
        Q_EMIT cleared();
    else
        Q_EMIT strokeFinished(m_stroke);
}

void GesturePad::clear()
{
    setStroke({});
}

void GesturePad::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    painter.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DashLine));
    painter.drawRect(rect().adjusted(0, 0, -1, -1));
    if (m_stroke.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("Draw a gesture here"));
        return;
    }
    QPainterPath path(m_stroke.first());
    for (qsizetype i = 1; i < m_stroke.size(); ++i)
        path.lineTo(m_stroke.at(i));
    painter.setPen(QPen(palette().color(QPalette::Text), 6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPath(path);
    // The start, so the drawing direction (which tells some gestures apart) is visible.
    painter.setBrush(QColor(0x4e, 0x79, 0xa7));
    painter.setPen(Qt::NoPen);
    painter.drawEllipse(m_stroke.first(), 6, 6);
}

void GesturePad::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_drawing = true;
    m_stroke = {event->position()};
    update();
}

void GesturePad::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_drawing)
        return;
    const QPointF point = event->position();
    if (!m_stroke.isEmpty() && m_stroke.last() == point)
        return;
    m_stroke << point;
    update();
    Q_EMIT strokeChanged(m_stroke);
}

void GesturePad::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !m_drawing)
        return;
    m_drawing = false;
    if (m_stroke.last() != event->position())
        m_stroke << event->position();
    update();
    Q_EMIT strokeFinished(m_stroke);
}

}  // namespace mb::ui
