#include "UserStore.h"

#include "Crypto.h"
#include "Error.h"
#include "Sql.h"
#include "TokenStore.h"
#include "Workspace.h"
#include "WriteTransaction.h"

#include <QRegularExpression>

namespace mb {

void UserStore::checkName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    if (!pattern.match(name).hasMatch()) {
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("user name '%1' is not valid: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
                        .arg(name));
    }
}

void UserStore::checkPassword(const QString& password)
{
    if (password.isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("password: it is empty"));
    if (password.size() < kMinPasswordLength)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("password: it must have at least %1 characters").arg(kMinPasswordLength));
    if (password.size() > kMaxPasswordLength)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("password: it may have at most %1 characters").arg(kMaxPasswordLength));
}

QVector<UserInfo> UserStore::query(const QString& where, const QVariantList& values) const
{
    QSqlQuery query = sql::exec(m_workspace.database(), QStringLiteral("SELECT id, name, role, created_at FROM users %1").arg(where), values);
    QVector<UserInfo> users;
    while (query.next()) {
        UserInfo user;
        user.id = query.value(0).toLongLong();
        user.name = query.value(1).toString();
        user.role = userRoleFromString(query.value(2).toString());
        user.createdAt = query.value(3).toString();
        users << user;
    }
    return users;
}

UserInfo UserStore::add(const QString& name, const QString& password, UserRole role, const QString& actor) const
{
    checkName(name);
    checkPassword(password);
    // Hashing is slow on purpose: do it before taking the write lock.
    const QString hash = crypto::hashPassword(password);

    const QSqlDatabase db = m_workspace.database();
    WriteTransaction transaction(db);
    if (!query(QStringLiteral("WHERE name = ?"), {name}).isEmpty())
        throw Error(ErrorCode::AlreadyExists, QStringLiteral("user '%1' exists already").arg(name));
    sql::exec(db, QStringLiteral("INSERT INTO users (name, password_hash, role) VALUES (?, ?, ?)"), {name, hash, toString(role)});
    m_workspace.audit(actor, QStringLiteral("user.add"), QStringLiteral("user:%1").arg(name), QStringLiteral("role %1").arg(toString(role)));
    const UserInfo user = get(name);
    transaction.commit();
    return user;
}

UserInfo UserStore::get(const QString& name) const
{
    const QVector<UserInfo> users = query(QStringLiteral("WHERE name = ?"), {name});
    if (users.isEmpty())
        throw Error(ErrorCode::NotFound, QStringLiteral("no user '%1'").arg(name));
    return users.first();
}

QVector<UserInfo> UserStore::list() const
{
    return query(QStringLiteral("ORDER BY id"), {});
}

bool UserStore::hasAdmin() const
{
    return sql::scalar(m_workspace.database(), QStringLiteral("SELECT COUNT(*) FROM users WHERE role = 'admin'")).toInt() > 0;
}

int UserStore::remove(const QString& name, const QString& actor) const
{
    const QSqlDatabase db = m_workspace.database();
    WriteTransaction transaction(db);
    const UserInfo user = get(name);
    const int revoked = TokenStore(m_workspace).revokeAllOf(user.id);
    sql::exec(db, QStringLiteral("DELETE FROM users WHERE id = ?"), {user.id});
    m_workspace.audit(actor, QStringLiteral("user.remove"), QStringLiteral("user:%1").arg(user.name),
                      QStringLiteral("%1 token(s) revoked").arg(revoked));
    transaction.commit();
    return revoked;
}

UserInfo UserStore::verifyPassword(const QString& name, const QString& password) const
{
    const Error refused(ErrorCode::Unauthorized, QStringLiteral("wrong user name or password"));
    QSqlQuery row = sql::exec(m_workspace.database(), QStringLiteral("SELECT password_hash FROM users WHERE name = ?"), {name});
    if (!row.next()) {
        crypto::burnPasswordVerification(password);
        throw refused;
    }
    if (!crypto::verifyPassword(row.value(0).toString(), password))
        throw refused;
    return get(name);
}

}  // namespace mb
