#include "Workspace.h"

#include "Error.h"
#include "PreparationStore.h"
#include "SchemaMigrator.h"
#include "Sql.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QStandardPaths>
#include <QThread>

namespace mb {
namespace {

constexpr int kBusyTimeoutMs = 30000;

// Tables counted by `workspace info`, where the schema has them.
const QStringList& countedTables()
{
    static const QStringList tables = {QStringLiteral("datasets"), QStringLiteral("dataset_versions"),
                                       QStringLiteral("runs"),     QStringLiteral("model_versions"),
                                       QStringLiteral("jobs"),     QStringLiteral("users"),
                                       QStringLiteral("audit_log")};
    return tables;
}

}  // namespace

QString Workspace::defaultPath()
{
    const QString fromEnv = qEnvironmentVariable("MODELBENCH_WORKSPACE");
    if (!fromEnv.isEmpty())
        return fromEnv;
    QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.local/share");
    return base + QStringLiteral("/modelbench/workspace");
}

QString Workspace::resolvePath(const QString& explicitPath)
{
    return explicitPath.isEmpty() ? defaultPath() : explicitPath;
}

std::shared_ptr<Workspace> Workspace::open(const QString& dir)
{
    if (dir.isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("no workspace folder given"));
    const QFileInfo info(dir);
    if (info.exists() && !info.isDir())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("workspace %1 is a file, not a folder").arg(dir));
    const QString absolute = info.absoluteFilePath();
    if (!QDir().mkpath(absolute + QStringLiteral("/artifacts")))
        throw Error(ErrorCode::Io, QStringLiteral("cannot create workspace folder %1").arg(absolute));

    std::shared_ptr<Workspace> workspace(new Workspace(QDir::cleanPath(absolute)));
    const QSqlDatabase db = workspace->database();
    // Persistent for the file; every later connection then runs in WAL mode.
    const QString mode = sql::scalar(db, QStringLiteral("PRAGMA journal_mode=WAL")).toString();
    if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        throw Error(ErrorCode::Io, QStringLiteral("%1 cannot use WAL journaling (mode is '%2')").arg(workspace->registryPath(), mode));
    SchemaMigrator::migrate(db);
    return workspace;
}

Workspace::Workspace(QString path)
    : m_path(std::move(path)), m_artifacts(m_path + QStringLiteral("/artifacts"))
{
}

Workspace::~Workspace()
{
    QMutexLocker lock(&m_mutex);
    for (const QString& name : std::as_const(m_connections)) {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
}

QString Workspace::registryPath() const
{
    return m_path + QStringLiteral("/registry.sqlite");
}

QString Workspace::connectionName() const
{
    return QStringLiteral("mb:%1:%2")
        .arg(reinterpret_cast<quintptr>(this))
        .arg(reinterpret_cast<quintptr>(QThread::currentThreadId()));
}

QSqlDatabase Workspace::database() const
{
    const QString name = connectionName();
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name, true);

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(registryPath());
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!db.open()) {
        const QString reason = db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        throw Error(ErrorCode::Io, QStringLiteral("cannot open %1: %2").arg(registryPath(), reason));
    }
    {
        QMutexLocker lock(&m_mutex);
        m_connections << name;
    }
    try {
        // A file that is not SQLite fails on its first read, here.
        sql::exec(db, QStringLiteral("PRAGMA foreign_keys=ON"));
        sql::exec(db, QStringLiteral("PRAGMA synchronous=NORMAL"));
        sql::scalar(db, QStringLiteral("SELECT COUNT(*) FROM sqlite_master"));
    } catch (const Error& error) {
        releaseThreadConnection();
        throw Error(ErrorCode::Corrupt, QStringLiteral("%1 is not a Modelbench registry: %2").arg(registryPath(), error.message()));
    }
    return db;
}

void Workspace::releaseThreadConnection() const
{
    const QString name = connectionName();
    {
        QMutexLocker lock(&m_mutex);
        m_connections.removeAll(name);
    }
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
}

int Workspace::schemaVersion() const
{
    return SchemaMigrator::currentVersion(database());
}

WorkspaceInfo Workspace::info() const
{
    const QSqlDatabase db = database();
    WorkspaceInfo info;
    info.path = m_path;
    info.registryPath = registryPath();
    info.schemaVersion = SchemaMigrator::currentVersion(db);
    info.latestSchemaVersion = SchemaMigrator::latestVersion();
    info.createdAt = sql::scalar(db, QStringLiteral("SELECT value FROM workspace_meta WHERE key = 'created_at'")).toString();
    for (const QString& table : countedTables()) {
        if (sql::tableExists(db, table))
            info.counts.insert(table, sql::scalar(db, QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)).toLongLong());
    }
    const ArtifactStats stats = m_artifacts.stats();
    info.artifactCount = stats.count;
    info.artifactBytes = stats.bytes;
    if (sql::tableExists(db, QStringLiteral("preparations"))) {
        const PreparationCacheStats cache = PreparationStore(*this).stats();
        info.preparationCount = cache.entries;
        info.preparationBytes = cache.bytes;
    }
    return info;
}

void Workspace::audit(const QString& actor, const QString& action, const QString& subject, const QString& detail) const
{
    sql::exec(database(), QStringLiteral("INSERT INTO audit_log (actor, action, subject, detail) VALUES (?, ?, ?, ?)"),
              {actor, action, subject, detail.isNull() ? QStringLiteral("") : detail});
}

}  // namespace mb
