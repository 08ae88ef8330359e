#include "PreparationStore.h"

#include "Error.h"
#include "Sql.h"
#include "Workspace.h"
#include "WriteTransaction.h"

#include <QHash>
#include <QSet>

namespace mb {
namespace {

constexpr auto kNow = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

PreparationEntry entryOf(const QSqlQuery& query)
{
    PreparationEntry entry;
    entry.key = query.value(0).toString();
    entry.kind = query.value(1).toString();
    entry.datasetVersionId = query.value(2).toLongLong();
    entry.artifact = query.value(3).toString();
    entry.bytes = query.value(4).toLongLong();
    entry.createdAt = query.value(5).toString();
    entry.lastUsedAt = query.value(6).toString();
    return entry;
}

}  // namespace

std::optional<PreparationEntry> PreparationStore::find(const QString& key) const
{
    QSqlQuery query = sql::exec(m_workspace.database(),
                                QStringLiteral("SELECT prep_key, kind, dataset_version_id, artifact, bytes, created_at, last_used_at "
                                               "FROM preparations WHERE prep_key = ?"),
                                {key});
    if (!query.next())
        return std::nullopt;
    return entryOf(query);
}

QByteArray PreparationStore::load(const PreparationEntry& entry) const
{
    const QByteArray bytes = m_workspace.artifacts().get(entry.artifact);  // verifies the hash
    if (bytes.size() != entry.bytes)
        throw Error(ErrorCode::Corrupt, QStringLiteral("cached preparation %1 has %2 bytes, the registry recorded %3")
                                            .arg(entry.artifact).arg(bytes.size()).arg(entry.bytes));
    sql::exec(m_workspace.database(), QStringLiteral("UPDATE preparations SET last_used_at = %1 WHERE prep_key = ?").arg(QLatin1String(kNow)),
              {entry.key});
    return bytes;
}

PreparationEntry PreparationStore::store(const QString& key, const QString& kind, qint64 datasetVersionId, const QByteArray& bytes) const
{
    const QString artifact = m_workspace.artifacts().put(bytes);
    sql::exec(m_workspace.database(),
              QStringLiteral("INSERT INTO preparations (prep_key, kind, dataset_version_id, artifact, bytes) VALUES (?, ?, ?, ?, ?) "
                             "ON CONFLICT (prep_key) DO UPDATE SET kind = excluded.kind, dataset_version_id = excluded.dataset_version_id, "
                             "artifact = excluded.artifact, bytes = excluded.bytes, created_at = %1, last_used_at = %1")
                  .arg(QLatin1String(kNow)),
              {key, kind, datasetVersionId, artifact, qint64(bytes.size())});
    return *find(key);
}

void PreparationStore::discard(const PreparationEntry& entry) const
{
    sql::exec(m_workspace.database(), QStringLiteral("DELETE FROM preparations WHERE prep_key = ?"), {entry.key});
    m_workspace.artifacts().remove(entry.artifact);
}

PreparationCacheStats PreparationStore::stats() const
{
    // An artifact shared by several keys takes its room once.
    QSqlQuery query = sql::exec(m_workspace.database(),
                                QStringLiteral("SELECT (SELECT COUNT(*) FROM preparations), "
                                               "(SELECT COALESCE(SUM(bytes), 0) FROM (SELECT MAX(bytes) AS bytes FROM preparations GROUP BY artifact))"));
    PreparationCacheStats stats;
    if (query.next()) {
        stats.entries = query.value(0).toLongLong();
        stats.bytes = query.value(1).toLongLong();
    }
    return stats;
}

QStringList PreparationStore::keysWithoutArtifact() const
{
    QSqlQuery query = sql::exec(m_workspace.database(), QStringLiteral("SELECT prep_key, artifact FROM preparations ORDER BY prep_key"));
    QStringList keys;
    while (query.next()) {
        if (!m_workspace.artifacts().contains(query.value(1).toString()))
            keys << query.value(0).toString();
    }
    return keys;
}

PreparationCacheStats PreparationStore::prune(int days) const
{
    if (days < 0)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("days must be 0 or more, not %1").arg(days));
    const QSqlDatabase db = m_workspace.database();
    const QString cutoff = QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-%1 days')").arg(days);
    PreparationCacheStats removed;
    QStringList orphans;
    {
        WriteTransaction transaction(db);
        QSqlQuery stale = sql::exec(db, QStringLiteral("SELECT artifact, bytes FROM preparations WHERE last_used_at <= %1").arg(cutoff));
        QSet<QString> candidates;
        QHash<QString, qint64> sizes;
        while (stale.next()) {
            ++removed.entries;
            candidates.insert(stale.value(0).toString());
            sizes.insert(stale.value(0).toString(), stale.value(1).toLongLong());
        }
        sql::exec(db, QStringLiteral("DELETE FROM preparations WHERE last_used_at <= %1").arg(cutoff));
        for (const QString& artifact : std::as_const(candidates)) {
            if (sql::scalar(db, QStringLiteral("SELECT COUNT(*) FROM preparations WHERE artifact = ?"), {artifact}).toLongLong() == 0) {
                orphans << artifact;
                removed.bytes += sizes.value(artifact);
            }
        }
        transaction.commit();
    }
    // Files go after the commit: a failed transaction leaves every entry's artifact in place.
    for (const QString& artifact : std::as_const(orphans))
        m_workspace.artifacts().remove(artifact);
    return removed;
}

}  // namespace mb
