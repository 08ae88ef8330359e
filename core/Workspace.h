#pragma once

#include "ArtifactStore.h"
#include "WorkspaceInfo.h"

#include <QMutex>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <memory>

namespace mb {

// A workspace folder: registry.sqlite (the registry) and artifacts/ (content-addressed
// files). Opening one creates what is missing and migrates the schema.
//
// Thread-safety: every method may be called from any thread. database() hands each thread
// its own connection (a Qt SQL connection belongs to the thread that opened it); all use
// WAL and a busy timeout, so the GUI, the server and a CLI process can share a workspace.
// A thread that is about to end calls releaseThreadConnection(). Shared by shared_ptr.
class Workspace {
public:
    // Where a workspace lives when none is named: $MODELBENCH_WORKSPACE, else the
    // platform's app-data folder (~/.local/share/modelbench/workspace on Linux).
    static QString defaultPath();
    // `explicitPath` if not empty, else defaultPath().
    static QString resolvePath(const QString& explicitPath);

    // Opens (creating if needed) the workspace at `dir`. Throws Io when the folder cannot
    // be made, Conflict when its schema is newer than this build, Corrupt when
    // registry.sqlite is not a database.
    static std::shared_ptr<Workspace> open(const QString& dir);

    ~Workspace();
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;

    const QString& path() const { return m_path; }
    QString registryPath() const;
    const ArtifactStore& artifacts() const { return m_artifacts; }

    // The calling thread's connection to registry.sqlite, opened on first use.
    QSqlDatabase database() const;
    // Closes the calling thread's connection (call before a worker thread ends).
    void releaseThreadConnection() const;

    int schemaVersion() const;
    WorkspaceInfo info() const;

    // Appends to the audit log (in the caller's transaction, if any).
    void audit(const QString& actor, const QString& action, const QString& subject,
               const QString& detail = {}) const;

private:
    explicit Workspace(QString path);
    QString connectionName() const;

    QString m_path;
    ArtifactStore m_artifacts;
    mutable QMutex m_mutex;
    mutable QStringList m_connections;  // guarded by m_mutex
};

}  // namespace mb
