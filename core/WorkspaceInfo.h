#pragma once

#include <QMap>
#include <QString>

namespace mb {

// A snapshot of what a workspace holds, for `workspace info` and the status bar.
struct WorkspaceInfo {
    QString path;
    QString registryPath;
    QString createdAt;
    int schemaVersion = 0;
    int latestSchemaVersion = 0;
    QMap<QString, qint64> counts;  // rows per registry table ("datasets", ...)
    qint64 artifactCount = 0;
    qint64 artifactBytes = 0;
    // The preparation cache (part of the artifacts above): entries, and the bytes of the
    // artifacts they refer to; `workspace prune-cache` frees them.
    qint64 preparationCount = 0;
    qint64 preparationBytes = 0;
};

}  // namespace mb
