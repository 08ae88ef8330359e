#include "../serve/ServeTestSupport.h"
#include "CliRunner.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace serve_test;

// `modelbench-cli serve` as a process: headless, it trains over POST /api/v1/train (its
// JobManager runs on the command's event loop) and stops cleanly on SIGTERM.
class TestServeCommand : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_workspace;

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = m_dir->filePath(QStringLiteral("ws"));
        const QString csv = mb::testdata::writeFile(m_dir->filePath(QStringLiteral("blobs.csv")), blobsCsv(30, 3));
        const CliResult imported = runCli({QStringLiteral("dataset"), QStringLiteral("import"), csv}, m_workspace);
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
    }

    void trainsHeadlessOverHttp()
    {
        QProcess server;
        startCli(server, {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")}, m_workspace);
        QVERIFY(server.waitForStarted());
        static const QRegularExpression listening(QStringLiteral("http://127\\.0\\.0\\.1:(\\d+)"));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += server.readAllStandardOutput(), listening.match(QString::fromUtf8(out)).hasMatch()), 30000);
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(listening.match(QString::fromUtf8(out)).captured(1));

        QNetworkAccessManager manager;
        const Reply started = post(manager, base + QStringLiteral("/api/v1/train"), R"({"dataset": "blobs", "overrides": {"epochs": 3}})");
        QCOMPARE(started.status, 202);
        const QString id = started.json().value(QStringLiteral("job_id")).toString();
        const QString status = base + started.json().value(QStringLiteral("status_url")).toString();
        QTRY_COMPARE_WITH_TIMEOUT(get(manager, status).json().value(QStringLiteral("state")).toString(), QStringLiteral("finished"), 180000);
        QCOMPARE(get(manager, status).json().value(QStringLiteral("model_version")).toString(), QStringLiteral("blobs@1"));
        QCOMPARE(get(manager, base + QStringLiteral("/api/v1/models/blobs")).status, 200);

        server.terminate();  // SIGTERM
        QVERIFY(server.waitForFinished(30000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
        const QByteArray err = server.readAllStandardError();
        // Logged by the JobManager's jobFinished signal, which needs the command's event loop.
        QVERIFY2(err.contains("Job " + id.toUtf8() + " finished"), err.constData());
        QVERIFY2(err.contains("Stopped."), err.constData());
    }
};

QTEST_GUILESS_MAIN(TestServeCommand)
#include "TestServeCommand.moc"
