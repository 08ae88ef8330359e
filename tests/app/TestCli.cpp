#include "ArtifactStore.h"
#include "CliRunner.h"
#include "SchemaMigrator.h"
#include "Sql.h"
#include "Workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace mb;

// Runs the real modelbench-cli binary and checks exit codes and output.
class TestCli : public QObject {
    Q_OBJECT

private:
    using Result = CliResult;

    Result cli(const QStringList& args, const QString& envWorkspace = {})
    {
        return runCli(args, envWorkspace.isEmpty() ? m_dir->filePath(QStringLiteral("env-ws")) : envWorkspace);
    }

    QString workspacePath() const { return m_dir->filePath(QStringLiteral("ws")); }

    std::unique_ptr<QTemporaryDir> m_dir;

private Q_SLOTS:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }
    void cleanup() { m_dir.reset(); }

    void helpAtEveryLevel_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("top") << QStringList{QStringLiteral("--help")} << QStringLiteral("Exit codes:");
        QTest::newRow("noun") << QStringList{QStringLiteral("workspace"), QStringLiteral("--help")} << QStringLiteral("Verbs:");
        QTest::newRow("verb") << QStringList{QStringLiteral("workspace"), QStringLiteral("info"), QStringLiteral("--help")}
                              << QStringLiteral("Usage: modelbench-cli workspace info");
        QTest::newRow("short") << QStringList{QStringLiteral("workspace"), QStringLiteral("check"), QStringLiteral("-h")}
                               << QStringLiteral("--workspace DIR");
    }

    void helpAtEveryLevel()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const Result result = cli(args);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.contains(expected.toUtf8()), result.out.constData());
        QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("env-ws"))));  // help touches nothing
    }

    void usageErrorsExitWith2_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("nothing") << QStringList{} << QStringLiteral("Usage:");
        QTest::newRow("unknown noun") << QStringList{QStringLiteral("frobnicate")} << QStringLiteral("unknown command 'frobnicate'");
        QTest::newRow("noun without verb") << QStringList{QStringLiteral("workspace")} << QStringLiteral("Verbs:");
        QTest::newRow("unknown verb") << QStringList{QStringLiteral("workspace"), QStringLiteral("explode")}
                                      << QStringLiteral("no verb 'explode'");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("workspace"), QStringLiteral("info"), QStringLiteral("--bogus")}
                                        << QStringLiteral("Unknown option 'bogus'");
        QTest::newRow("extra argument") << QStringList{QStringLiteral("workspace"), QStringLiteral("info"), QStringLiteral("extra")}
                                        << QStringLiteral("unexpected argument 'extra'");
        QTest::newRow("missing value") << QStringList{QStringLiteral("workspace"), QStringLiteral("info"), QStringLiteral("--workspace")}
                                       << QStringLiteral("Missing value after '--workspace'");
    }

    void usageErrorsExitWith2()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Result result = cli(args);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(message.toUtf8()), result.err.constData());
    }

    void infoJsonOnANewWorkspace()
    {
        const Result result = cli({QStringLiteral("workspace"), QStringLiteral("info"), QStringLiteral("--json"),
                                   QStringLiteral("--workspace"), workspacePath()});
        QCOMPARE(result.exitCode, 0);
        QJsonParseError parseError;
        const QJsonObject json = QJsonDocument::fromJson(result.out, &parseError).object();
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        QCOMPARE(json.value(QStringLiteral("path")).toString(), workspacePath());
        QCOMPARE(json.value(QStringLiteral("schema_version")).toInt(), SchemaMigrator::latestVersion());
        QCOMPARE(json.value(QStringLiteral("latest_schema_version")).toInt(), SchemaMigrator::latestVersion());
        QVERIFY(json.value(QStringLiteral("registry")).toString().endsWith(QLatin1String("registry.sqlite")));
        QCOMPARE(json.value(QStringLiteral("counts")).toObject().value(QStringLiteral("datasets")).toInt(-1), 0);
        QCOMPARE(json.value(QStringLiteral("artifacts")).toObject().value(QStringLiteral("count")).toInt(-1), 0);
        QVERIFY(QFileInfo::exists(workspacePath() + QStringLiteral("/registry.sqlite")));
    }

    void globalOptionsMayComeFirst()
    {
        const Result result = cli({QStringLiteral("--workspace"), workspacePath(), QStringLiteral("--json"),
                                   QStringLiteral("workspace"), QStringLiteral("info")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.json().value(QStringLiteral("path")).toString(), workspacePath());
    }

    void environmentNamesTheWorkspace()
    {
        const Result result = cli({QStringLiteral("workspace"), QStringLiteral("info"), QStringLiteral("--json")}, workspacePath());
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.json().value(QStringLiteral("path")).toString(), workspacePath());
    }

    void humanOutputNamesThePath()
    {
        const Result result = cli({QStringLiteral("workspace"), QStringLiteral("info"), QStringLiteral("--workspace"), workspacePath()});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains("Schema version:"));
        QVERIFY(result.out.contains(workspacePath().toUtf8()));
    }

    void newerWorkspaceIsAConflict()
    {
        {
            const auto workspace = Workspace::open(workspacePath());
            sql::exec(workspace->database(), QStringLiteral("INSERT INTO schema_version (version, name) VALUES (999, 'future')"));
        }
        const Result result = cli({QStringLiteral("workspace"), QStringLiteral("info"), QStringLiteral("--json"),
                                   QStringLiteral("--workspace"), workspacePath()});
        QCOMPARE(result.exitCode, 5);
        const QJsonObject error = result.json().value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("conflict"));
        QVERIFY(error.value(QStringLiteral("message")).toString().contains(QLatin1String("newer Modelbench")));
        QVERIFY(result.err.contains("error:"));
    }

    void checkFindsACorruptArtifact()
    {
        QString hash;
        {
            const auto workspace = Workspace::open(workspacePath());
            hash = workspace->artifacts().put("model weights");
        }
        Result result = cli({QStringLiteral("workspace"), QStringLiteral("check"), QStringLiteral("--json"),
                             QStringLiteral("--workspace"), workspacePath()});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.json().value(QStringLiteral("ok")).toBool(), true);

        QFile file(ArtifactStore(workspacePath() + QStringLiteral("/artifacts")).pathFor(hash));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("tampered");
        file.close();
        result = cli({QStringLiteral("workspace"), QStringLiteral("check"), QStringLiteral("--json"),
                      QStringLiteral("--workspace"), workspacePath()});
        QCOMPARE(result.exitCode, 3);
        QCOMPARE(result.json().value(QStringLiteral("ok")).toBool(), false);
        QCOMPARE(result.json().value(QStringLiteral("corrupt_artifacts")).toArray().size(), 1);
    }

    void versionNamesTheLibraries()
    {
        const Result result = cli({QStringLiteral("--version")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.startsWith("modelbench-cli "));
        QVERIFY(result.out.contains("LibTorch"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
