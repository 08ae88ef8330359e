#include "RunStore.h"

#include "Error.h"
#include "JsonText.h"
#include "Sql.h"
#include "Workspace.h"

#include <QJsonDocument>

namespace mb {
namespace {


}  // namespace

qint64 RunStore::begin(const QString& key, qint64 datasetVersionId, const QString& modelType, const QString& configYaml,
                       const QString& source) const
{
    const QSqlQuery query = sql::exec(m_workspace.database(),
                                      QStringLiteral("INSERT INTO runs (run_key, dataset_version_id, model_type, config, state, source) "
                                                     "VALUES (?, ?, ?, ?, 'running', ?)"),
                                      {key, datasetVersionId, modelType, configYaml, source});
    return query.lastInsertId().toLongLong();
}

void RunStore::setPrepCached(qint64 runId, bool cached) const
{
    sql::exec(m_workspace.database(), QStringLiteral("UPDATE runs SET prep_cached = ? WHERE id = ?"), {cached ? 1 : 0, runId});
}

void RunStore::addEpoch(qint64 runId, const EpochMetrics& epoch) const
{
    QJsonObject metrics;
    for (auto it = epoch.val.cbegin(); it != epoch.val.cend(); ++it)
        metrics.insert(it.key(), it.value());
    sql::exec(m_workspace.database(),
              QStringLiteral("INSERT OR REPLACE INTO run_epochs (run_id, epoch, train_loss, val_loss, metrics, seconds, "
                             "samples_per_second, lr) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
              {runId, epoch.epoch, epoch.trainLoss, epoch.valLoss, json::compact(metrics), epoch.seconds, epoch.samplesPerSecond, epoch.lr});
    sql::exec(m_workspace.database(), QStringLiteral("UPDATE runs SET epochs_run = ? WHERE id = ?"), {epoch.epoch, runId});
}

void RunStore::finish(qint64 runId, const QString& state, int bestEpoch, int epochsRun, const QJsonObject& metrics,
                      const QString& error, double durationSeconds) const
{
    sql::exec(m_workspace.database(),
              QStringLiteral("UPDATE runs SET state = ?, best_epoch = ?, epochs_run = ?, metrics = ?, error = ?, "
                             "duration_seconds = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?"),
              {state, bestEpoch, epochsRun, json::compact(metrics), error, durationSeconds, runId});
}

QVector<RunInfo> RunStore::query(const QString& where, const QVariantList& values) const
{
    QSqlQuery query = sql::exec(m_workspace.database(), QStringLiteral(R"(
        SELECT r.id, r.run_key, d.name || '@' || v.number, r.model_type, r.config, r.state, r.source, r.best_epoch,
               r.epochs_run, r.metrics, r.error, r.started_at, COALESCE(r.finished_at, ''), r.duration_seconds,
               COALESCE((SELECT m.name || '@' || mv.version FROM model_versions mv JOIN models m ON m.id = mv.model_id
                         WHERE mv.run_id = r.id ORDER BY mv.id DESC LIMIT 1), ''), r.prep_cached
        FROM runs r
        JOIN dataset_versions v ON v.id = r.dataset_version_id
        JOIN datasets d ON d.id = v.dataset_id
        WHERE %1 ORDER BY r.id DESC)").arg(where), values);
    QVector<RunInfo> runs;
    while (query.next()) {
        RunInfo run;
        run.id = query.value(0).toLongLong();
        run.key = query.value(1).toString();
        run.datasetRef = query.value(2).toString();
        run.modelType = query.value(3).toString();
        run.config = query.value(4).toString();
        run.state = query.value(5).toString();
        run.source = query.value(6).toString();
        run.bestEpoch = query.value(7).toInt();
        run.epochsRun = query.value(8).toInt();
        run.metrics = json::parse(query.value(9).toString());
        run.error = query.value(10).toString();
        run.startedAt = query.value(11).toString();
        run.finishedAt = query.value(12).toString();
        run.durationSeconds = query.value(13).toDouble();
        run.modelVersionRef = query.value(14).toString();
        run.prepCached = query.value(15).toBool();
        runs << run;
    }
    return runs;
}

std::optional<RunInfo> RunStore::findCached(const QString& key, bool withoutModel) const
{
    const QVector<RunInfo> runs = query(QStringLiteral("r.run_key = ? AND r.state = 'finished' AND "
                                                       "EXISTS (SELECT 1 FROM model_versions mv WHERE mv.run_id = r.id)"),
                                        {key});
    if (!runs.isEmpty())
        return runs.first();
    if (!withoutModel)
        return std::nullopt;
    const QVector<RunInfo> unregistered = query(QStringLiteral("r.run_key = ? AND r.state = 'finished' AND "
                                                               "NOT EXISTS (SELECT 1 FROM model_versions mv WHERE mv.run_id = r.id)"),
                                                {key});
    return unregistered.isEmpty() ? std::nullopt : std::optional<RunInfo>(unregistered.first());
}

RunInfo RunStore::get(qint64 runId) const
{
    const QVector<RunInfo> runs = query(QStringLiteral("r.id = ?"), {runId});
    if (runs.isEmpty())
        throw Error(ErrorCode::NotFound, QStringLiteral("no run %1").arg(runId));
    return runs.first();
}

QVector<RunInfo> RunStore::list() const
{
    return query(QStringLiteral("1"), {});
}

QVector<EpochMetrics> RunStore::epochs(qint64 runId) const
{
    QSqlQuery query = sql::exec(m_workspace.database(),
                                QStringLiteral("SELECT epoch, train_loss, val_loss, metrics, seconds, samples_per_second, lr "
                                               "FROM run_epochs WHERE run_id = ? ORDER BY epoch"),
                                {runId});
    QVector<EpochMetrics> epochs;
    while (query.next()) {
        EpochMetrics epoch;
        epoch.epoch = query.value(0).toInt();
        epoch.trainLoss = query.value(1).toDouble();
        epoch.valLoss = query.value(2).toDouble();
        const QJsonObject metrics = json::parse(query.value(3).toString());
        for (auto it = metrics.begin(); it != metrics.end(); ++it)
            epoch.val.insert(it.key(), it.value().toDouble());
        epoch.seconds = query.value(4).toDouble();
        epoch.samplesPerSecond = query.value(5).toDouble();
        epoch.lr = query.value(6).toDouble();
        epochs << epoch;
    }
    return epochs;
}

}  // namespace mb
