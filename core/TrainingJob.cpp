#include "TrainingJob.h"

#include "Error.h"
#include "JobStore.h"
#include "Workspace.h"

#include <QMutexLocker>
#include <QRegularExpression>
#include <QTime>

namespace mb {
namespace {

constexpr qint64 kBatchSignalMs = 100;   // ~10 batch signals a second at most
constexpr qint64 kRecordMs = 1000;       // the jobs table is written about once a second
constexpr qint64 kEpochLogMs = 1000;     // epoch lines in the log

QString selectionMetricOf(const QString& configYaml)
{
    static const QRegularExpression line(QStringLiteral("^selection_metric:\\s*(\\S+)"), QRegularExpression::MultilineOption);
    return line.match(configYaml).captured(1);
}

}  // namespace

TrainingJob::TrainingJob(std::shared_ptr<const Workspace> workspace, QString id, TrainRequest request, QObject* parent)
    : QObject(parent), m_workspace(std::move(workspace)), m_id(std::move(id)), m_request(std::move(request))
{
    setAutoDelete(false);
    m_progress.dataset = m_request.dataset;
}

namespace {

TrainRequest describedBy(const GridSearchRequest& search, const QString& source)
{
    TrainRequest request;
    request.dataset = search.dataset;
    request.configYaml = search.configYaml;
    request.modelName = search.modelName;
    request.force = search.force;
    request.source = source;
    return request;
}

}  // namespace

TrainingJob::TrainingJob(std::shared_ptr<const Workspace> workspace, QString id, GridSearchRequest search, const QString& source,
                         QObject* parent)
    : QObject(parent),
      m_workspace(std::move(workspace)),
      m_id(std::move(id)),
      m_request(describedBy(search, source)),
      m_search(std::move(search))
{
    setAutoDelete(false);
    m_progress.dataset = m_request.dataset;
}

TrainingJob::~TrainingJob() = default;

QString TrainingJob::kind() const
{
    return m_search ? QStringLiteral("search") : QStringLiteral("train");
}

JobState TrainingJob::state() const
{
    QMutexLocker lock(&m_mutex);
    return m_state;
}

QString TrainingJob::error() const
{
    QMutexLocker lock(&m_mutex);
    return m_error;
}

qint64 TrainingJob::runId() const
{
    QMutexLocker lock(&m_mutex);
    return m_runId;
}

JobProgress TrainingJob::progress() const
{
    QMutexLocker lock(&m_mutex);
    return m_progress;
}

QVector<EpochMetrics> TrainingJob::history() const
{
    QMutexLocker lock(&m_mutex);
    return m_history;
}

QStringList TrainingJob::log() const
{
    QMutexLocker lock(&m_mutex);
    return m_log;
}

QString TrainingJob::selectionMetric() const
{
    QMutexLocker lock(&m_mutex);
    return m_selectionMetric;
}

TrainOutcome TrainingJob::outcome() const
{
    QMutexLocker lock(&m_mutex);
    return m_outcome;
}

QVector<GridTrial> TrainingJob::trials() const
{
    QMutexLocker lock(&m_mutex);
    return m_trials;
}

JobInfo TrainingJob::info() const
{
    QMutexLocker lock(&m_mutex);
    JobInfo info;
    info.id = m_id;
    info.kind = kind();
    info.state = m_state;
    info.runId = m_runId;
    info.progress = m_progress.toJson();
    info.error = m_error;
    return info;
}

void TrainingJob::cancel()
{
    if (!m_cancel.exchange(true))
        addLog(tr("stop requested"));
}

void TrainingJob::addLog(const QString& text)
{
    {
        QMutexLocker lock(&m_mutex);
        m_log << QTime::currentTime().toString(QStringLiteral("HH:mm:ss  ")) + text;
    }
    Q_EMIT message(text);
}

void TrainingJob::setState(JobState state, const QString& error)
{
    {
        QMutexLocker lock(&m_mutex);
        m_state = state;
        m_error = error;
    }
    Q_EMIT stateChanged(state);
}

void TrainingJob::record(bool force)
{
    if (!force && m_sinceRecord.isValid() && m_sinceRecord.elapsed() < kRecordMs)
        return;
    m_sinceRecord.restart();
    const JobInfo snapshot = info();
    try {
        JobStore(*m_workspace).update(snapshot.id, snapshot.state, snapshot.runId, snapshot.progress, snapshot.error);
    } catch (const Error& error) {
        // The registry may be busy with another writer; the next record catches up.
        if (force)
            addLog(tr("could not record the job's state: %1").arg(error.message()));
    }
}

void TrainingJob::run()
{
    JobState final = JobState::Failed;
    try {
        if (m_cancel.load()) {
            final = JobState::Cancelled;
            addLog(tr("cancelled before it started"));
        } else {
            setState(JobState::Running);
            record(true);
            final = m_search ? runSearch() : runTraining();
        }
        setState(final);
    } catch (const Error& error) {
        // A stopped search ends with Conflict once its current combination has stopped.
        final = m_search && m_cancel.load() && error.code() == ErrorCode::Conflict ? JobState::Cancelled : JobState::Failed;
        addLog(final == JobState::Cancelled ? error.message() : tr("failed: %1").arg(error.message()));
        setState(final, final == JobState::Cancelled ? QString() : error.message());
    } catch (const std::exception& error) {
        final = JobState::Failed;
        const QString text = QString::fromUtf8(error.what()).section(QLatin1Char('\n'), 0, 0);
        addLog(tr("failed: %1").arg(text));
        setState(final, text);
    } catch (...) {
        final = JobState::Failed;
        setState(final, tr("training failed with an unknown error"));
    }
    try {
        record(true);
    } catch (...) {
    }
    m_workspace->releaseThreadConnection();
    Q_EMIT progressChanged();
    Q_EMIT finished(final);
}

JobState TrainingJob::runTraining()
{
    addLog(tr("training %1").arg(m_request.dataset));
    const TrainOutcome outcome = Trainer(*m_workspace).train(m_request, this, &m_cancel);
    const bool cancelled = outcome.run.state == QLatin1String("cancelled");
    {
        QMutexLocker lock(&m_mutex);
        m_outcome = outcome;
        m_runId = outcome.run.id;
        if (m_selectionMetric.isEmpty())
            m_selectionMetric = selectionMetricOf(outcome.run.config);
        if (!cancelled)
            m_progress.modelVersion = outcome.version.ref();
        if (m_progress.maxEpochs == 0)
            m_progress.maxEpochs = outcome.run.epochsRun;
    }
    if (outcome.cached) {
        addLog(tr("an identical run (%1) exists: reused its model %2 (tick \"Train again\" to retrain)")
                   .arg(outcome.run.id)
                   .arg(outcome.version.ref()));
        for (const EpochMetrics& epoch : outcome.history) {
            {
                QMutexLocker lock(&m_mutex);
                m_history << epoch;
                m_progress.epoch = epoch.epoch;
                m_progress.trainLoss = epoch.trainLoss;
                m_progress.valLoss = epoch.valLoss;
            }
            Q_EMIT epochEnded(epoch);
        }
    }
    if (cancelled) {
        addLog(tr("stopped after %1 %2; nothing was registered")
                   .arg(outcome.run.epochsRun)
                   .arg(outcome.run.epochsRun == 1 ? QStringLiteral("epoch") : QStringLiteral("epochs")));
        return JobState::Cancelled;
    }
    addLog(tr("registered %1").arg(outcome.version.ref()));
    return JobState::Finished;
}

JobState TrainingJob::runSearch()
{
    addLog(tr("grid search on %1").arg(m_request.dataset));
    const GridSearchOutcome outcome = GridSearch(*m_workspace).run(
        *m_search, this, [this](int index, int count, const QStringList& overrides) { onTrialStarted(index, count, overrides); },
        [this](const GridTrial& trial) { onTrialFinished(trial); }, &m_cancel);
    const GridTrial& best = outcome.trials.first();  // best first; run() throws when none finished
    {
        QMutexLocker lock(&m_mutex);
        m_outcome.run = best.run;
        m_outcome.version = outcome.best;
        m_outcome.cached = best.cached;
        m_runId = best.run.id;
        m_progress.modelVersion = outcome.best.ref();
    }
    addLog(tr("registered the best combination (%1, run %2): %3").arg(best.overrides.join(QLatin1String(" "))).arg(best.run.id).arg(outcome.best.ref()));
    return JobState::Finished;
}

void TrainingJob::onTrialStarted(int index, int count, const QStringList& overrides)
{
    {
        QMutexLocker lock(&m_mutex);
        m_history.clear();
        const QString dataset = m_progress.dataset;
        m_progress = JobProgress();
        m_progress.dataset = dataset;
        m_progress.trial = index + 1;
        m_progress.trials = count;
    }
    m_sinceEpochLog.invalidate();
    addLog(tr("combination %1 of %2: %3").arg(index + 1).arg(count).arg(overrides.join(QLatin1String(" "))));
    Q_EMIT trialStarted(index, count);
    Q_EMIT progressChanged();
    record(true);
}

void TrainingJob::onTrialFinished(const GridTrial& trial)
{
    int index = 0;
    {
        QMutexLocker lock(&m_mutex);
        index = int(m_trials.size());
        m_trials << trial;
        if (m_selectionMetric.isEmpty())
            m_selectionMetric = selectionMetricOf(trial.run.config);
    }
    addLog(trial.cached ? tr("combination %1: reused the identical run %2").arg(index + 1).arg(trial.run.id)
                        : tr("combination %1 done: run %2").arg(index + 1).arg(trial.run.id));
    Q_EMIT trialFinished(index);
}

void TrainingJob::onStarted(const RunInfo& run, int maxEpochs)
{
    {
        QMutexLocker lock(&m_mutex);
        m_runId = run.id;
        m_progress.maxEpochs = maxEpochs;
        m_progress.refitEpochs = 0;
        m_progress.dataset = run.datasetRef;
        m_selectionMetric = selectionMetricOf(run.config);
    }
    record(true);
    Q_EMIT started(run.id, maxEpochs);
    Q_EMIT progressChanged();
}

void TrainingJob::onBatch(const BatchProgress& batch)
{
    {
        QMutexLocker lock(&m_mutex);
        m_progress.epoch = batch.epoch;
        m_progress.refitEpochs = batch.refitEpochs;
        m_progress.batch = batch.batch;
        m_progress.batches = batch.batches;
        m_progress.batchLoss = batch.loss;
        m_progress.samplesPerSecond = batch.samplesPerSecond;
        m_progress.etaSeconds = batch.etaSeconds;
    }
    const bool lastOfEpoch = batch.batch == batch.batches;
    if (m_sinceBatchSignal.isValid() && m_sinceBatchSignal.elapsed() < kBatchSignalMs && !lastOfEpoch)
        return;
    m_sinceBatchSignal.restart();
    Q_EMIT batchProgress(batch);
    Q_EMIT progressChanged();
    record(false);
}

bool TrainingJob::onEpochEnd(const EpochMetrics& epoch)
{
    {
        QMutexLocker lock(&m_mutex);
        m_history << epoch;
        m_progress.epoch = epoch.epoch;
        m_progress.batch = m_progress.batches;
        m_progress.trainLoss = epoch.trainLoss;
        m_progress.valLoss = epoch.valLoss;
        m_progress.etaSeconds = epoch.etaSeconds;
        if (epoch.samplesPerSecond > 0)
            m_progress.samplesPerSecond = epoch.samplesPerSecond;
    }
    // One epoch line a second at most: a small dataset runs many epochs a second, and the
    // curves show every one of them anyway.
    const int maxEpochs = progress().maxEpochs;
    if (!m_sinceEpochLog.isValid() || m_sinceEpochLog.elapsed() >= kEpochLogMs || epoch.epoch == maxEpochs) {
        m_sinceEpochLog.restart();
        QString line = QStringLiteral("epoch %1/%2  train loss %3  val loss %4")
                           .arg(epoch.epoch)
                           .arg(maxEpochs)
                           .arg(epoch.trainLoss, 0, 'f', 4)
                           .arg(epoch.valLoss, 0, 'f', 4);
        for (const char* key : {"accuracy", "macro_f1", "min_f1", "mae", "rmse", "r2"}) {
            const QString name = QString::fromLatin1(key);
            if (epoch.val.contains(name))
                line += QStringLiteral("  %1 %2").arg(name).arg(epoch.val.value(name), 0, 'f', 3);
        }
        addLog(line);
    }
    Q_EMIT epochEnded(epoch);
    // Every epoch end is delivered; the general "progress" signal stays at ~10 a second.
    if (!m_sinceBatchSignal.isValid() || m_sinceBatchSignal.elapsed() >= kBatchSignalMs) {
        m_sinceBatchSignal.restart();
        Q_EMIT progressChanged();
    }
    record(false);
    return !m_cancel.load();
}

void TrainingJob::onMessage(const QString& text)
{
    addLog(text);
}

}  // namespace mb
