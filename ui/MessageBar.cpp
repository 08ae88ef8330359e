#include "MessageBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace mb::ui {

MessageBar::MessageBar(QWidget* parent) : QFrame(parent), m_label(new QLabel(this))
{
    setObjectName(QStringLiteral("messageBar"));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* close = new QToolButton(this);
    close->setText(QStringLiteral("\u2715"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Dismiss"));
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_label, 1);
    layout->addWidget(close);
    hide();
}

void MessageBar::showMessage(const QString& text, Kind kind)
{
    const bool error = kind == Kind::Error;
    setStyleSheet(error ? QStringLiteral("#messageBar { background: #fdecea; border: 1px solid #f5c2c0; }")
                        : QStringLiteral("#messageBar { background: #e8f1fb; border: 1px solid #b9d3f0; }"));
    m_label->setText(text);
    show();
}

QString MessageBar::text() const
{
    return m_label->text();
}

}  // namespace mb::ui
