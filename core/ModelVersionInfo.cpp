#include "ModelVersionInfo.h"

#include <QJsonArray>

namespace mb {

QJsonObject ModelVersionInfo::toJson() const
{
    return QJsonObject{{QStringLiteral("model"), model},
                       {QStringLiteral("version"), version},
                       {QStringLiteral("ref"), ref()},
                       {QStringLiteral("task"), task},
                       {QStringLiteral("model_type"), modelType},
                       {QStringLiteral("aliases"), QJsonArray::fromStringList(aliases)},
                       {QStringLiteral("dataset"), datasetRef},
                       {QStringLiteral("run"), runId > 0 ? QJsonValue(runId) : QJsonValue()},
                       {QStringLiteral("bundle"), bundle},
                       {QStringLiteral("metrics"), metrics},
                       {QStringLiteral("signature"), signature},
                       {QStringLiteral("description"), description},
                       {QStringLiteral("created_at"), createdAt}};
}

}  // namespace mb
