#pragma once

#include "ModelVersionInfo.h"

#include <QHash>

#include <memory>
#include <mutex>

namespace mb {
class Workspace;
}

namespace mb::serve {

// ModelRegistry::resolve() for the request path, with a cache that is right on every call:
// an entry is used only while the calling thread's registry connection reports no change
// since it was cached (SQLite's data_version, which moves when any other connection or
// process commits, and total_changes(), which moves when this one writes). So an alias
// moved by the GUI, the CLI or another request is seen by the very next request, and a
// prediction costs one tiny statement (run through SQLite's C API on the thread's own
// connection) instead of reading every version of the model.
//
// Thread-safety: resolve() from any thread (each thread has its own cache, as it has its
// own connection). clear() when the threads that used it have ended (their ids may return),
// and before they release their registry connections (the cache holds a prepared query).
class VersionResolver {
public:
    explicit VersionResolver(std::shared_ptr<const Workspace> workspace);

    // As ModelRegistry::resolve: "name", "name@3", "name@alias"; throws NotFound,
    // InvalidArgument. Failures are not cached.
    ModelVersionInfo resolve(const QString& ref) const;
    void clear();
    // Drops the calling thread's cache; call it before the thread releases its connection.
    void forgetThisThread();

private:
    struct StampQuery;
    struct Stamp {
        qint64 dataVersion = -1;
        qint64 totalChanges = -1;
        bool operator==(const Stamp& other) const { return dataVersion == other.dataVersion && totalChanges == other.totalChanges; }
        bool operator!=(const Stamp& other) const { return !(*this == other); }
    };
    struct ThreadCache {
        Stamp stamp;
        QHash<QString, ModelVersionInfo> versions;     // by reference
        std::shared_ptr<StampQuery> stampQuery;        // prepared on this thread's connection
    };

    Stamp stamp(std::shared_ptr<StampQuery>& prepared) const;

    std::shared_ptr<const Workspace> m_workspace;
    mutable std::mutex m_mutex;
    mutable QHash<quintptr, ThreadCache> m_caches;     // by thread; guarded by m_mutex
};

}  // namespace mb::serve
