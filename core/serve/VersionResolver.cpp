#include "VersionResolver.h"

#include "ModelRegistry.h"
#include "Sql.h"
#include "Workspace.h"

#include <QThread>

namespace mb::serve {
namespace {

const int kMaxEntriesPerThread = 1024;

// Changes whenever the registry may have changed, as this thread's connection sees it.
QByteArray registryStamp(const Workspace& workspace)
{
    QSqlQuery query = sql::exec(workspace.database(), QStringLiteral("SELECT (SELECT data_version FROM pragma_data_version()), total_changes()"));
    if (!query.next())
        return {};
    return query.value(0).toByteArray() + ':' + query.value(1).toByteArray();
}

}  // namespace

VersionResolver::VersionResolver(std::shared_ptr<const Workspace> workspace) : m_workspace(std::move(workspace)) {}

ModelVersionInfo VersionResolver::resolve(const QString& ref) const
{
    const quintptr thread = reinterpret_cast<quintptr>(QThread::currentThreadId());
    const QByteArray stamp = registryStamp(*m_workspace);
    {
        std::lock_guard lock(m_mutex);
        ThreadCache& cache = m_caches[thread];
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

void VersionResolver::clear()
{
    std::lock_guard lock(m_mutex);
    m_caches.clear();
}

}  // namespace mb::serve
