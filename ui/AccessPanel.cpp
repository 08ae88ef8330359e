#include "AccessPanel.h"

#include "BackgroundTask.h"
#include "TokenStore.h"
#include "UserStore.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

const QString kActor = QStringLiteral("gui");

QTableWidget* makeTable(const QStringList& headers, const QString& name, QWidget* parent)
{
    auto* table = new QTableWidget(0, int(headers.size()), parent);
    table->setObjectName(name);
    table->setHorizontalHeaderLabels(headers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setAlternatingRowColors(true);
    return table;
}

void setRow(QTableWidget* table, int row, const QStringList& cells)
{
    for (int column = 0; column < cells.size(); ++column)
        table->setItem(row, column, new QTableWidgetItem(cells.at(column)));
}

QString shortTime(const QString& iso)
{
    return iso.isEmpty() ? QStringLiteral("—") : iso.left(16).replace(QLatin1Char('T'), QLatin1Char(' '));
}

}  // namespace

AccessPanel::AccessPanel(std::shared_ptr<const Workspace> workspace, QWidget* parent)
    : QWidget(parent),
      m_workspace(std::move(workspace)),
      m_users(makeTable({tr("User"), tr("Role"), tr("Created (UTC)")}, QStringLiteral("userTable"), this)),
      m_tokens(makeTable({tr("Token"), tr("User"), tr("Label"), tr("Role"), tr("State"), tr("Expires (UTC)"), tr("Last used")},
                         QStringLiteral("tokenTable"), this)),
      m_addUser(new QPushButton(tr("Add user…"), this)),
      m_removeUser(new QPushButton(tr("Remove"), this)),
      m_createToken(new QPushButton(tr("Create token…"), this)),
      m_revokeToken(new QPushButton(tr("Revoke"), this))
{
    connect(m_addUser, &QPushButton::clicked, this, &AccessPanel::onAddUser);
    connect(m_removeUser, &QPushButton::clicked, this, &AccessPanel::onRemoveUser);
    connect(m_createToken, &QPushButton::clicked, this, &AccessPanel::onCreateToken);
    connect(m_revokeToken, &QPushButton::clicked, this, &AccessPanel::onRevokeToken);
    connect(m_users, &QTableWidget::itemSelectionChanged, this, &AccessPanel::updateActions);
    connect(m_tokens, &QTableWidget::itemSelectionChanged, this, &AccessPanel::updateActions);

    auto* userButtons = new QHBoxLayout;
    userButtons->addWidget(m_addUser);
    userButtons->addWidget(m_removeUser);
    userButtons->addStretch(1);
    auto* tokenButtons = new QHBoxLayout;
    tokenButtons->addWidget(m_createToken);
    tokenButtons->addWidget(m_revokeToken);
    tokenButtons->addStretch(1);

    auto* users = new QVBoxLayout;
    users->addWidget(new QLabel(tr("<b>Users</b>"), this));
    users->addWidget(m_users, 1);
    users->addLayout(userButtons);
    auto* tokens = new QVBoxLayout;
    tokens->addWidget(new QLabel(tr("<b>API tokens</b> (sent as <tt>Authorization: Bearer …</tt>)"), this));
    tokens->addWidget(m_tokens, 1);
    tokens->addLayout(tokenButtons);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(users, 2);
    layout->addLayout(tokens, 5);
    refresh();
}

void AccessPanel::refresh()
{
    try {
        const QVector<UserInfo> users = UserStore(*m_workspace).list();
        m_users->setRowCount(int(users.size()));
        for (int row = 0; row < users.size(); ++row)
            setRow(m_users, row, {users.at(row).name, toString(users.at(row).role), shortTime(users.at(row).createdAt)});
        const QVector<TokenInfo> tokens = TokenStore(*m_workspace).list();
        m_tokens->setRowCount(int(tokens.size()));
        for (int row = 0; row < tokens.size(); ++row) {
            const TokenInfo& t = tokens.at(row);
            setRow(m_tokens, row, {t.prefix, t.user, t.name, toString(t.role), t.state(), t.expiresAt.isEmpty() ? tr("never") : shortTime(t.expiresAt),
                                   shortTime(t.lastUsedAt)});
        }
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
    }
    updateActions();
}

void AccessPanel::updateActions()
{
    m_removeUser->setEnabled(!selectedText(m_users).isEmpty());
    m_createToken->setEnabled(m_users->rowCount() > 0);
    const int tokenRow = m_tokens->currentRow();
    m_revokeToken->setEnabled(!selectedText(m_tokens).isEmpty() && m_tokens->item(tokenRow, 4)
                              && m_tokens->item(tokenRow, 4)->text() == QLatin1String("active"));
}

QString AccessPanel::selectedText(QTableWidget* table) const
{
    const QList<QTableWidgetItem*> items = table->selectedItems();
    return items.isEmpty() ? QString() : table->item(items.first()->row(), 0)->text();
}

