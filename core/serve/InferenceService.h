#pragma once

#include "BatchingQueue.h"
#include "ModelCache.h"

#include <QHash>
#include <QMap>

#include <map>
#include <memory>
#include <mutex>

namespace mb::serve {

// The server's inference path: a ModelCache of loaded versions and one BatchingQueue (with
// its worker thread) per model, made on the model's first request. I/O threads submit jobs
// and return at once; workers run the forward passes and call each job back.
//
// Batching options have a default and per-model overrides, both changeable while serving.
//
// Thread-safety: every member may be called from any thread. stop() ends the workers
// (failing the jobs still queued); a later submit() after start() makes new ones.
class InferenceService {
public:
    using Callback = std::function<void(InferenceResult result)>;

    InferenceService(std::shared_ptr<const Workspace> workspace, BatchingOptions defaults = {}, int cacheSize = 8);
    ~InferenceService();

    void setBatchObserver(BatchingQueue::BatchObserver observer);  // before start()

    void setDefaultBatching(BatchingOptions options);
    BatchingOptions defaultBatching() const;
    void setBatching(const QString& model, BatchingOptions options);
    BatchingOptions batching(const QString& model) const;

    // Queues `instances` for `version`; `done` is called once, on a worker thread, or at
    // once with Io "the server is stopping" when the service is stopped.
    void submit(const ModelVersionInfo& version, QVector<Instance> instances, int topK, Callback done);
    // The same for a version already taken from cache() (acquire), when the caller needed it
    // first (its parsed signature, say).
    void submit(std::shared_ptr<LoadedModel> model, QVector<Instance> instances, int topK, Callback done);

    QMap<QString, int> queueDepths() const;   // by model
    ModelCache& cache() { return m_cache; }

    void start();
    void stop();

private:
    std::shared_ptr<const Workspace> m_workspace;
    ModelCache m_cache;
    BatchingQueue::BatchObserver m_observer;
    mutable std::mutex m_mutex;
    BatchingOptions m_defaults;                                 // guarded by m_mutex
    QHash<QString, BatchingOptions> m_overrides;                // guarded by m_mutex
    std::map<QString, std::unique_ptr<BatchingQueue>> m_queues; // guarded by m_mutex
    bool m_running = false;                                     // guarded by m_mutex
};

}  // namespace mb::serve
