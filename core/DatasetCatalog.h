#pragma once

#include "DatasetSummary.h"

#include <QVector>

namespace mb {

class Workspace;

// Read access to the datasets of a workspace. Cheap to construct; holds a reference to
// the workspace, which must outlive it. Thread-safe as Workspace is.
class DatasetCatalog {
public:
    explicit DatasetCatalog(const Workspace& workspace) : m_workspace(workspace) {}

    // Every dataset with its latest version's shape, ordered by name.
    QVector<DatasetSummary> list() const;

private:
    const Workspace& m_workspace;
};

}  // namespace mb
