#include "PageHeader.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace mb::ui {

PageHeader::PageHeader(const QString& title, const QString& description, QWidget* parent)
    : QWidget(parent), m_actions(new QHBoxLayout)
{
    auto* titleLabel = new QLabel(title, this);
    QFont font = titleLabel->font();
    font.setPointSizeF(font.pointSizeF() * 1.5);
    font.setBold(true);
    titleLabel->setFont(font);
    auto* descriptionLabel = new QLabel(description, this);
    descriptionLabel->setStyleSheet(QStringLiteral("color: #6b6b6b;"));

    auto* text = new QVBoxLayout;
    text->setSpacing(2);
    text->addWidget(titleLabel);
    text->addWidget(descriptionLabel);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 8);
    layout->addLayout(text, 1);
    layout->addLayout(m_actions);
}

QAction* PageHeader::addAction(const QString& text, const QKeySequence& shortcut)
{
    auto* action = new QAction(text, this);
    action->setShortcut(shortcut);
    // Window-wide, but Qt ignores shortcuts of hidden widgets: it works while the view is shown.
    action->setShortcutContext(Qt::WindowShortcut);
    if (!shortcut.isEmpty())
        action->setToolTip(QStringLiteral("%1 (%2)").arg(text, shortcut.toString(QKeySequence::NativeText)));
    (parentWidget() ? parentWidget() : this)->addAction(action);
    auto* button = new QToolButton(this);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_actions->addWidget(button);
    return action;
}

}  // namespace mb::ui
