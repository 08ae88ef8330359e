#include "VersionResolver.h"

#include "ModelRegistry.h"
#include "Error.h"
#include "Workspace.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

namespace mb::serve {
namespace {

const int kMaxEntriesPerThread = 1024;

// Changes whenever the registry may have changed, as this thread's connection sees it.
// The statement is prepared once per thread: compiling it on every request cost more than
// the rest of the lookup.
QByteArray registryStamp(const Workspace& workspace, std::shared_ptr<QSqlQuery>& prepared)
{
    if (!prepared) {
        prepared = std::make_shared<QSqlQuery>(workspace.database());
        prepared->setForwardOnly(true);
        if (!prepared->prepare(QStringLiteral("SELECT (SELECT data_version FROM pragma_data_version()), total_changes()"))) {
            const QString message = prepared->lastError().text();
            prepared.reset();
            throw Error(ErrorCode::Io, QStringLiteral("cannot read the registry's state: %1").arg(message));
        }
    }
    if (!prepared->exec() || !prepared->next()) {
        const QString message = prepared->lastError().text();
        prepared.reset();
        throw Error(ErrorCode::Io, QStringLiteral("cannot read the registry's state: %1").arg(message));
    }
    const QByteArray stamp = prepared->value(0).toByteArray() + ':' + prepared->value(1).toByteArray();
    prepared->finish();   // ends the read transaction
    return stamp;
}

}  // namespace

VersionResolver::VersionResolver(std::shared_ptr<const Workspace> workspace) : m_workspace(std::move(workspace)) {}

ModelVersionInfo VersionResolver::resolve(const QString& ref) const
{
    const quintptr thread = reinterpret_cast<quintptr>(QThread::currentThreadId());
    std::shared_ptr<QSqlQuery> prepared;
    {
        std::lock_guard lock(m_mutex);
        prepared = std::move(m_caches[thread].stampQuery);
    }
    const QByteArray stamp = registryStamp(*m_workspace, prepared);
    {
        std::lock_guard lock(m_mutex);
        ThreadCache& cache = m_caches[thread];
        cache.stampQuery = std::move(prepared);
        if (cache.stamp != stamp) {
            cache.stamp = stamp;
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
    if (cache.stamp == stamp) {
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
