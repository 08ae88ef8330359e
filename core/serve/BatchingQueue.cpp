#include "BatchingQueue.h"

#include "Predictor.h"

#include <algorithm>

namespace mb::serve {
namespace {

using Clock = std::chrono::steady_clock;

void finish(InferenceJob& job, InferenceResult result)
{
    if (!job.done)
        return;
    try {
        job.done(std::move(result));
    } catch (...) {
        // A callback only posts the answer; nothing it throws may end the worker.
    }
    job.done = nullptr;
}

InferenceResult failure(const InferenceJob& job, const Error& error)
{
    InferenceResult result;
    result.error = error;
    result.ref = job.model->info().ref();
    return result;
}

}  // namespace

BatchingQueue::BatchingQueue(QString model, BatchingOptions options, BatchObserver observer, std::function<void()> onWorkerExit)
    : m_model(std::move(model)), m_observer(std::move(observer)), m_onWorkerExit(std::move(onWorkerExit)), m_options(options)
{
    m_worker = std::thread([this] { run(); });
}

BatchingQueue::~BatchingQueue()
{
    stop();
}

bool BatchingQueue::submit(InferenceJob&& job)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return false;
        job.enqueued = Clock::now();
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
    return true;
}

void BatchingQueue::setOptions(BatchingOptions options)
{
    {
        std::lock_guard lock(m_mutex);
        m_options = options;
    }
    m_wake.notify_one();
}

BatchingOptions BatchingQueue::options() const
{
    std::lock_guard lock(m_mutex);
    return m_options;
}

int BatchingQueue::depth() const
{
    std::lock_guard lock(m_mutex);
    return int(m_jobs.size());
}

void BatchingQueue::stop()
{
    std::deque<InferenceJob> left;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_worker.joinable())
        m_worker.join();
    {
        std::lock_guard lock(m_mutex);
        left.swap(m_jobs);
    }
    for (InferenceJob& job : left)
        finish(job, failure(job, Error(ErrorCode::Io, QStringLiteral("the server is stopping"))));
}

void BatchingQueue::run()
{
    std::vector<InferenceJob> batch;
    for (;;) {
        batch.clear();
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
            if (m_stopping)
                break;
            // The instances of the oldest job's version that are queued now.
            const auto queuedForHead = [this] {
                const LoadedModel* head = m_jobs.front().model.get();
                qsizetype count = 0;
                for (const InferenceJob& job : m_jobs) {
                    if (job.model.get() == head)
                        count += job.instances.size();
                }
                return count;
            };
            if (m_options.maxDelayUs > 0 && m_options.maxBatchSize > 1) {
                const auto deadline = m_jobs.front().enqueued + std::chrono::microseconds(m_options.maxDelayUs);
                while (!m_stopping && queuedForHead() < m_options.maxBatchSize && Clock::now() < deadline)
                    m_wake.wait_until(lock, deadline);
                if (m_stopping)
                    break;
            }
            const LoadedModel* head = m_jobs.front().model.get();
            const qsizetype limit = std::max(1, m_options.maxBatchSize);
            qsizetype instances = 0;
            for (auto it = m_jobs.begin(); it != m_jobs.end();) {
                if (it->model.get() != head) {
                    ++it;
                    continue;
                }
                if (!batch.empty() && instances + it->instances.size() > limit)
                    break;
                instances += it->instances.size();
                batch.push_back(std::move(*it));
                it = m_jobs.erase(it);
                if (instances >= limit)
                    break;
            }
        }
        runBatch(batch);
    }
    if (m_onWorkerExit)
        m_onWorkerExit();
}

void BatchingQueue::runBatch(std::vector<InferenceJob>& batch)
{
    const LoadedModel& model = *batch.front().model;
    std::shared_ptr<const Predictor> predictor;
    try {
        predictor = model.predictor();
    } catch (const Error& error) {
        for (InferenceJob& job : batch)
            finish(job, failure(job, error));
        return;
    } catch (const std::exception& error) {
        for (InferenceJob& job : batch)
            finish(job, failure(job, Error(ErrorCode::Internal, QStringLiteral("cannot load %1: %2").arg(model.info().ref(), QString::fromLocal8Bit(error.what())))));
        return;
    }

    const auto predictJobs = [&](std::vector<InferenceJob*> jobs) {
        QVector<Instance> instances;
        int topK = 1;
        for (const InferenceJob* job : jobs) {
            instances += job->instances;
            topK = std::max(topK, job->topK);
        }
        const auto start = Clock::now();
        QVector<Prediction> predictions = predictor->predict(instances, topK);
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        if (m_observer)
            m_observer(model.info(), int(instances.size()), seconds);
        const QString ref = model.info().ref();
        qsizetype offset = 0;
        for (InferenceJob* job : jobs) {
            InferenceResult result;
            result.ref = ref;
            result.predictions = predictions.mid(offset, job->instances.size());
            offset += job->instances.size();
            for (Prediction& prediction : result.predictions) {
                if (prediction.top.size() > job->topK)
                    prediction.top.resize(job->topK);
            }
            finish(*job, std::move(result));
        }
    };

    std::vector<InferenceJob*> all;
    for (InferenceJob& job : batch)
        all.push_back(&job);
    try {
        predictJobs(all);
        return;
    } catch (const Error& error) {
        if (all.size() == 1 || error.code() != ErrorCode::InvalidArgument) {
            for (InferenceJob& job : batch)
                finish(job, failure(job, error));
            return;
        }
    } catch (const std::exception& error) {
        for (InferenceJob& job : batch)
            finish(job, failure(job, Error(ErrorCode::Internal, QStringLiteral("inference failed: %1").arg(QString::fromLocal8Bit(error.what())))));
        return;
    }
    // One job's input broke the whole batch (its index is off, too): each on its own.
    for (InferenceJob& job : batch) {
        try {
            predictJobs({&job});
        } catch (const Error& error) {
            finish(job, failure(job, error));
        } catch (const std::exception& error) {
            finish(job, failure(job, Error(ErrorCode::Internal, QStringLiteral("inference failed: %1").arg(QString::fromLocal8Bit(error.what())))));
        }
    }
}

}  // namespace mb::serve
