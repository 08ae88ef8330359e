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

TrainingJob::~TrainingJob() = default;

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

JobInfo TrainingJob::info() const
{
    QMutexLocker lock(&m_mutex);
    JobInfo info;
    info.id = m_id;
    info.kind = QStringLiteral("train");
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
                final = JobState::Cancelled;
                addLog(tr("stopped after %1 %2; nothing was registered")
                           .arg(outcome.run.epochsRun)
                           .arg(outcome.run.epochsRun == 1 ? QStringLiteral("epoch") : QStringLiteral("epochs")));
            } else {
                final = JobState::Finished;
                addLog(tr("registered %1").arg(outcome.version.ref()));
            }
        }
        setState(final);
    } catch (const Error& error) {
        final = JobState::Failed;
        addLog(tr("failed: %1").arg(error.message()));
        setState(final, error.message());
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

void TrainingJob::onStarted(const RunInfo& run, int maxEpochs)
{
    {
        QMutexLocker lock(&m_mutex);
        m_runId = run.id;
        m_progress.maxEpochs = maxEpochs;
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
