#pragma once

#include <QJsonObject>
#include <QString>

namespace mb {

// What a user or a token may do through the API: User calls read and predict endpoints,
// Admin also the ones that change the registry.
enum class UserRole { User, Admin };

// "user", "admin": the `role` columns and the API.
QString toString(UserRole role);
// The inverse of toString(); throws InvalidArgument naming `field` for anything else.
UserRole userRoleFromString(const QString& name, const QString& field = QStringLiteral("role"));
// The lesser of two roles (a token never grants more than its owner has).
inline UserRole lesserRole(UserRole a, UserRole b) { return a == UserRole::Admin ? b : UserRole::User; }

// A user of the local API, as the registry's `users` table records it (never the password
// hash). A plain value type.
struct UserInfo {
    qint64 id = 0;
    QString name;
    UserRole role = UserRole::User;
    QString createdAt;  // ISO 8601, UTC

    QJsonObject toJson() const;
};

}  // namespace mb
