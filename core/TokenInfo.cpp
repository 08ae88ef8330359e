#include "TokenInfo.h"

namespace mb {

bool TokenInfo::isExpired(const QDateTime& now) const
{
    if (expiresAt.isEmpty())
        return false;
    const QDateTime expiry = QDateTime::fromString(expiresAt, Qt::ISODateWithMs);
    // An unreadable expiry counts as passed: a token is never valid by accident.
    return !expiry.isValid() || expiry <= now;
}

QString TokenInfo::state(const QDateTime& now) const
{
    if (isRevoked())
        return QStringLiteral("revoked");
    return isExpired(now) ? QStringLiteral("expired") : QStringLiteral("active");
}

QJsonObject TokenInfo::toJson() const
{
    const auto orNull = [](const QString& text) { return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text); };
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("user"), orNull(user)},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("prefix"), prefix},
                       {QStringLiteral("role"), toString(role)},
                       {QStringLiteral("state"), state()},
                       {QStringLiteral("created_at"), createdAt},
                       {QStringLiteral("expires_at"), orNull(expiresAt)},
                       {QStringLiteral("revoked_at"), orNull(revokedAt)},
                       {QStringLiteral("last_used_at"), orNull(lastUsedAt)}};
}

}  // namespace mb
