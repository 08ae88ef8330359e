#pragma once

#include <QJsonObject>
#include <QString>

namespace mb {

// A training run as the registry records it.
struct RunInfo {
    qint64 id = 0;
    QString key;                // cache key: dataset version + resolved config + pipeline version
    QString datasetRef;         // "wine@1"
    QString modelType;          // mlp | linear | cnn | text | imported
    QString config;             // resolved YAML
    QString state;              // running | finished | failed | cancelled
    QString source;             // cli | gui | api | search
    int bestEpoch = 0;
    int epochsRun = 0;
    QJsonObject metrics;        // {"validation": {...}, "test": {...}}
    QString error;
    QString startedAt;
    QString finishedAt;
    double durationSeconds = 0;
    QString modelVersionRef;    // "wine@2" when the run registered a version
    bool prepCached = false;    // the data's preparation was loaded from the preparation cache
};

}  // namespace mb
