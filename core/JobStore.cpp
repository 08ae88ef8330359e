#include "JobStore.h"

#include "Error.h"
#include "Sql.h"
#include "Workspace.h"

#include <QJsonDocument>

namespace mb {

void JobStore::create(const QString& id, const QString& kind) const
{
    sql::exec(m_workspace.database(), QStringLiteral("INSERT INTO jobs (id, kind, state) VALUES (?, ?, 'queued')"), {id, kind});
}

void JobStore::update(const QString& id, JobState state, qint64 runId, const QJsonObject& progress, const QString& error) const
{
    sql::exec(m_workspace.database(),
              QStringLiteral("UPDATE jobs SET state = ?, run_id = ?, progress = ?, error = ?, "
                             "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?"),
              {toString(state), runId > 0 ? QVariant(runId) : QVariant(), QString::fromUtf8(QJsonDocument(progress).toJson(QJsonDocument::Compact)),
               error, id});
}

QVector<JobInfo> JobStore::query(const QString& where, const QVariantList& values) const
{
    QSqlQuery query = sql::exec(m_workspace.database(),
                                QStringLiteral("SELECT id, kind, state, COALESCE(run_id, 0), progress, error, created_at, updated_at "
                                               "FROM jobs %1")
                                    .arg(where),
                                values);
    QVector<JobInfo> jobs;
    while (query.next()) {
        JobInfo job;
        job.id = query.value(0).toString();
        job.kind = query.value(1).toString();
        job.state = jobStateFromString(query.value(2).toString());
        job.runId = query.value(3).toLongLong();
        job.progress = QJsonDocument::fromJson(query.value(4).toString().toUtf8()).object();
        job.error = query.value(5).toString();
        job.createdAt = query.value(6).toString();
        job.updatedAt = query.value(7).toString();
        jobs << job;
    }
    return jobs;
}

JobInfo JobStore::get(const QString& id) const
{
    const QVector<JobInfo> jobs = query(QStringLiteral("WHERE id = ?"), {id});
    if (jobs.isEmpty())
        throw Error(ErrorCode::NotFound, QStringLiteral("no job '%1'").arg(id));
    return jobs.first();
}

QVector<JobInfo> JobStore::list(int limit) const
{
    return query(QStringLiteral("ORDER BY created_at DESC, rowid DESC LIMIT ?"), {limit});
}

}  // namespace mb
