#pragma once

#include <QStringList>

namespace mb {

class Workspace;

// What a full check of a workspace found.
struct WorkspaceCheckReport {
    qint64 artifactsChecked = 0;
    QStringList corruptArtifacts;   // paths whose content no longer matches their hash
    QStringList registryProblems;   // lines of SQLite's integrity check, empty when sound
    // The preparation cache, which may be pruned freely: its entries, their artifacts' bytes,
    // and the keys of entries whose artifact is gone (harmless: training prepares again).
    qint64 cachedPreparations = 0;
    qint64 cachedPreparationBytes = 0;
    QStringList missingPreparations;
    bool ok() const { return corruptArtifacts.isEmpty() && registryProblems.isEmpty(); }
};

// Re-hashes every artifact and runs SQLite's integrity check on the registry. Reads only;
// may take long on a big workspace, so run it off the GUI thread.
WorkspaceCheckReport checkWorkspace(const Workspace& workspace);

}  // namespace mb
