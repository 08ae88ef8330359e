#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QVector>

namespace mb {

// One numbered schema step: the file core/migrations/NNNN_name.sql.
struct Migration {
    int version = 0;
    QString name;
    QStringList statements;
};

// Brings a registry database up to the schema this build knows. Migrations are SQL files
// compiled in as resources (:/migrations/NNNN_name.sql), applied in order inside one
// BEGIN IMMEDIATE transaction, each recorded in the table schema_version. Safe to call
// from two processes at once: the second sees the first's work and does nothing.
class SchemaMigrator {
public:
    // All migrations known to this build, ordered by version.
    static const QVector<Migration>& migrations();
    static int latestVersion();
    // 0 for an empty database.
    static int currentVersion(const QSqlDatabase& db);
    // Applies every migration up to `targetVersion` (default: latest). Throws Conflict when
    // the database is already past what this build knows (made by a newer version).
    static void migrate(const QSqlDatabase& db, int targetVersion = -1);
};

}  // namespace mb
