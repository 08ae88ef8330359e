#include "VersionResolver.h"

#include "ModelRegistry.h"
#include "Error.h"
#include "Workspace.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QThread>

#include <sqlite3.h>

namespace mb::serve {
namespace {

const int kMaxEntriesPerThread = 1024;

Error stateError(const QString& reason)
{
    return Error(ErrorCode::Io, QStringLiteral("cannot read the registry's state: %1").arg(reason));
}

}  // namespace

// "PRAGMA data_version" prepared once on a thread's registry connection. Through the C API:
// stepped through QSqlQuery (and the pragma's table-valued form, to read total_changes() in
// the same statement) it cost more than the rest of the lookup. The connection outlives it:
// the thread forgets its cache before releasing the connection.
struct VersionResolver::StampQuery {
    sqlite3* db = nullptr;
    sqlite3_stmt* statement = nullptr;

    ~StampQuery() { sqlite3_finalize(statement); }
};

// Changes whenever the registry may have changed, as this thread's connection sees it.
VersionResolver::Stamp VersionResolver::stamp(std::shared_ptr<StampQuery>& prepared) const
{
    if (!prepared) {
        const QVariant handle = m_workspace->database().driver()->handle();
        if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
            throw stateError(QStringLiteral("the registry connection is not SQLite"));
        auto query = std::make_shared<StampQuery>();
        query->db = *static_cast<sqlite3* const*>(handle.constData());
        if (sqlite3_prepare_v3(query->db, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT, &query->statement, nullptr) != SQLITE_OK)
            throw stateError(QString::fromUtf8(sqlite3_errmsg(query->db)));
        prepared = std::move(query);
    }
    sqlite3_stmt* statement = prepared->statement;
    if (sqlite3_step(statement) != SQLITE_ROW) {
        const QString reason = QString::fromUtf8(sqlite3_errmsg(prepared->db));
        sqlite3_reset(statement);
        prepared.reset();
        throw stateError(reason);
    }
    Stamp result;
    result.dataVersion = sqlite3_column_int64(statement, 0);
    sqlite3_reset(statement);  // ends the read transaction
    result.totalChanges = sqlite3_total_changes64(prepared->db);
    return result;
}

VersionResolver::VersionResolver(std::shared_ptr<const Workspace> workspace) : m_workspace(std::move(workspace)) {}

ModelVersionInfo VersionResolver::resolve(const QString& ref) const
{
    const quintptr thread = reinterpret_cast<quintptr>(QThread::currentThreadId());
    std::shared_ptr<StampQuery> prepared;
    {
        std::lock_guard lock(m_mutex);
        prepared = std::move(m_caches[thread].stampQuery);
    }
    const Stamp now = stamp(prepared);
    {
        std::lock_guard lock(m_mutex);
        ThreadCache& cache = m_caches[thread];
        cache.stampQuery = std::move(prepared);
        if (cache.stamp != now) {
            cache.stamp = now;
            cache.versions.clear();
        }
        const auto it = cache.versions.constFind(ref);
        if (it != cache.versions.constEnd())
            return *it;
    }
    const ModelVersionInfo version = ModelRegistry(*m_workspace).resolve(ref);
    // Reading does not move the stamp, so the answer belongs to it (when another commit came
    // in between, the stamp check of the next call throws the entry away).
    std::lock_guard lock(m_mutex);
    ThreadCache& cache = m_caches[thread];
    if (cache.stamp == now) {
        if (cache.versions.size() >= kMaxEntriesPerThread)
            cache.versions.clear();
        cache.versions.insert(ref, version);
    }
    return version;
}

void VersionResolver::forgetThisThread()
{
    std::lock_guard lock(m_mutex);
    m_caches.remove(reinterpret_cast<quintptr>(QThread::currentThreadId()));
}

void VersionResolver::clear()
{
    std::lock_guard lock(m_mutex);
    m_caches.clear();
}

}  // namespace mb::serve
