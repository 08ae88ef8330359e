#pragma once

#include "DatasetSchema.h"

#include <QJsonObject>
#include <QString>

namespace mb {

// A dataset version as the registry records it (not its rows).
struct DatasetVersionInfo {
    qint64 id = 0;
    QString dataset;
    DatasetKind kind = DatasetKind::Tabular;
    int number = 0;              // 1, 2, ... within the dataset
    int parentNumber = 0;        // 0 when it has no parent
    QString hash;                // identity: SHA-256 of content + schema + split
    QString artifact;            // canonical CSV
    QString splitArtifact;       // one split name per row
    qint64 rows = 0;
    int columns = 0;
    LabelKind labelKind = LabelKind::Classification;
    QJsonObject metadata;        // schema, class_counts / target, split, source, notices
    QString createdAt;

    // "wine@2"
    QString ref() const { return QStringLiteral("%1@%2").arg(dataset).arg(number); }
    DatasetSchema schema() const { return DatasetSchema::fromJson(metadata.value(QStringLiteral("schema")).toObject()); }
};

}  // namespace mb
