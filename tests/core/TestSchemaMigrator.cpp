#include "Error.h"
#include "SchemaMigrator.h"
#include "Sql.h"

#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QtTest>

using namespace mb;

class TestSchemaMigrator : public QObject {
    Q_OBJECT

private:
    QSqlDatabase openDatabase(const QString& name)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_dir->filePath(name + QStringLiteral(".sqlite")));
        if (!db.open())
            qFatal("cannot open test database");
        m_connections << name;
        return db;
    }

    // The schema as SQLite stores it, comparable between two databases.
    static QStringList schemaOf(const QSqlDatabase& db)
    {
        QSqlQuery query = sql::exec(db, QStringLiteral("SELECT type, name, sql FROM sqlite_master "
                                                       "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"));
        QStringList schema;
        while (query.next())
            schema << query.value(0).toString() + QLatin1Char(' ') + query.value(1).toString() + QLatin1Char(' ') +
                          query.value(2).toString();
        return schema;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QStringList m_connections;

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void cleanup()
    {
        for (const QString& name : std::as_const(m_connections)) {
            QSqlDatabase::database(name, false).close();
            QSqlDatabase::removeDatabase(name);
        }
        m_connections.clear();
        m_dir.reset();
    }

    void migrationsAreNumberedInSequence()
    {
        const auto& migrations = SchemaMigrator::migrations();
        QVERIFY(migrations.size() >= 2);
        for (int i = 0; i < migrations.size(); ++i) {
            QCOMPARE(migrations.at(i).version, i + 1);
            QVERIFY(!migrations.at(i).name.isEmpty());
            QVERIFY(!migrations.at(i).statements.isEmpty());
        }
        QCOMPARE(SchemaMigrator::latestVersion(), migrations.size());
    }

    void upFromEmpty()
    {
        const QSqlDatabase db = openDatabase(QStringLiteral("empty"));
        QCOMPARE(SchemaMigrator::currentVersion(db), 0);
        SchemaMigrator::migrate(db);
        QCOMPARE(SchemaMigrator::currentVersion(db), SchemaMigrator::latestVersion());
        QVERIFY(sql::tableExists(db, QStringLiteral("audit_log")));
        QVERIFY(sql::tableExists(db, QStringLiteral("datasets")));
        QVERIFY(sql::tableExists(db, QStringLiteral("dataset_versions")));
        QCOMPARE(sql::scalar(db, QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(),
                 SchemaMigrator::latestVersion());
    }

    void upFromEachOlderVersion_data()
    {
        QTest::addColumn<int>("from");
        for (int version = 1; version < SchemaMigrator::latestVersion(); ++version)
            QTest::addRow("from v%d", version) << version;
    }

    void upFromEachOlderVersion()
    {
        QFETCH(int, from);
        const QSqlDatabase fresh = openDatabase(QStringLiteral("fresh"));
        SchemaMigrator::migrate(fresh);

        const QSqlDatabase old = openDatabase(QStringLiteral("old"));
        SchemaMigrator::migrate(old, from);
        QCOMPARE(SchemaMigrator::currentVersion(old), from);
        // Data written at the old version survives the upgrade.
        sql::exec(old, QStringLiteral("INSERT INTO audit_log (actor, action, subject) VALUES ('test', 'probe', 'v')"));
        SchemaMigrator::migrate(old);

        QCOMPARE(SchemaMigrator::currentVersion(old), SchemaMigrator::latestVersion());
        QCOMPARE(schemaOf(old), schemaOf(fresh));
        QCOMPARE(sql::scalar(old, QStringLiteral("SELECT action FROM audit_log")).toString(), QStringLiteral("probe"));
    }

    void migratingTwiceChangesNothing()
    {
        const QSqlDatabase db = openDatabase(QStringLiteral("twice"));
        SchemaMigrator::migrate(db);
        const QStringList before = schemaOf(db);
        SchemaMigrator::migrate(db);
        QCOMPARE(schemaOf(db), before);
        QCOMPARE(sql::scalar(db, QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(),
                 SchemaMigrator::latestVersion());
    }

    void newerSchemaIsRefused()
    {
        const QSqlDatabase db = openDatabase(QStringLiteral("newer"));
        SchemaMigrator::migrate(db);
        sql::exec(db, QStringLiteral("INSERT INTO schema_version (version, name) VALUES (?, 'future')"),
                  {SchemaMigrator::latestVersion() + 1});
        try {
            SchemaMigrator::migrate(db);
            QFAIL("a newer schema was accepted");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::Conflict);
            QVERIFY2(error.message().contains(QLatin1String("newer Modelbench")), qPrintable(error.message()));
        }
    }

    void failedMigrationLeavesTheOldSchema()
    {
        const QSqlDatabase db = openDatabase(QStringLiteral("failing"));
        SchemaMigrator::migrate(db, 1);
        // A table in the way makes migration 2 fail half-way.
        sql::exec(db, QStringLiteral("CREATE TABLE dataset_versions (x INTEGER)"));
        const QStringList before = schemaOf(db);
        QVERIFY_THROWS_EXCEPTION(Error, SchemaMigrator::migrate(db));
        QCOMPARE(SchemaMigrator::currentVersion(db), 1);
        QCOMPARE(schemaOf(db), before);
        QVERIFY(!sql::tableExists(db, QStringLiteral("datasets")));
    }
};

QTEST_GUILESS_MAIN(TestSchemaMigrator)
#include "TestSchemaMigrator.moc"
