#include "UserInfo.h"

#include "Error.h"

namespace mb {

QString toString(UserRole role)
{
    return role == UserRole::Admin ? QStringLiteral("admin") : QStringLiteral("user");
}

UserRole userRoleFromString(const QString& name, const QString& field)
{
    if (name == QLatin1String("admin"))
        return UserRole::Admin;
    if (name == QLatin1String("user"))
        return UserRole::User;
    throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: '%2' is not a role (use admin or user)").arg(field, name));
}

QJsonObject UserInfo::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("role"), toString(role)},
                       {QStringLiteral("created_at"), createdAt}};
}

}  // namespace mb
