#pragma once

#include <QKeySequence>
#include <QWidget>

class QAction;
class QHBoxLayout;

namespace mb::ui {

// The title row of every view: a title, a one-line description and the view's actions as
// buttons on the right. GUI thread only.
class PageHeader : public QWidget {
    Q_OBJECT
public:
    PageHeader(const QString& title, const QString& description, QWidget* parent = nullptr);

    // Adds a button for a new action (with an optional shortcut, active while the view is
    // shown) and returns the action to connect to.
    QAction* addAction(const QString& text, const QKeySequence& shortcut = {});

private:
    QHBoxLayout* m_actions;
};

}  // namespace mb::ui
