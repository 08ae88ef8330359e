#include "InferenceService.h"

#include "Workspace.h"

namespace mb::serve {

InferenceService::InferenceService(std::shared_ptr<const Workspace> workspace, BatchingOptions defaults, int cacheSize)
    : m_workspace(workspace), m_cache(workspace, cacheSize), m_defaults(defaults)
{
}

InferenceService::~InferenceService()
{
    stop();
}

void InferenceService::setBatchObserver(BatchingQueue::BatchObserver observer)
{
    std::lock_guard lock(m_mutex);
    m_observer = std::move(observer);
}

void InferenceService::setDefaultBatching(BatchingOptions options)
{
    std::lock_guard lock(m_mutex);
    m_defaults = options;
    for (auto& [model, queue] : m_queues) {
        if (!m_overrides.contains(model))
            queue->setOptions(options);
    }
}

BatchingOptions InferenceService::defaultBatching() const
{
    std::lock_guard lock(m_mutex);
    return m_defaults;
}

void InferenceService::setBatching(const QString& model, BatchingOptions options)
{
    std::lock_guard lock(m_mutex);
    m_overrides.insert(model, options);
    if (const auto it = m_queues.find(model); it != m_queues.end())
        it->second->setOptions(options);
}

BatchingOptions InferenceService::batching(const QString& model) const
{
    std::lock_guard lock(m_mutex);
    return m_overrides.value(model, m_defaults);
}

void InferenceService::submit(const ModelVersionInfo& version, QVector<Instance> instances, int topK, Callback done)
{
    submit(m_cache.acquire(version), std::move(instances), topK, std::move(done));
}

void InferenceService::submit(std::shared_ptr<LoadedModel> model, QVector<Instance> instances, int topK, Callback done)
{
    InferenceJob job;
    job.model = std::move(model);
    const ModelVersionInfo& version = job.model->info();  // the job (or the queue) keeps the model alive
    job.instances = std::move(instances);
    job.topK = topK;
    job.done = std::move(done);
    {
        std::lock_guard lock(m_mutex);
        if (m_running) {
            auto it = m_queues.find(version.model);
            if (it == m_queues.end()) {
                auto queue = std::make_unique<BatchingQueue>(version.model, m_overrides.value(version.model, m_defaults), m_observer,
                                                             [workspace = m_workspace] { workspace->releaseThreadConnection(); });
                it = m_queues.emplace(version.model, std::move(queue)).first;
            }
            // The job moves into the queue only when it is accepted.
            if (it->second->submit(std::move(job)))
                return;
        }
    }
    InferenceResult result;
    result.error = Error(ErrorCode::Io, QStringLiteral("the server is stopping"));
    result.ref = version.ref();
    if (job.done)
        job.done(std::move(result));
}

QMap<QString, int> InferenceService::queueDepths() const
{
    std::lock_guard lock(m_mutex);
    QMap<QString, int> depths;
    for (const auto& [model, queue] : m_queues)
        depths.insert(model, queue->depth());
    return depths;
}

void InferenceService::start()
{
    std::lock_guard lock(m_mutex);
    m_running = true;
}

void InferenceService::stop()
{
    std::map<QString, std::unique_ptr<BatchingQueue>> queues;
    {
        std::lock_guard lock(m_mutex);
        m_running = false;
        queues.swap(m_queues);
    }
    for (auto& [model, queue] : queues)
        queue->stop();
}

}  // namespace mb::serve
