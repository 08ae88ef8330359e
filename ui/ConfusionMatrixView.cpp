#include "ConfusionMatrixView.h"

#include <QHelpEvent>
#include <QJsonArray>
#include <QJsonObject>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace mb::ui {
namespace {

constexpr int kMaxCell = 60;
constexpr int kMinCell = 6;
constexpr int kTitleHeight = 22;

QColor shade(double share)
{
    // White to a deep blue, perceptually even enough for a heatmap.
    const QColor low(0xf7fbff);
    const QColor high(0x08519c);
    const double t = std::clamp(share, 0.0, 1.0);
    return QColor::fromRgbF(low.redF() + (high.redF() - low.redF()) * t, low.greenF() + (high.greenF() - low.greenF()) * t,
                            low.blueF() + (high.blueF() - low.blueF()) * t);
}

}  // namespace

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent) : QWidget(parent), m_emptyText(tr("No confusion matrix"))
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ConfusionMatrixView::setMatrix(const QStringList& labels, const QVector<QVector<qint64>>& confusion)
{
    m_labels = labels;
    m_confusion = confusion;
    if (m_confusion.size() != m_labels.size())
        m_confusion.clear();
    for (const auto& row : std::as_const(m_confusion)) {
        if (row.size() != m_labels.size()) {
            m_confusion.clear();
            break;
        }
    }
    if (m_confusion.isEmpty())
        m_labels.clear();
    m_rowTotals.clear();
    for (const auto& row : std::as_const(m_confusion)) {
        qint64 total = 0;
        for (qint64 value : row)
            total += value;
        m_rowTotals << total;
    }
    m_hover = {-1, -1};
    updateGeometry();
    update();
}

void ConfusionMatrixView::setReport(const QJsonObject& report)
{
    QStringList labels;
    for (const QJsonValue& label : report.value(QStringLiteral("labels")).toArray())
        labels << label.toString();
    QVector<QVector<qint64>> confusion;
    for (const QJsonValue& row : report.value(QStringLiteral("confusion")).toArray()) {
        QVector<qint64> values;
        for (const QJsonValue& value : row.toArray())
            values << value.toInteger();
        confusion << values;
    }
    setMatrix(labels, confusion);
}

void ConfusionMatrixView::setTitle(const QString& title)
{
    m_title = title;
    update();
}

void ConfusionMatrixView::setEmptyText(const QString& text)
{
    m_emptyText = text;
    update();
}

ConfusionMatrixView::Geometry ConfusionMatrixView::geometry() const
{
    Geometry g;
    const QFontMetrics metrics(font());
    int labelWidth = 0;
    for (const QString& label : m_labels)
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(label));
    g.labelWidth = std::min(labelWidth, 140) + 10;
    g.headerHeight = std::min(g.labelWidth, 100);  // predicted labels are written upwards, elided
    const int top = (m_title.isEmpty() ? 0 : kTitleHeight) + g.headerHeight;
    const int n = std::max(1, int(m_labels.size()));
    const int available = std::min(width() - g.labelWidth - 4, height() - top - 4);
    g.cell = std::clamp(available / n, kMinCell, kMaxCell);
    g.grid = QRect(g.labelWidth, top, g.cell * n, g.cell * n);
    return g;
}

QRect ConfusionMatrixView::cellRect(int truth, int predicted) const
{
    const Geometry g = geometry();
    return QRect(g.grid.left() + predicted * g.cell, g.grid.top() + truth * g.cell, g.cell, g.cell);
}

QPoint ConfusionMatrixView::cellAt(const QPoint& position) const
{
    const Geometry g = geometry();
    if (m_labels.isEmpty() || !g.grid.contains(position))
        return {-1, -1};
    return {(position.x() - g.grid.left()) / g.cell, (position.y() - g.grid.top()) / g.cell};
}

QSize ConfusionMatrixView::sizeHint() const
{
    const int n = std::max(2, int(m_labels.size()));
    const QFontMetrics metrics(font());
    int labelWidth = 0;
    for (const QString& label : m_labels)
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(label));
    labelWidth = std::min(labelWidth, 140) + 10;
    const int cell = n > 12 ? 26 : 36;
    return QSize(labelWidth + n * cell + 8, (m_title.isEmpty() ? 0 : kTitleHeight) + std::min(labelWidth, 100) + n * cell + 8);
}

