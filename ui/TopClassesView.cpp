#include "TopClassesView.h"

#include "Format.h"

#include <QPainter>
#include <QPainterPath>

namespace mb::ui {
namespace {
const int kRowHeight = 30;
const int kMaxRows = 5;
}  // namespace

TopClassesView::TopClassesView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("topClasses"));
    setMinimumSize(220, kRowHeight * kMaxRows + 8);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void TopClassesView::setClasses(const QVector<QPair<QString, double>>& classes)
{
    m_classes = classes.mid(0, kMaxRows);
    update();
}

void TopClassesView::setPlaceholder(const QString& text)
{
    m_placeholder = text;
    update();
}

QSize TopClassesView::sizeHint() const
{
    return {320, kRowHeight * kMaxRows + 8};
}

void TopClassesView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    if (m_classes.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }
    const QFontMetrics metrics(font());
    const int labelWidth = qMin(width() / 2, 160);
    const int valueWidth = metrics.horizontalAdvance(QStringLiteral("0.000")) + 8;
    const int barWidth = qMax(10, width() - labelWidth - valueWidth - 8);
    for (int i = 0; i < m_classes.size(); ++i) {
        const auto& [label, probability] = m_classes.at(i);
        const int y = 4 + i * kRowHeight;
        QFont rowFont = font();
        rowFont.setBold(i == 0);
        painter.setFont(rowFont);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(0, y, labelWidth - 6, kRowHeight - 6), Qt::AlignRight | Qt::AlignVCenter,
                         metrics.elidedText(label, Qt::ElideMiddle, labelWidth - 6));
        const QRectF track(labelWidth, y + 4, barWidth, kRowHeight - 14);
        QPainterPath trackPath;
        trackPath.addRoundedRect(track, 3, 3);
        painter.fillPath(trackPath, palette().color(QPalette::AlternateBase));
        QPainterPath bar;
        bar.addRoundedRect(QRectF(track.topLeft(), QSizeF(qMax(2.0, track.width() * qBound(0.0, probability, 1.0)), track.height())), 3, 3);
        QColor color = format::seriesColor(0);
        if (i > 0)
            color.setAlpha(150);
        painter.fillPath(bar, color);
        painter.drawText(QRect(labelWidth + barWidth + 6, y, valueWidth, kRowHeight - 6), Qt::AlignLeft | Qt::AlignVCenter,
                         format::metric(probability));
    }
}

}  // namespace mb::ui
