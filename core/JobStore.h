#pragma once

#include "JobInfo.h"

#include <QVector>

namespace mb {

class Workspace;

// Background jobs in the registry's `jobs` table: JobManager writes them as they progress,
// and anything sharing the workspace (the HTTP API's GET /api/v1/jobs/{id}, a CLI) reads them.
// Each call is its own statement. Holds a reference to the workspace; thread-safe as
// Workspace is.
class JobStore {
public:
    explicit JobStore(const Workspace& workspace) : m_workspace(workspace) {}

    // Records a new job (state queued). Throws Conflict when the id exists.
    void create(const QString& id, const QString& kind) const;
    // Sets the state, run, progress and error of a job; refreshes updated_at.
    void update(const QString& id, JobState state, qint64 runId, const QJsonObject& progress,
                const QString& error = {}) const;
    // Throws NotFound.
    JobInfo get(const QString& id) const;
    // Newest first, at most `limit`.
    QVector<JobInfo> list(int limit = 100) const;

private:
    QVector<JobInfo> query(const QString& where, const QVariantList& values) const;

    const Workspace& m_workspace;
};

}  // namespace mb
