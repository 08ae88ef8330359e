#include "JobInfo.h"

#include "Error.h"

namespace mb {

QString toString(JobState state)
{
    switch (state) {
    case JobState::Queued:
        return QStringLiteral("queued");
    case JobState::Running:
        return QStringLiteral("running");
    case JobState::Finished:
        return QStringLiteral("finished");
    case JobState::Failed:
        return QStringLiteral("failed");
    case JobState::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("failed");
}

JobState jobStateFromString(const QString& name)
{
    for (JobState state : {JobState::Queued, JobState::Running, JobState::Finished, JobState::Failed, JobState::Cancelled}) {
        if (toString(state) == name)
            return state;
    }
    throw Error(ErrorCode::Corrupt, QStringLiteral("unknown job state '%1'").arg(name));
}

QJsonObject JobInfo::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("kind"), kind},
                       {QStringLiteral("state"), toString(state)},
                       {QStringLiteral("run_id"), runId > 0 ? QJsonValue(runId) : QJsonValue()},
                       {QStringLiteral("progress"), progress},
                       {QStringLiteral("error"), error},
                       {QStringLiteral("created_at"), createdAt},
                       {QStringLiteral("updated_at"), updatedAt}};
}

}  // namespace mb
