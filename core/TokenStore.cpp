#include "TokenStore.h"

#include "Crypto.h"
#include "Error.h"
#include "Sha256.h"
#include "Sql.h"
#include "UserStore.h"
#include "Workspace.h"
#include "WriteTransaction.h"

#include <QRegularExpression>

namespace mb {
namespace {

const QString kSecretMark = QStringLiteral("mbt_");
constexpr int kSecretBytes = 32;
constexpr int kEncodedLength = 43;  // 32 bytes in base64url without padding
constexpr int kPrefixLength = 12;   // the mark and 8 characters
constexpr int kMaxLabelLength = 100;
constexpr qint64 kTouchIntervalSeconds = 60;

// The registry's timestamp format (strftime('%Y-%m-%dT%H:%M:%fZ')), so text order is time order.
QString timestamp(const QDateTime& time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz'Z'"));
}

bool isWellFormed(const QString& secret)
{
    static const QRegularExpression pattern(QStringLiteral("^mbt_[A-Za-z0-9_-]{%1}$").arg(kEncodedLength));
    return pattern.match(secret).hasMatch();
}

}  // namespace

QString TokenStore::prefixOf(const QString& secret)
{
    return secret.left(kPrefixLength);
}

QVector<TokenInfo> TokenStore::query(const QString& where, const QVariantList& values) const
{
    QSqlQuery query = sql::exec(m_workspace.database(),
                                QStringLiteral("SELECT t.id, COALESCE(u.name, ''), t.name, t.prefix, t.role, t.created_at, "
                                               "COALESCE(t.expires_at, ''), COALESCE(t.revoked_at, ''), COALESCE(t.last_used_at, '') "
                                               "FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id %1")
                                    .arg(where),
                                values);
    QVector<TokenInfo> tokens;
    while (query.next()) {
        TokenInfo token;
        token.id = query.value(0).toLongLong();
        token.user = query.value(1).toString();
        token.name = query.value(2).toString();
        token.prefix = query.value(3).toString();
        token.role = userRoleFromString(query.value(4).toString());
        token.createdAt = query.value(5).toString();
        token.expiresAt = query.value(6).toString();
        token.revokedAt = query.value(7).toString();
        token.lastUsedAt = query.value(8).toString();
        tokens << token;
    }
    return tokens;
}

CreatedToken TokenStore::create(const NewToken& request, const QString& actor) const
{
    if (request.name.size() > kMaxLabelLength)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("token name: it may have at most %1 characters").arg(kMaxLabelLength));
    if (request.lifetimeSeconds && *request.lifetimeSeconds <= 0)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("token lifetime: %1 seconds is not positive").arg(*request.lifetimeSeconds));

    const QSqlDatabase db = m_workspace.database();
    WriteTransaction transaction(db);
    const UserInfo owner = UserStore(m_workspace).get(request.user);
    const UserRole role = request.role.value_or(owner.role);
    if (role == UserRole::Admin && owner.role != UserRole::Admin)
        throw Error(ErrorCode::Forbidden, QStringLiteral("user '%1' has the user role, so it cannot have an admin token").arg(owner.name));

    CreatedToken created;
    created.secret = kSecretMark + crypto::randomBase64Url(kSecretBytes);
    const QString prefix = prefixOf(created.secret);
    const QVariant expiresAt = request.lifetimeSeconds ? QVariant(timestamp(QDateTime::currentDateTimeUtc().addSecs(*request.lifetimeSeconds)))
                                                       : QVariant();
    const QSqlQuery inserted = sql::exec(db,
                                         QStringLiteral("INSERT INTO api_tokens (user_id, name, token_hash, prefix, role, expires_at) "
                                                        "VALUES (?, ?, ?, ?, ?, ?)"),
                                         {owner.id, request.name, Sha256::hex(created.secret.toLatin1()), prefix, toString(role), expiresAt});
    const qint64 id = inserted.lastInsertId().toLongLong();
    m_workspace.audit(actor, QStringLiteral("token.create"), QStringLiteral("token:%1").arg(id),
                      QStringLiteral("user %1, role %2, prefix %3, expires %4")
                          .arg(owner.name, toString(role), prefix, expiresAt.isNull() ? QStringLiteral("never") : expiresAt.toString()));
    created.info = query(QStringLiteral("WHERE t.id = ?"), {id}).value(0);
    transaction.commit();
    return created;
}

