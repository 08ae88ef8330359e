#pragma once

#include "TokenInfo.h"

#include <QVector>

#include <optional>

namespace mb {

class Workspace;

// What a new API token is for.
struct NewToken {
    QString user;                          // the owner's name
    QString name;                          // a label ("ci", "laptop"); may be empty
    std::optional<qint64> lifetimeSeconds; // none: never expires
    std::optional<UserRole> role;          // none: the owner's role
};

// API tokens in the registry's `api_tokens` table. A secret is "mbt_" + 32 random bytes in
// base64url; only its SHA-256 is stored, with a prefix to show. Tokens are found by prefix
// and their hashes compared in constant time. Changes are one transaction each and are
// written to the audit log with `actor` (never with a secret). Holds a reference to the
// workspace; thread-safe as Workspace is.
class TokenStore {
public:
    explicit TokenStore(const Workspace& workspace) : m_workspace(workspace) {}

    // The secret is in the result only: it cannot be read back later. Throws NotFound for
    // an unknown user, InvalidArgument for a lifetime that is not positive or a label over
    // 100 characters, Forbidden for an admin token of a user who is not an admin.
    CreatedToken create(const NewToken& request, const QString& actor) const;
    // Newest first, revoked and expired ones included.
    QVector<TokenInfo> list() const;
    // `idOrPrefix`: the numeric id, or the prefix as listed ("mbt_xxxxxxxx"). NotFound, or
    // Conflict when a prefix is shared by several tokens (then use the id).
    TokenInfo get(const QString& idOrPrefix) const;
    // Throws Conflict when the token is revoked already.
    TokenInfo revoke(const QString& idOrPrefix, const QString& actor) const;
    // Revokes every live token of a user, in the caller's transaction; returns how many.
    int revokeAllOf(qint64 userId) const;

    // Who `secret` belongs to. Throws Unauthorized when it is malformed, unknown, revoked or
    // expired, or its owner was removed. Records the use (last_used_at, at most once a minute).
    Principal authenticate(const QString& secret) const;

    // The prefix shown for a secret: "mbt_" and the next 8 characters.
    static QString prefixOf(const QString& secret);

private:
    QVector<TokenInfo> query(const QString& where, const QVariantList& values) const;
    void touch(qint64 id, const QString& lastUsedAt) const;

    const Workspace& m_workspace;
};

}  // namespace mb
