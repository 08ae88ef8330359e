#pragma once

#include "UserInfo.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace mb {

// An API token as the registry's `api_tokens` table records it: never the secret, only
// what identifies it. A plain value type.
struct TokenInfo {
    qint64 id = 0;
    QString user;        // the owner's name; empty once the owner was removed
    QString name;        // the label given at creation ("ci", "laptop"); may be empty
    QString prefix;      // "mbt_" and the secret's next 8 characters, safe to show
    UserRole role = UserRole::User;
    QString createdAt;   // ISO 8601, UTC
    QString expiresAt;   // empty: never expires
    QString revokedAt;   // empty: not revoked
    QString lastUsedAt;  // empty: never used (updated at most once a minute)

    bool isRevoked() const { return !revokedAt.isEmpty(); }
    bool isExpired(const QDateTime& now = QDateTime::currentDateTimeUtc()) const;
    // "active", "expired" or "revoked".
    QString state(const QDateTime& now = QDateTime::currentDateTimeUtc()) const;
    QJsonObject toJson() const;
};

// A token just made: its record and its secret, which is shown once and never stored.
struct CreatedToken {
    TokenInfo info;
    QString secret;  // "mbt_" + 43 base64url characters (32 random bytes)
};

// Who a request acts for, once its token checked out.
struct Principal {
    QString user;
    UserRole role = UserRole::User;  // the token's role, capped by its owner's
    qint64 tokenId = 0;
};

}  // namespace mb