QVector<TokenInfo> TokenStore::list() const
{
    return query(QStringLiteral("ORDER BY t.id DESC"), {});
}

TokenInfo TokenStore::get(const QString& idOrPrefix) const
{
    bool numeric = false;
    const qint64 id = idOrPrefix.toLongLong(&numeric);
    const QVector<TokenInfo> found = numeric ? query(QStringLiteral("WHERE t.id = ?"), {id})
                                             : query(QStringLiteral("WHERE t.prefix = ? ORDER BY t.id"), {prefixOf(idOrPrefix)});
    if (found.isEmpty())
        throw Error(ErrorCode::NotFound, QStringLiteral("no token '%1' (give its id or its prefix, as 'token list' shows them)").arg(idOrPrefix));
    if (found.size() > 1)
        throw Error(ErrorCode::Conflict, QStringLiteral("%1 tokens start with '%2': give the id instead").arg(found.size()).arg(idOrPrefix));
    return found.first();
}

TokenInfo TokenStore::revoke(const QString& idOrPrefix, const QString& actor) const
{
    const QSqlDatabase db = m_workspace.database();
    WriteTransaction transaction(db);
    const TokenInfo token = get(idOrPrefix);
    if (token.isRevoked())
        throw Error(ErrorCode::Conflict, QStringLiteral("token %1 (%2) was revoked already, at %3").arg(token.id).arg(token.prefix, token.revokedAt));
    sql::exec(db, QStringLiteral("UPDATE api_tokens SET revoked_at = ? WHERE id = ?"), {timestamp(QDateTime::currentDateTimeUtc()), token.id});
    m_workspace.audit(actor, QStringLiteral("token.revoke"), QStringLiteral("token:%1").arg(token.id),
                      QStringLiteral("user %1, prefix %2").arg(token.user, token.prefix));
    const TokenInfo revoked = get(QString::number(token.id));
    transaction.commit();
    return revoked;
}

int TokenStore::revokeAllOf(qint64 userId) const
{
    const QSqlQuery updated = sql::exec(m_workspace.database(),
                                        QStringLiteral("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL"),
                                        {timestamp(QDateTime::currentDateTimeUtc()), userId});
    return updated.numRowsAffected();
}

Principal TokenStore::authenticate(const QString& secret) const
{
    if (!isWellFormed(secret))
        throw Error(ErrorCode::Unauthorized, QStringLiteral("the token is not valid"));
    const QByteArray hash = Sha256::hex(secret.toLatin1()).toLatin1();
    // Candidates by prefix, then the hashes compared in constant time: how long the check
    // takes says nothing about how much of a guessed secret was right.
    QSqlQuery rows = sql::exec(m_workspace.database(),
                               QStringLiteral("SELECT t.id, t.token_hash, t.role, u.name, u.role FROM api_tokens t "
                                              "JOIN users u ON u.id = t.user_id WHERE t.prefix = ?"),
                               {prefixOf(secret)});
    while (rows.next()) {
        if (!crypto::equalConstantTime(rows.value(1).toString().toLatin1(), hash))
            continue;
        const qint64 id = rows.value(0).toLongLong();
        const TokenInfo token = query(QStringLiteral("WHERE t.id = ?"), {id}).value(0);
        if (token.isRevoked())
            throw Error(ErrorCode::Unauthorized, QStringLiteral("the token was revoked"));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (token.isExpired(now))
            throw Error(ErrorCode::Unauthorized, QStringLiteral("the token has expired"));
        const QDateTime lastUsed = QDateTime::fromString(token.lastUsedAt, Qt::ISODateWithMs);
        if (!lastUsed.isValid() || lastUsed.secsTo(now) >= kTouchIntervalSeconds)
            touch(id, timestamp(now));
        Principal principal;
        principal.user = rows.value(3).toString();
        principal.role = lesserRole(userRoleFromString(rows.value(2).toString()), userRoleFromString(rows.value(4).toString()));
        principal.tokenId = id;
        return principal;
    }
    throw Error(ErrorCode::Unauthorized, QStringLiteral("the token is not valid"));
}

void TokenStore::touch(qint64 id, const QString& lastUsedAt) const
{
    try {
        sql::exec(m_workspace.database(), QStringLiteral("UPDATE api_tokens SET last_used_at = ? WHERE id = ?"), {lastUsedAt, id});
    } catch (const Error&) {
        // Bookkeeping only: a busy registry must not turn a valid token away.
    }
}

}  // namespace mb
