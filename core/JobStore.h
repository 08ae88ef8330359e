#pragma once

#include "JobInfo.h"

#include <QVector>

namespace mb {

class Workspace;

// Background jobs in the registry's `jobs` table: JobManager writes them as they progress,
// and anything sharing the workspace (the HTTP API's GET /api/v1/jobs/{id}, a CLI) reads them.
// Each job row names the process that runs it (pid and host), so a process starting later can
// tell the jobs of a process that ended abruptly from those of one still running. Each call is
// its own statement. Holds a reference to the workspace; thread-safe as Workspace is.
class JobStore {
public:
    explicit JobStore(const Workspace& workspace) : m_workspace(workspace) {}

    // Records a new job (state queued), owned by this process. Throws Conflict when the id
    // exists.
    void create(const QString& id, const QString& kind) const;
    // Sets the state, run, progress and error of a job; refreshes updated_at.
    void update(const QString& id, JobState state, qint64 runId, const QJsonObject& progress,
                const QString& error = {}) const;
    // Throws NotFound.
    JobInfo get(const QString& id) const;
    // Newest first, at most `limit`.
    QVector<JobInfo> list(int limit = 100) const;

    // Marks the queued and running jobs whose process has ended as failed, "interrupted (the
    // program ended while it ran)", and returns their ids. A job belongs to a process that
    // ended when it was recorded on this host by a pid that no longer runs; jobs of other
    // hosts are left alone (their process cannot be checked from here). Jobs recorded before
    // owners were (no pid) count as ended once their row has not changed for
    // `ownerlessStaleSeconds`, as a running job refreshes it every few seconds.
    QStringList failInterrupted(int ownerlessStaleSeconds = 600) const;

    // The error failInterrupted() records.
    static QString interruptedError();

private:
    QVector<JobInfo> query(const QString& where, const QVariantList& values) const;

    const Workspace& m_workspace;
};

}  // namespace mb
