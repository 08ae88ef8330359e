#include "SchemaMigrator.h"

#include "Error.h"
#include "Sql.h"
#include "WriteTransaction.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace mb {
namespace {

// Statements are separated by a ';' that ends a line; migrations hold no triggers.
QStringList splitStatements(const QString& script)
{
    QStringList statements;
    QString current;
    for (const QString& line : script.split(QLatin1Char('\n'))) {
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(QLatin1String("--")))
            continue;
        current += line + QLatin1Char('\n');
        if (trimmed.endsWith(QLatin1Char(';'))) {
            statements << current.trimmed();
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        statements << current.trimmed();
    return statements;
}

QVector<Migration> loadMigrations()
{
    static const QRegularExpression fileName(QStringLiteral("^(\\d{4})_(\\w+)\\.sql$"));
    QVector<Migration> list;
    const QDir dir(QStringLiteral(":/migrations"));
    for (const QString& entry : dir.entryList(QDir::Files, QDir::Name)) {
        const QRegularExpressionMatch match = fileName.match(entry);
        if (!match.hasMatch())
            throw Error(ErrorCode::Internal, QStringLiteral("badly named migration %1").arg(entry));
        QFile file(dir.filePath(entry));
        if (!file.open(QIODevice::ReadOnly))
            throw Error(ErrorCode::Internal, QStringLiteral("cannot read migration %1").arg(entry));
        Migration migration;
        migration.version = match.captured(1).toInt();
        migration.name = match.captured(2);
        migration.statements = splitStatements(QString::fromUtf8(file.readAll()));
        if (migration.version != list.size() + 1)
            throw Error(ErrorCode::Internal, QStringLiteral("migration %1 is out of sequence").arg(entry));
        list << migration;
    }
    return list;
}

void ensureVersionTable(const QSqlDatabase& db)
{
    sql::exec(db, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version ("
                                 " version INTEGER PRIMARY KEY,"
                                 " name TEXT NOT NULL,"
                                 " applied_at TEXT NOT NULL DEFAULT "
                                 "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"));
}

}  // namespace

const QVector<Migration>& SchemaMigrator::migrations()
{
    static const QVector<Migration> list = loadMigrations();
    return list;
}

int SchemaMigrator::latestVersion()
{
    return migrations().size();
}

int SchemaMigrator::currentVersion(const QSqlDatabase& db)
{
    if (!sql::tableExists(db, QStringLiteral("schema_version")))
        return 0;
    return sql::scalar(db, QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version")).toInt();
}

void SchemaMigrator::migrate(const QSqlDatabase& db, int targetVersion)
{
    const int latest = latestVersion();
    const int target = targetVersion < 0 ? latest : targetVersion;
    if (target > latest)
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("schema version %1 is unknown (latest is %2)").arg(target).arg(latest));

    // Cheap read first, so an up-to-date workspace does not take the write lock.
    const int seen = currentVersion(db);
    if (seen > latest) {
        throw Error(ErrorCode::Conflict,
                    QStringLiteral("%1 was written by a newer Modelbench (schema version %2; this build "
                                   "knows up to %3). Upgrade Modelbench or choose another workspace.")
                        .arg(db.databaseName())
                        .arg(seen)
                        .arg(latest));
    }
    if (seen >= target)
        return;

    WriteTransaction transaction(db);
    ensureVersionTable(db);
    const int current = currentVersion(db);  // another process may have migrated meanwhile
    for (const Migration& migration : migrations()) {
        if (migration.version <= current || migration.version > target)
            continue;
        for (const QString& statement : migration.statements)
            sql::exec(db, statement);
        sql::exec(db, QStringLiteral("INSERT INTO schema_version (version, name) VALUES (?, ?)"),
                  {migration.version, migration.name});
    }
    transaction.commit();
}

}  // namespace mb
