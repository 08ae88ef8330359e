#include "WorkspaceCheck.h"

#include "Error.h"
#include "PreparationStore.h"
#include "Sql.h"
#include "Workspace.h"

#include <QDirIterator>

namespace mb {

WorkspaceCheckReport checkWorkspace(const Workspace& workspace)
{
    WorkspaceCheckReport report;
    QSqlQuery integrity = sql::exec(workspace.database(), QStringLiteral("PRAGMA integrity_check"));
    while (integrity.next()) {
        const QString line = integrity.value(0).toString();
        if (line != QLatin1String("ok"))
            report.registryProblems << line;
    }
    const ArtifactStore& store = workspace.artifacts();
    const PreparationCacheStats cache = PreparationStore(workspace).stats();
    report.cachedPreparations = cache.entries;
    report.cachedPreparationBytes = cache.bytes;
    report.missingPreparations = PreparationStore(workspace).keysWithoutArtifact();
    QDirIterator it(store.root(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        if (!ArtifactStore::isValidHash(it.fileName()))
            continue;
        ++report.artifactsChecked;
        try {
            store.verify(it.fileName());
        } catch (const Error&) {
            report.corruptArtifacts << it.filePath();
        }
    }
    return report;
}

}  // namespace mb
