#pragma once

#include "DatasetSummary.h"
#include "DatasetVersion.h"
#include "DatasetVersionInfo.h"

#include <QVector>

#include <optional>

namespace mb {

class Workspace;

// Read access to the datasets of a workspace. Cheap to construct; holds a reference to
// the workspace, which must outlive it. Thread-safe as Workspace is.
class DatasetCatalog {
public:
    explicit DatasetCatalog(const Workspace& workspace) : m_workspace(workspace) {}

    // Every dataset with its latest version's shape, ordered by name.
    QVector<DatasetSummary> list() const;
    // The versions of one dataset, oldest first. Throws NotFound for an unknown dataset.
    QVector<DatasetVersionInfo> versions(const QString& dataset) const;
    // "name" (latest version), "name@3" (version 3) or "name@<hash prefix>". Throws NotFound
    // naming what exists, InvalidArgument for a malformed reference.
    DatasetVersionInfo resolve(const QString& ref) const;
    std::optional<DatasetVersionInfo> findByHash(const QString& dataset, const QString& hash) const;
    // Reads the version's rows and split from the artifact store (verified by hash).
    DatasetVersion load(const DatasetVersionInfo& info) const;
    DatasetVersion load(const QString& ref) const { return load(resolve(ref)); }

private:
    QVector<DatasetVersionInfo> query(const QString& where, const QVariantList& values) const;

    const Workspace& m_workspace;
};

}  // namespace mb
