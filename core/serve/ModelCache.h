#pragma once

#include "LoadedModel.h"

#include <QVector>

#include <list>
#include <memory>
#include <mutex>

namespace mb::serve {

// The model versions the server has loaded, keyed by model version id, least recently used
// dropped first beyond `capacity`. acquire() never loads (it is called on I/O threads); the
// returned entry loads its predictor when a worker first asks for it. A dropped entry lives
// on for as long as requests hold it.
//
// Thread-safety: every member may be called from any thread.
class ModelCache {
public:
    explicit ModelCache(std::shared_ptr<const Workspace> workspace, int capacity = 8);

    std::shared_ptr<LoadedModel> acquire(const ModelVersionInfo& version);
    // The versions whose predictor is loaded, most recently used first.
    QVector<ModelVersionInfo> loaded() const;
    void setCapacity(int capacity);
    void clear();

private:
    std::shared_ptr<const Workspace> m_workspace;
    mutable std::mutex m_mutex;
    int m_capacity;
    std::list<std::shared_ptr<LoadedModel>> m_entries;  // most recently used first
};

}  // namespace mb::serve