void AccessPanel::addUser(const QString& name, const QString& password, bool admin)
{
    const std::shared_ptr<const Workspace> workspace = m_workspace;
    runInBackground<QString>(
        this, m_workspace,
        [workspace, name, password, admin] {
            return UserStore(*workspace).add(name, password, admin ? UserRole::Admin : UserRole::User, kActor).name;
        },
        [this](const QString& added) {
            refresh();
            Q_EMIT noticeOccurred(tr("User %1 added.").arg(added));
            Q_EMIT usersChanged();
        },
        [this](const QString& message) {
            Q_EMIT errorOccurred(message);
            Q_EMIT usersChanged();
        });
}

bool AccessPanel::removeUser(const QString& name)
{
    try {
        UserStore(*m_workspace).remove(name, kActor);
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
        return false;
    }
    refresh();
    Q_EMIT usersChanged();
    return true;
}

QString AccessPanel::createToken(const QString& user, const QString& label, qint64 lifetimeSeconds)
{
    NewToken request;
    request.user = user;
    request.name = label;
    if (lifetimeSeconds > 0)
        request.lifetimeSeconds = lifetimeSeconds;
    try {
        const CreatedToken created = TokenStore(*m_workspace).create(request, kActor);
        refresh();
        return created.secret;
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
        return {};
    }
}

bool AccessPanel::revokeToken(const QString& prefix)
{
    try {
        TokenStore(*m_workspace).revoke(prefix, kActor);
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
        return false;
    }
    refresh();
    return true;
}

void AccessPanel::onAddUser()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Add an API user"));
    auto* name = new QLineEdit(&dialog);
    auto* password = new QLineEdit(&dialog);
    auto* repeat = new QLineEdit(&dialog);
    password->setEchoMode(QLineEdit::Password);
    repeat->setEchoMode(QLineEdit::Password);
    auto* admin = new QCheckBox(tr("Admin (may change the registry)"), &dialog);
    auto* note = new QLabel(tr("At least 8 characters."), &dialog);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    const auto check = [=] {
        const bool match = password->text() == repeat->text();
        note->setText(match ? tr("At least 8 characters.") : tr("The passwords differ."));
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!name->text().trimmed().isEmpty() && match && password->text().size() >= 8);
    };
    connect(name, &QLineEdit::textChanged, &dialog, check);
    connect(password, &QLineEdit::textChanged, &dialog, check);
    connect(repeat, &QLineEdit::textChanged, &dialog, check);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    check();
    auto* form = new QFormLayout(&dialog);
    form->addRow(tr("Name:"), name);
    form->addRow(tr("Password:"), password);
    form->addRow(tr("Again:"), repeat);
    form->addRow(QString(), admin);
    form->addRow(QString(), note);
    form->addRow(buttons);
    if (dialog.exec() == QDialog::Accepted)
        addUser(name->text().trimmed(), password->text(), admin->isChecked());
}

void AccessPanel::onRemoveUser()
{
    const QString name = selectedText(m_users);
    if (name.isEmpty())
        return;
    if (QMessageBox::question(this, tr("Remove user"), tr("Remove %1 and revoke all of their tokens?").arg(name)) == QMessageBox::Yes)
        removeUser(name);
}

void AccessPanel::onCreateToken()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Create an API token"));
    auto* user = new QComboBox(&dialog);
    for (int row = 0; row < m_users->rowCount(); ++row)
        user->addItem(m_users->item(row, 0)->text());
    if (!selectedText(m_users).isEmpty())
        user->setCurrentText(selectedText(m_users));
    auto* label = new QLineEdit(&dialog);
    label->setPlaceholderText(tr("e.g. laptop, ci"));
    auto* lifetime = new QComboBox(&dialog);
    lifetime->addItem(tr("1 day"), qint64(86400));
    lifetime->addItem(tr("30 days"), qint64(30) * 86400);
    lifetime->addItem(tr("1 year"), qint64(365) * 86400);
    lifetime->addItem(tr("never expires"), qint64(0));
    lifetime->setCurrentIndex(1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* form = new QFormLayout(&dialog);
    form->addRow(tr("For user:"), user);
    form->addRow(tr("Label:"), label);
    form->addRow(tr("Lifetime:"), lifetime);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString secret = createToken(user->currentText(), label->text().trimmed(), lifetime->currentData().toLongLong());
    if (!secret.isEmpty())
        showSecret(secret);
}

void AccessPanel::showSecret(const QString& secret)
{
    QApplication::clipboard()->setText(secret);
    QMessageBox box(QMessageBox::Information, tr("API token created"),
                    tr("The token is on the clipboard. It is shown this once only: keep it somewhere safe.\n\n%1").arg(secret),
                    QMessageBox::Ok, this);
    box.setTextInteractionFlags(Qt::TextSelectableByMouse);
    box.exec();
}

void AccessPanel::onRevokeToken()
{
    const QString prefix = selectedText(m_tokens);
    if (!prefix.isEmpty() && QMessageBox::question(this, tr("Revoke token"), tr("Revoke %1? Requests with it are refused from now on.").arg(prefix)) == QMessageBox::Yes)
        revokeToken(prefix);
}

}  // namespace mb::ui
