#include "JobStore.h"

#include "Error.h"
#include "Sql.h"
#include "Workspace.h"
#include "WriteTransaction.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QSysInfo>

#include <cerrno>
#include <signal.h>

namespace mb {
namespace {

// kill(pid, 0) sends nothing; it only asks whether the process exists. EPERM: it exists but
// belongs to another user.
bool processRuns(qint64 pid)
{
    if (pid <= 0)
        return false;
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

void JobStore::create(const QString& id, const QString& kind) const
{
    sql::exec(m_workspace.database(), QStringLiteral("INSERT INTO jobs (id, kind, state, owner_pid, owner_host) VALUES (?, ?, 'queued', ?, ?)"),
              {id, kind, QCoreApplication::applicationPid(), QSysInfo::machineHostName()});
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

QString JobStore::interruptedError()
{
    return QStringLiteral("interrupted (the program ended while it ran)");
}

QStringList JobStore::failInterrupted(int ownerlessStaleSeconds) const
{
    const QSqlDatabase db = m_workspace.database();
    QSqlQuery query = sql::exec(db, QStringLiteral("SELECT id, owner_pid, owner_host, updated_at FROM jobs WHERE state IN ('queued', 'running')"));
    const QString host = QSysInfo::machineHostName();
    const QDateTime staleBefore = QDateTime::currentDateTimeUtc().addSecs(-ownerlessStaleSeconds);
    QStringList interrupted;
    while (query.next()) {
        const QString id = query.value(0).toString();
        bool ended = false;
        if (query.value(1).isNull()) {
            const QDateTime updated = QDateTime::fromString(query.value(3).toString(), Qt::ISODateWithMs);
            ended = updated.isValid() && updated < staleBefore;
        } else {
            ended = query.value(2).toString() == host && !processRuns(query.value(1).toLongLong());
        }
        if (ended)
            interrupted << id;
    }
    query.finish();
    for (const QString& id : std::as_const(interrupted)) {
        // The state conditions keep a job or run that ended meanwhile as it ended. The job's
        // run was left "running" by the same process.
        WriteTransaction transaction(db);
        sql::exec(db,
                  QStringLiteral("UPDATE runs SET state = 'failed', error = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                                 "WHERE id = (SELECT run_id FROM jobs WHERE id = ? AND state IN ('queued', 'running')) AND state = 'running'"),
                  {interruptedError(), id});
        sql::exec(db,
                  QStringLiteral("UPDATE jobs SET state = 'failed', error = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                                 "WHERE id = ? AND state IN ('queued', 'running')"),
                  {interruptedError(), id});
        transaction.commit();
    }
    return interrupted;
}

}  // namespace mb
