#pragma once

#include "EpochMetrics.h"
#include "GridSearch.h"
#include "JobInfo.h"
#include "JobProgress.h"
#include "Trainer.h"
#include "TrainingObserver.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QRunnable>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>

namespace mb {

class Workspace;

// One training (kind "train"), or a grid search (kind "search": every combination trained in
// turn, the best registered), run by JobManager on its thread pool: Trainer::train() or
// GridSearch::run() on a pool thread, never on the thread that owns the job. What the trainer observes becomes signals, which
// reach receivers in other threads queued: batch progress at most ~10 per second, every epoch
// end, messages, and the state (queued -> running -> finished | failed | cancelled). The job
// also keeps its row in the `jobs` table up to date (about once a second and at every state
// change). A core mb::Error becomes the failed state with its message; no exception leaves
// run(). In a search, history() and the progress follow the combination in progress, and
// trials() collects the finished ones.
//
// Thread-safety: the accessors and cancel() may be called from any thread (they read a
// snapshot under a mutex). Owned by JobManager, which deletes it after its run has ended.
class TrainingJob : public QObject, public QRunnable, private TrainingObserver {
    Q_OBJECT
public:
    TrainingJob(std::shared_ptr<const Workspace> workspace, QString id, TrainRequest request, QObject* parent = nullptr);
    // A grid search; `source` (gui, api, ...) says who asked, as TrainRequest::source does.
    TrainingJob(std::shared_ptr<const Workspace> workspace, QString id, GridSearchRequest search, const QString& source,
                QObject* parent = nullptr);
    ~TrainingJob() override;

    const QString& id() const { return m_id; }
    // For a search: its dataset, base config, model name, force flag and source.
    const TrainRequest& request() const { return m_request; }
    bool isSearch() const { return m_search.has_value(); }
    QString kind() const;                   // train | search, as the jobs table has it

    JobState state() const;
    bool isActive() const { return !isFinal(state()); }
    QString error() const;
    qint64 runId() const;
    JobProgress progress() const;
    QVector<EpochMetrics> history() const;  // epochs so far
    QStringList log() const;                // "HH:mm:ss  message" lines so far (epochs too), oldest first
    QString selectionMetric() const;        // once started: macro_f1, accuracy, ...
    TrainOutcome outcome() const;           // once finished; of a search, the best combination's
    QVector<GridTrial> trials() const;      // a search's finished combinations, in the order they ran
    JobInfo info() const;                   // as the jobs table has it

    // Asks the job to stop between batches (or not to start). The run is kept as cancelled
    // and nothing is registered.
    void cancel();
    bool isCancelRequested() const { return m_cancel.load(); }

    // QRunnable: trains on the calling (pool) thread.
    void run() override;

Q_SIGNALS:
    void stateChanged(mb::JobState state);
    void started(qint64 runId, int maxEpochs);
    void batchProgress(const mb::BatchProgress& progress);
    void epochEnded(const mb::EpochMetrics& epoch);
    // A search moved on to combination `index` (0-based) of `count`; history() starts again.
    void trialStarted(int index, int count);
    // A search's combination ended; it is trials().at(index).
    void trialFinished(int index);
    void message(const QString& text);
    void progressChanged();  // throttled; read progress()
    // The final state was reached; outcome() and error() are set.
    void finished(mb::JobState state);

private:
    // TrainingObserver, called on the pool thread.
    void onStarted(const RunInfo& run, int maxEpochs) override;
    void onBatch(const BatchProgress& progress) override;
    bool onEpochEnd(const EpochMetrics& epoch) override;
    void onMessage(const QString& text) override;

    JobState runTraining();
    JobState runSearch();
    void onTrialStarted(int index, int count, const QStringList& overrides);
    void onTrialFinished(const GridTrial& trial);
    void setState(JobState state, const QString& error = {});
    void addLog(const QString& text);
    void record(bool force);

    const std::shared_ptr<const Workspace> m_workspace;
    const QString m_id;
    const TrainRequest m_request;
    const std::optional<GridSearchRequest> m_search;
    std::atomic_bool m_cancel{false};

    mutable QMutex m_mutex;  // guards what follows
    JobState m_state = JobState::Queued;
    QString m_error;
    qint64 m_runId = 0;
    JobProgress m_progress;
    QVector<EpochMetrics> m_history;
    QStringList m_log;
    QString m_selectionMetric;
    TrainOutcome m_outcome;
    QVector<GridTrial> m_trials;

    // Pool thread only.
    QElapsedTimer m_sinceBatchSignal;
    QElapsedTimer m_sinceRecord;
    QElapsedTimer m_sinceEpochLog;
};

}  // namespace mb

Q_DECLARE_METATYPE(mb::BatchProgress)
Q_DECLARE_METATYPE(mb::EpochMetrics)
