#include "CliRunner.h"
#include "Error.h"
#include "TokenStore.h"
#include "UserStore.h"
#include "Workspace.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace mb;

// `user`, `token` and `serve --auth` through the real modelbench-cli binary, on a
// workspace in a temporary folder.
class TestAuthCommands : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;

    QString workspacePath() const { return m_dir->filePath(QStringLiteral("ws")); }

    CliResult cli(const QStringList& args, const QByteArray& input = {}) { return runCli(args, workspacePath(), input); }

    CliResult addUser(const QString& name, const QString& role, const QByteArray& password)
    {
        return cli({QStringLiteral("user"), QStringLiteral("add"), name, QStringLiteral("--role"), role, QStringLiteral("--password-stdin")},
                   password + '\n');
    }

private Q_SLOTS:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }
    void cleanup() { m_dir.reset(); }

    void helpAtEveryLevel_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("user") << QStringList{QStringLiteral("user"), QStringLiteral("--help")} << QStringLiteral("remove");
        QTest::newRow("user add") << QStringList{QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--help")}
                                  << QStringLiteral("--password-stdin");
        QTest::newRow("token") << QStringList{QStringLiteral("token"), QStringLiteral("--help")} << QStringLiteral("revoke");
        QTest::newRow("token create") << QStringList{QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--help")}
                                      << QStringLiteral("--expires-in TIME");
        QTest::newRow("serve") << QStringList{QStringLiteral("serve"), QStringLiteral("--help")} << QStringLiteral("--auth");
    }

    void helpAtEveryLevel()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const CliResult result = cli(args);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.contains(expected.toUtf8()), result.out.constData());
    }

    void addsUsersFromStandardInput()
    {
        CliResult added = addUser(QStringLiteral("alice"), QStringLiteral("admin"), "correct horse");
        QCOMPARE(added.exitCode, 0);
        QVERIFY(!added.out.contains("correct horse"));
        QCOMPARE(addUser(QStringLiteral("bob"), QStringLiteral("user"), "battery staple").exitCode, 0);

        const CliResult list = cli({QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.exitCode, 0);
        const QJsonArray users = list.document().array();
        QCOMPARE(users.size(), 2);
        QCOMPARE(users.at(0).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
        QCOMPARE(users.at(1).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("bob"));

        const auto workspace = Workspace::open(workspacePath());
        QCOMPARE(UserStore(*workspace).verifyPassword(QStringLiteral("alice"), QStringLiteral("correct horse")).name, QStringLiteral("alice"));
    }

    void refusesBadUsers_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QStringList add{QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("alice")};
        QTest::newRow("empty password") << add + QStringList{QStringLiteral("--password-stdin")} << QByteArray("\n") << 3 << QStringLiteral("password: it is empty");
        QTest::newRow("short password") << add + QStringList{QStringLiteral("--password-stdin")} << QByteArray("short\n") << 3
                                        << QStringLiteral("at least 8 characters");
        QTest::newRow("no terminal") << add << QByteArray() << 3 << QStringLiteral("--password-stdin");
        QTest::newRow("bad role") << add + QStringList{QStringLiteral("--role"), QStringLiteral("root"), QStringLiteral("--password-stdin")}
                                  << QByteArray("correct horse\n") << 3 << QStringLiteral("--role: 'root' is not a role");
        QTest::newRow("bad name") << QStringList{QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("a/b"), QStringLiteral("--password-stdin")}
                                  << QByteArray("correct horse\n") << 3 << QStringLiteral("user name 'a/b'");
    }

    void refusesBadUsers()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, input);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const CliResult result = cli(args, input);
        QCOMPARE(result.exitCode, exitCode);
        QVERIFY2(result.err.contains(message.toUtf8()), result.err.constData());
        const CliResult list = cli({QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.document().array().size(), 0);
    }

    void tokenSecretIsShownOnceAndWorks()
    {
        QCOMPARE(addUser(QStringLiteral("alice"), QStringLiteral("admin"), "correct horse").exitCode, 0);
        const CliResult created = cli({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--user"), QStringLiteral("alice"),
                                       QStringLiteral("--name"), QStringLiteral("ci"), QStringLiteral("--expires-in"), QStringLiteral("12h")});
        QCOMPARE(created.exitCode, 0);
        const QRegularExpressionMatch secret = QRegularExpression(QStringLiteral("mbt_[A-Za-z0-9_-]{43}")).match(QString::fromUtf8(created.out));
        QVERIFY2(secret.hasMatch(), created.out.constData());
        QVERIFY2(created.err.contains("shown only this once"), created.err.constData());

        const auto workspace = Workspace::open(workspacePath());
        QCOMPARE(TokenStore(*workspace).authenticate(secret.captured(0)).user, QStringLiteral("alice"));

        for (const QStringList& args : {QStringList{QStringLiteral("token"), QStringLiteral("list")},
                                        QStringList{QStringLiteral("token"), QStringLiteral("list"), QStringLiteral("--json")}}) {
            const CliResult list = cli(args);
            QCOMPARE(list.exitCode, 0);
            QVERIFY(list.out.contains(TokenStore::prefixOf(secret.captured(0)).toUtf8()));
            QVERIFY(!list.out.contains(secret.captured(0).mid(12).toUtf8()));
        }
        const QJsonObject listed = cli({QStringLiteral("token"), QStringLiteral("list"), QStringLiteral("--json")}).document().array().at(0).toObject();
        QCOMPARE(listed.value(QStringLiteral("name")).toString(), QStringLiteral("ci"));
        QCOMPARE(listed.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    }

    void revokesByPrefix()
    {
        QCOMPARE(addUser(QStringLiteral("alice"), QStringLiteral("admin"), "correct horse").exitCode, 0);
        const CliResult created = cli({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--user"), QStringLiteral("alice"), QStringLiteral("--json")});
        QCOMPARE(created.exitCode, 0);
        const QString secret = created.json().value(QStringLiteral("secret")).toString();
        const QString prefix = created.json().value(QStringLiteral("token")).toObject().value(QStringLiteral("prefix")).toString();
        QCOMPARE(prefix, TokenStore::prefixOf(secret));

        QCOMPARE(cli({QStringLiteral("token"), QStringLiteral("revoke"), prefix}).exitCode, 0);
        const CliResult again = cli({QStringLiteral("token"), QStringLiteral("revoke"), prefix});
        QCOMPARE(again.exitCode, 5);
        QVERIFY2(again.err.contains("revoked already"), again.err.constData());
        QCOMPARE(cli({QStringLiteral("token"), QStringLiteral("revoke"), QStringLiteral("999")}).exitCode, 4);

        const auto workspace = Workspace::open(workspacePath());
        try {
            TokenStore(*workspace).authenticate(secret);
            QFAIL("a revoked token was accepted");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::Unauthorized);
        }
    }

    void refusesBadTokenRequests_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QStringList create{QStringLiteral("token"), QStringLiteral("create")};
        QTest::newRow("no user") << create << 3 << QStringLiteral("--user");
        QTest::newRow("unknown user") << create + QStringList{QStringLiteral("--user"), QStringLiteral("mallory")} << 4 << QStringLiteral("no user 'mallory'");
        QTest::newRow("bad lifetime") << create + QStringList{QStringLiteral("--user"), QStringLiteral("bob"), QStringLiteral("--expires-in"), QStringLiteral("5x")}
                                      << 3 << QStringLiteral("--expires-in: '5x'");
        QTest::newRow("zero lifetime") << create + QStringList{QStringLiteral("--user"), QStringLiteral("bob"), QStringLiteral("--expires-in"), QStringLiteral("0d")}
                                       << 3 << QStringLiteral("--expires-in: '0d'");
        QTest::newRow("admin token for a user") << create + QStringList{QStringLiteral("--user"), QStringLiteral("bob"), QStringLiteral("--role"), QStringLiteral("admin")}
                                                << 7 << QStringLiteral("cannot have an admin token");
    }

    void refusesBadTokenRequests()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QCOMPARE(addUser(QStringLiteral("bob"), QStringLiteral("user"), "battery staple").exitCode, 0);
        const CliResult result = cli(args);
        QCOMPARE(result.exitCode, exitCode);
        QVERIFY2(result.err.contains(message.toUtf8()), result.err.constData());
        QCOMPARE(cli({QStringLiteral("token"), QStringLiteral("list"), QStringLiteral("--json")}).document().array().size(), 0);
    }

    void removingAUserRevokesItsTokens()
    {
        QCOMPARE(addUser(QStringLiteral("bob"), QStringLiteral("user"), "battery staple").exitCode, 0);
        QCOMPARE(cli({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--user"), QStringLiteral("bob")}).exitCode, 0);
        const CliResult removed = cli({QStringLiteral("user"), QStringLiteral("remove"), QStringLiteral("bob"), QStringLiteral("--json")});
        QCOMPARE(removed.exitCode, 0);
        QCOMPARE(removed.json().value(QStringLiteral("tokens_revoked")).toInt(), 1);
        const QJsonObject token = cli({QStringLiteral("token"), QStringLiteral("list"), QStringLiteral("--json")}).document().array().at(0).toObject();
        QCOMPARE(token.value(QStringLiteral("state")).toString(), QStringLiteral("revoked"));
        QCOMPARE(cli({QStringLiteral("user"), QStringLiteral("remove"), QStringLiteral("bob")}).exitCode, 4);
    }

    void serveRefusesANonLoopbackHostWithoutAuth()
    {
        const CliResult result = cli({QStringLiteral("serve"), QStringLiteral("--host"), QStringLiteral("0.0.0.0"), QStringLiteral("--port"), QStringLiteral("0")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("without --auth"), result.err.constData());
    }

    void serveWithAuthSaysHowToMakeAnAdmin()
    {
        QProcess process;
        startCli(process, {QStringLiteral("serve"), QStringLiteral("--auth"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--quiet")},
                 workspacePath());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += process.readAllStandardOutput()).contains("Serving"), 30000);
        QVERIFY2(out.contains("API tokens required"), out.constData());
        process.terminate();
        const CliResult result = finishCli(process);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.err.contains("modelbench-cli user add NAME --role admin"), result.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestAuthCommands)
#include "TestAuthCommands.moc"
