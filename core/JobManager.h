#pragma once

#include "GridSearch.h"
#include "Trainer.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QThreadPool>

#include <memory>

namespace mb {

class TrainingJob;
class Workspace;

// How JobManager runs its jobs.
struct JobManagerOptions {
    // Jobs trained at once; more wait in the queue. Default 1: a training uses the cores it is
    // given (the config's `threads`), a second one at once would only slow both down.
    int maxConcurrentJobs = 1;
    // LibTorch intra-op threads a job starts with (data preparation, a reused run); the
    // training loop then uses the config's `threads`. 0 (default): the cores divided by
    // maxConcurrentJobs, at least 1.
    int computeThreads = 0;
};

// Runs background jobs (trainings and grid searches) on a thread pool it owns and keeps the list of this
// session's jobs, so every view sees them whoever started them: the Train view, the status
// bar and the HTTP API (POST /api/v1/train) all go through one JobManager. Each job is also
// recorded in the `jobs` table, so GET /api/v1/jobs/{id} can answer from the registry. On
// construction it marks the jobs that a process which has ended left queued or running as
// failed (JobStore::failInterrupted()), so they do not look active forever.
//
// Thread-safety: startTraining(), job(), jobs(), activeJobs() and cancel() may be called from
// any thread; the signals are emitted in the manager's thread (the thread it lives in, which
// needs an event loop), queued. The manager owns its jobs; deleting it cancels the active ones
// and waits for them to end.
class JobManager : public QObject {
    Q_OBJECT
public:
    explicit JobManager(std::shared_ptr<const Workspace> workspace, JobManagerOptions options = {},
                        QObject* parent = nullptr);
    ~JobManager() override;

    // Queues a training and returns its job id (a UUID). The request is checked when the job
    // runs: a bad config or an unknown dataset makes the job fail with core's message. Throws
    // only when the job cannot be recorded (Io).
    QString startTraining(const TrainRequest& request);
    // Queues a grid search the same way (a job of kind "search"); `source` says who asked (gui,
    // api, ...). The grid is checked when the job runs.
    QString startSearch(const GridSearchRequest& request, const QString& source = QStringLiteral("gui"));

    // nullptr when no job of this session has that id. Jobs live as long as the manager.
    TrainingJob* job(const QString& id) const;
    QList<TrainingJob*> jobs() const;        // oldest first
    QList<TrainingJob*> activeJobs() const;  // queued or running
    // Asks a job to stop; false when there is no such active job.
    bool cancel(const QString& id);
    void cancelAll();
    // Waits for every job to end; false on timeout.
    bool waitForDone(int msecs = -1);

    const JobManagerOptions& options() const { return m_options; }
    // The ids of the jobs marked interrupted when this manager started.
    const QStringList& interruptedJobs() const { return m_interrupted; }

Q_SIGNALS:
    void jobAdded(const QString& id);
    // The job's state or progress changed (throttled like the job's own signals).
    void jobChanged(const QString& id);
    // The job reached finished, failed or cancelled.
    void jobFinished(const QString& id);
    // The number of active jobs changed.
    void activeCountChanged(int count);

private:
    QString enqueue(TrainingJob* job);
    void onJobFinished(const QString& id);

    std::shared_ptr<const Workspace> m_workspace;
    JobManagerOptions m_options;
    QThreadPool m_pool;
    mutable QMutex m_mutex;  // guards m_jobs
    QList<TrainingJob*> m_jobs;
    QStringList m_interrupted;
};

}  // namespace mb
