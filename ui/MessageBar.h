#pragma once

#include <QFrame>

class QLabel;

namespace mb::ui {

// A dismissable strip at the top of the window that shows errors and notices without
// interrupting the user with a dialog. GUI thread only.
class MessageBar : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Info, Error };

    explicit MessageBar(QWidget* parent = nullptr);

    void showMessage(const QString& text, Kind kind = Kind::Info);
    QString text() const;

private:
    QLabel* m_label;
};

}  // namespace mb::ui
