#pragma once

#include <QString>

namespace mb {

// One dataset as listed in the workbench: its name, kind and latest version.
struct DatasetSummary {
    QString name;
    QString kind;          // tabular | text | image
    int versionCount = 0;
    qint64 rows = 0;       // of the latest version
    int columns = 0;       // of the latest version
    QString labelKind;     // classification | regression
    QString updatedAt;     // when the latest version was made (ISO 8601, UTC)
};

}  // namespace mb