QSize ConfusionMatrixView::minimumSizeHint() const
{
    return QSize(160, 160);
}

void ConfusionMatrixView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.fillRect(rect(), palette().base());
    if (!m_title.isEmpty()) {
        QFont bold = font();
        bold.setBold(true);
        painter.setFont(bold);
        painter.setPen(palette().text().color());
        painter.drawText(QRect(0, 0, width(), kTitleHeight), Qt::AlignLeft | Qt::AlignVCenter, m_title);
        painter.setFont(font());
    }
    if (m_labels.isEmpty()) {
        painter.setPen(QColor(0x8a8a8a));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
        return;
    }
    const Geometry g = geometry();
    const int n = int(m_labels.size());
    const QFontMetrics metrics(font());
    QFont cellFont = font();
    if (g.cell < 24)
        cellFont.setPointSizeF(std::max(6.0, cellFont.pointSizeF() * 0.75));

    // Labels: true classes on the left, predicted classes written upwards along the top.
    painter.setPen(palette().text().color());
    for (int i = 0; i < n; ++i) {
        const QString text = metrics.elidedText(m_labels.at(i), Qt::ElideRight, g.labelWidth - 8);
        painter.drawText(QRect(0, g.grid.top() + i * g.cell, g.labelWidth - 6, g.cell), Qt::AlignRight | Qt::AlignVCenter, text);
        painter.save();
        painter.translate(g.grid.left() + i * g.cell, g.grid.top() - 4);
        painter.rotate(-90);
        painter.drawText(QRect(0, 0, g.headerHeight - 8, g.cell), Qt::AlignLeft | Qt::AlignVCenter,
                         metrics.elidedText(m_labels.at(i), Qt::ElideRight, g.headerHeight - 8));
        painter.restore();
    }

    painter.setFont(cellFont);
    for (int t = 0; t < n; ++t) {
        for (int p = 0; p < n; ++p) {
            const QRect cell = cellRect(t, p);
            const qint64 value = m_confusion.at(t).at(p);
            const double share = m_rowTotals.at(t) > 0 ? double(value) / double(m_rowTotals.at(t)) : 0;
            painter.fillRect(cell, value == 0 ? QColor(0xfbfbfb) : shade(0.12 + 0.88 * share));
            painter.setPen(QColor(0xdddddd));
            painter.drawRect(cell.adjusted(0, 0, -1, -1));
            if (value > 0 && g.cell >= 16) {
                painter.setPen(share > 0.5 ? Qt::white : QColor(0x1a1a1a));
                painter.drawText(cell, Qt::AlignCenter, QString::number(value));
            }
        }
    }
    if (m_hover.x() >= 0) {
        painter.setPen(QPen(QColor(0xff7f0e), 2));
        painter.drawRect(cellRect(m_hover.y(), m_hover.x()).adjusted(1, 1, -1, -1));
    }
}

void ConfusionMatrixView::mousePressEvent(QMouseEvent* event)
{
    const QPoint cell = cellAt(event->position().toPoint());
    if (cell.x() >= 0 && event->button() == Qt::LeftButton)
        Q_EMIT cellClicked(cell.y(), cell.x());
    QWidget::mousePressEvent(event);
}

void ConfusionMatrixView::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint cell = cellAt(event->position().toPoint());
    if (cell != m_hover) {
        m_hover = cell;
        update();
    }
    QWidget::mouseMoveEvent(event);
}

bool ConfusionMatrixView::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QPoint cell = cellAt(help->pos());
        if (cell.x() < 0) {
            QToolTip::hideText();
            return true;
        }
        const qint64 value = m_confusion.at(cell.y()).at(cell.x());
        const qint64 total = m_rowTotals.at(cell.y());
        QToolTip::showText(help->globalPos(),
                           tr("true %1, predicted %2: %3 of %4 (%5%)")
                               .arg(m_labels.at(cell.y()), m_labels.at(cell.x()))
                               .arg(value)
                               .arg(total)
                               .arg(total > 0 ? 100.0 * double(value) / double(total) : 0.0, 0, 'f', 1),
                           this);
        return true;
    }
    if (event->type() == QEvent::Leave && m_hover.x() >= 0) {
        m_hover = {-1, -1};
        update();
    }
    return QWidget::event(event);
}

}  // namespace mb::ui
