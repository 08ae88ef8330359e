#include "JobManager.h"

#include "Error.h"
#include "JobStore.h"
#include "Runtime.h"
#include "TrainingJob.h"
#include "Workspace.h"

#include <QMutexLocker>
#include <QThread>
#include <QUuid>

#include <algorithm>

namespace mb {
namespace {

// Sets a pool thread's LibTorch threads before the job's own runnable.
class ThreadSetup : public QRunnable {
public:
    ThreadSetup(QRunnable* job, int threads) : m_job(job), m_threads(threads) { setAutoDelete(true); }
    void run() override
    {
        models::setComputeThreads(m_threads);
        m_job->run();
    }

private:
    QRunnable* m_job;
    int m_threads;
};

}  // namespace

JobManager::JobManager(std::shared_ptr<const Workspace> workspace, JobManagerOptions options, QObject* parent)
    : QObject(parent), m_workspace(std::move(workspace)), m_options(options)
{
    qRegisterMetaType<JobState>();
    qRegisterMetaType<BatchProgress>();
    qRegisterMetaType<EpochMetrics>();
    qRegisterMetaType<JobProgress>();
    m_options.maxConcurrentJobs = std::max(1, m_options.maxConcurrentJobs);
    if (m_options.computeThreads <= 0)
        m_options.computeThreads = std::max(1, QThread::idealThreadCount() / m_options.maxConcurrentJobs);
    m_pool.setMaxThreadCount(m_options.maxConcurrentJobs);
    m_pool.setObjectName(QStringLiteral("mb-jobs"));
    try {
        m_interrupted = JobStore(*m_workspace).failInterrupted();
    } catch (const Error&) {
        // A busy or read-only registry: the next start tidies up.
    }
}

JobManager::~JobManager()
{
    cancelAll();
    m_pool.waitForDone();
    QMutexLocker lock(&m_mutex);
    qDeleteAll(m_jobs);
    m_jobs.clear();
}

QString JobManager::startTraining(const TrainRequest& request)
{
    return enqueue(new TrainingJob(m_workspace, QUuid::createUuid().toString(QUuid::WithoutBraces), request));
}

QString JobManager::startSearch(const GridSearchRequest& request, const QString& source)
{
    return enqueue(new TrainingJob(m_workspace, QUuid::createUuid().toString(QUuid::WithoutBraces), request, source));
}

QString JobManager::enqueue(TrainingJob* job)
{
    const QString id = job->id();
    try {
        JobStore(*m_workspace).create(id, job->kind());
    } catch (...) {
        delete job;
        throw;
    }
    if (job->thread() != thread())
        job->moveToThread(thread());
    // Queued on purpose: the job's signals come from a pool thread, and receivers in this
    // thread must see them in order after jobAdded.
    connect(job, &TrainingJob::progressChanged, this, [this, id] { Q_EMIT jobChanged(id); }, Qt::QueuedConnection);
    connect(job, &TrainingJob::stateChanged, this, [this, id] { Q_EMIT jobChanged(id); }, Qt::QueuedConnection);
    connect(job, &TrainingJob::finished, this, [this, id] { onJobFinished(id); }, Qt::QueuedConnection);
    {
        QMutexLocker lock(&m_mutex);
        m_jobs << job;
    }
    if (QThread::currentThread() == thread()) {
        Q_EMIT jobAdded(id);
        Q_EMIT activeCountChanged(activeJobs().size());
    } else {
        QMetaObject::invokeMethod(this, [this, id] {
            Q_EMIT jobAdded(id);
            Q_EMIT activeCountChanged(activeJobs().size());
        }, Qt::QueuedConnection);
    }
    m_pool.start(new ThreadSetup(job, m_options.computeThreads));
    return id;
}

void JobManager::onJobFinished(const QString& id)
{
    Q_EMIT jobChanged(id);
    Q_EMIT jobFinished(id);
    Q_EMIT activeCountChanged(activeJobs().size());
}

TrainingJob* JobManager::job(const QString& id) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = std::find_if(m_jobs.cbegin(), m_jobs.cend(), [&id](const TrainingJob* job) { return job->id() == id; });
    return it == m_jobs.cend() ? nullptr : *it;
}

QList<TrainingJob*> JobManager::jobs() const
{
    QMutexLocker lock(&m_mutex);
    return m_jobs;
}

QList<TrainingJob*> JobManager::activeJobs() const
{
    QList<TrainingJob*> active;
    for (TrainingJob* job : jobs()) {
        if (job->isActive())
            active << job;
    }
    return active;
}

bool JobManager::cancel(const QString& id)
{
    TrainingJob* target = job(id);
    if (!target || !target->isActive())
        return false;
    target->cancel();
    return true;
}

void JobManager::cancelAll()
{
    for (TrainingJob* job : activeJobs())
        job->cancel();
}

bool JobManager::waitForDone(int msecs)
{
    return m_pool.waitForDone(msecs);
}

}  // namespace mb
