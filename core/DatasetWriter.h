#pragma once

#include "DataTable.h"
#include "DatasetSchema.h"
#include "DatasetSplit.h"
#include "DatasetVersionInfo.h"

#include <QJsonObject>
#include <QStringList>

#include <functional>
#include <vector>

namespace mb {

class Workspace;

// The rows and description of a version about to be stored.
struct NewDatasetVersion {
    QString name;               // dataset name: letters, digits, '.', '_', '-'
    DataTable table;
    DatasetSchema schema;
    std::vector<Split> split;   // one per row
    QJsonObject splitInfo;      // how the split was made: method, seed, ratios
    QJsonObject source;         // where the rows came from: file, options
    QStringList notices;
    // Artifacts the rows refer to by hash (images): stored with the version, removed again
    // if the commit fails. Files are streamed; blobs are for content made in memory.
    QStringList attachmentFiles;
    QList<QByteArray> attachmentBlobs;
};

struct CommittedVersion {
    DatasetVersionInfo info;
    bool created = false;       // false: identical content was already that version
};

// Stores dataset versions: canonical content and split as artifacts, then the version row,
// all or nothing. A version is identified by the hash of content, split and schema, so
// storing the same thing twice returns the existing version. On failure, artifacts this call
// added are removed again and the registry is untouched. Safe to run from several processes
// at once (numbers are assigned inside a write transaction). Use from one thread.
class DatasetWriter {
public:
    enum class Step { Canonicalize, StoreArtifacts, Register, Commit };
    // Told before each step; a throw from it aborts the commit (tests inject failures here).
    using StepObserver = std::function<void(Step)>;

    explicit DatasetWriter(const Workspace& workspace) : m_workspace(workspace) {}

    CommittedVersion commit(const NewDatasetVersion& version, const StepObserver& observer = {}) const;

    // Throws InvalidArgument when `name` is not a valid dataset name.
    static void checkName(const QString& name);

private:
    const Workspace& m_workspace;
};

}  // namespace mb
