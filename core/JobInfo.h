#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace mb {

// Where a background job is in its life. Queued and Running are active; the others are final.
enum class JobState { Queued, Running, Finished, Failed, Cancelled };

// "queued", "running", "finished", "failed", "cancelled": the `jobs.state` column and the API.
QString toString(JobState state);
// The inverse of toString(); throws Corrupt for an unknown name.
JobState jobStateFromString(const QString& name);
inline bool isFinal(JobState state) { return state != JobState::Queued && state != JobState::Running; }

// A background job as the registry's `jobs` table records it, so that any process sharing
// the workspace (the HTTP API, a CLI) can report on it. A plain value type.
struct JobInfo {
    QString id;                 // a UUID without braces
    QString kind;               // train | search
    JobState state = JobState::Queued;
    qint64 runId = 0;           // 0 until the run is recorded
    QJsonObject progress;       // see JobProgress::toJson()
    QString error;              // why it failed
    QString createdAt;          // ISO 8601, UTC
    QString updatedAt;

    QJsonObject toJson() const;
};

}  // namespace mb

Q_DECLARE_METATYPE(mb::JobState)
