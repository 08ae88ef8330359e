#include "Error.h"
#include "SchemaMigrator.h"
#include "Sql.h"
#include "Workspace.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace mb;

class TestWorkspace : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;

    QString path(const QString& name) const { return m_dir->filePath(name); }

private Q_SLOTS:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }
    void cleanup() { m_dir.reset(); }

    void openCreatesTheLayout()
    {
        const auto workspace = Workspace::open(path(QStringLiteral("ws")));
        QVERIFY(QFileInfo(path(QStringLiteral("ws/registry.sqlite"))).isFile());
        QVERIFY(QFileInfo(path(QStringLiteral("ws/artifacts"))).isDir());
        QCOMPARE(workspace->schemaVersion(), SchemaMigrator::latestVersion());
        QCOMPARE(sql::scalar(workspace->database(), QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        QCOMPARE(sql::scalar(workspace->database(), QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    }

    void reopeningKeepsData()
    {
        {
            const auto workspace = Workspace::open(path(QStringLiteral("ws")));
            workspace->audit(QStringLiteral("test"), QStringLiteral("create"), QStringLiteral("thing"));
        }
        const auto again = Workspace::open(path(QStringLiteral("ws")));
        QCOMPARE(again->info().counts.value(QStringLiteral("audit_log")), qint64(1));
    }

    void locationOverrides()
    {
        const QByteArray saved = qgetenv("MODELBENCH_WORKSPACE");
        qputenv("MODELBENCH_WORKSPACE", path(QStringLiteral("from-env")).toUtf8());
        QCOMPARE(Workspace::defaultPath(), path(QStringLiteral("from-env")));
        QCOMPARE(Workspace::resolvePath({}), path(QStringLiteral("from-env")));
        QCOMPARE(Workspace::resolvePath(QStringLiteral("/explicit")), QStringLiteral("/explicit"));
        qunsetenv("MODELBENCH_WORKSPACE");
        QVERIFY(Workspace::defaultPath().endsWith(QLatin1String("/modelbench/workspace")));
        qputenv("MODELBENCH_WORKSPACE", saved);
    }

    void aFileIsNotAWorkspace()
    {
        QFile file(path(QStringLiteral("plain-file")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        try {
            Workspace::open(file.fileName());
            QFAIL("a file was opened as a workspace");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::InvalidArgument);
        }
    }

    void aDamagedRegistryIsCorrupt()
    {
        QDir().mkpath(path(QStringLiteral("ws")));
        QFile file(path(QStringLiteral("ws/registry.sqlite")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'z'));
        file.close();
        try {
            Workspace::open(path(QStringLiteral("ws")));
            QFAIL("garbage was opened as a registry");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::Corrupt);
            QVERIFY2(error.message().contains(QLatin1String("registry.sqlite")), qPrintable(error.message()));
        }
    }

    void aNewerWorkspaceIsRefused()
    {
        {
            const auto workspace = Workspace::open(path(QStringLiteral("ws")));
            sql::exec(workspace->database(), QStringLiteral("INSERT INTO schema_version (version, name) VALUES (999, 'future')"));
        }
        try {
            Workspace::open(path(QStringLiteral("ws")));
            QFAIL("a newer workspace was opened");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::Conflict);
            QVERIFY(error.message().contains(QLatin1String("999")));
        }
    }

    void eachThreadGetsItsOwnConnection()
    {
        const auto workspace = Workspace::open(path(QStringLiteral("ws")));
        const QString mainName = workspace->database().connectionName();
        QString threadName;
        qint64 seenInThread = -1;
        QThread* thread = QThread::create([&] {
            const QSqlDatabase db = workspace->database();
            threadName = db.connectionName();
            workspace->audit(QStringLiteral("thread"), QStringLiteral("write"), QStringLiteral("x"));
            seenInThread = sql::scalar(db, QStringLiteral("SELECT COUNT(*) FROM audit_log")).toLongLong();
            workspace->releaseThreadConnection();
        });
        thread->start();
        QVERIFY(thread->wait(10000));
        delete thread;
        QVERIFY(!threadName.isEmpty());
        QVERIFY(threadName != mainName);
        QCOMPARE(seenInThread, qint64(1));
        QVERIFY(!QSqlDatabase::contains(threadName));
        QCOMPARE(workspace->info().counts.value(QStringLiteral("audit_log")), qint64(1));
    }

    void twoProcessesWriteAtOnce()
    {
        // Both processes also race to create and migrate the same new workspace.
        const QString dir = path(QStringLiteral("shared-ws"));
        const int perProcess = 300;
        QProcess first, second;
        first.start(QStringLiteral(MB_WORKSPACE_WRITER), {dir, QString::number(perProcess), QStringLiteral("a")});
        second.start(QStringLiteral(MB_WORKSPACE_WRITER), {dir, QString::number(perProcess), QStringLiteral("b")});
        QVERIFY(first.waitForFinished(120000));
        QVERIFY(second.waitForFinished(120000));
        QVERIFY2(first.exitCode() == 0, first.readAllStandardError().constData());
        QVERIFY2(second.exitCode() == 0, second.readAllStandardError().constData());

        const auto workspace = Workspace::open(dir);
        const QSqlDatabase db = workspace->database();
        QCOMPARE(sql::scalar(db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE actor = 'a'")).toInt(), perProcess);
        QCOMPARE(sql::scalar(db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE actor = 'b'")).toInt(), perProcess);
        QCOMPARE(sql::scalar(db, QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(), SchemaMigrator::latestVersion());
    }

    void infoDescribesTheWorkspace()
    {
        const auto workspace = Workspace::open(path(QStringLiteral("ws")));
        workspace->artifacts().put("one");
        workspace->artifacts().put("two!");
        const WorkspaceInfo info = workspace->info();
        QCOMPARE(info.path, QDir::cleanPath(path(QStringLiteral("ws"))));
        QCOMPARE(info.schemaVersion, SchemaMigrator::latestVersion());
        QCOMPARE(info.latestSchemaVersion, SchemaMigrator::latestVersion());
        QCOMPARE(info.artifactCount, qint64(2));
        QCOMPARE(info.artifactBytes, qint64(7));
        QVERIFY(info.counts.contains(QStringLiteral("datasets")));
        QVERIFY(!info.createdAt.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "TestWorkspace.moc"
