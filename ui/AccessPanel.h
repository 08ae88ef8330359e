#pragma once

#include <QWidget>

#include <memory>

class QPushButton;
class QTableWidget;

namespace mb {
class Workspace;
}

namespace mb::ui {

// Who may call the API when tokens are required: the users (add with a password, remove)
// and their API tokens (create one and copy its secret, shown once; revoke). Everything goes
// through core's UserStore and TokenStore and is audited as "gui". GUI thread only; password
// hashing (argon2id, deliberately slow) runs in the background.
class AccessPanel : public QWidget {
    Q_OBJECT
public:
    explicit AccessPanel(std::shared_ptr<const Workspace> workspace, QWidget* parent = nullptr);

    QTableWidget* userTable() const { return m_users; }
    QTableWidget* tokenTable() const { return m_tokens; }

    // The actions without their dialogs (tests, scripts). Errors go to errorOccurred.
    void addUser(const QString& name, const QString& password, bool admin);   // asynchronous: usersChanged
    bool removeUser(const QString& name);
    // The new token's secret, empty on failure. `lifetimeSeconds` 0: never expires.
    QString createToken(const QString& user, const QString& label, qint64 lifetimeSeconds);
    bool revokeToken(const QString& prefix);

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void usersChanged();
    void errorOccurred(const QString& message);
    void noticeOccurred(const QString& message);

private:
    void onAddUser();
    void onRemoveUser();
    void onCreateToken();
    void onRevokeToken();
    void showSecret(const QString& secret);
    void updateActions();
    QString selectedText(QTableWidget* table) const;

    std::shared_ptr<const Workspace> m_workspace;
    QTableWidget* m_users;
    QTableWidget* m_tokens;
    QPushButton* m_addUser;
    QPushButton* m_removeUser;
    QPushButton* m_createToken;
    QPushButton* m_revokeToken;
};

}  // namespace mb::ui
