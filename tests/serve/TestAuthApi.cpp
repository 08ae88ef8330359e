#include "AuthMiddleware.h"
#include "HttpServer.h"
#include "Router.h"
#include "ServeTestSupport.h"
#include "Sql.h"
#include "TokenStore.h"
#include "UserStore.h"
#include "Workspace.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <mutex>

using namespace mb;
using namespace mb::serve;
using namespace serve_test;

// Authentication end to end: a real server on 127.0.0.1 port 0 with authRequired, a real
// registry with users and tokens, and an HTTP client. The Admin route is a test route
// (GET /test/admin) that echoes who called it; the User routes are the real model list.
class TestAuthApi : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;
    std::unique_ptr<HttpServer> m_server;
    QNetworkAccessManager m_client;
    std::mutex m_logMutex;
    QList<RequestRecord> m_log;

    QString url(const QString& path) const { return m_server->url() + path; }

    void startServer(bool authRequired)
    {
        HttpServerOptions options;
        options.authRequired = authRequired;
        options.requestLog = [this](const RequestRecord& record) {
            std::lock_guard lock(m_logMutex);
            m_log << record;
        };
        m_server = std::make_unique<HttpServer>(m_workspace, options);
        m_server->router().add("GET", QStringLiteral("/test/admin"), [](const HttpRequest& request) {
            return HttpResponse::json(QJsonObject{{QStringLiteral("user"), request.attributes.value(AuthMiddleware::userAttribute()).toString()},
                                                  {QStringLiteral("role"), request.attributes.value(AuthMiddleware::roleAttribute()).toString()}});
        }, RouteAccess::Admin);
        QVERIFY(m_server->start() > 0);
    }

    QString tokenFor(const QString& user, std::optional<qint64> lifetime = std::nullopt) const
    {
        return TokenStore(*m_workspace).create({user, QStringLiteral("test"), lifetime, std::nullopt}, QStringLiteral("test")).secret;
    }

    Reply getWith(const QString& path, const QByteArray& header, const QByteArray& value)
    {
        QNetworkRequest request = serve_test::request(url(path));
        if (!header.isEmpty())
            request.setRawHeader(header, value);
        return finish(m_client.get(request));
    }

    Reply getAs(const QString& path, const QString& token) { return getWith(path, "Authorization", "Bearer " + token.toLatin1()); }

    Reply logIn(const QJsonObject& body) { return post(m_client, url(QStringLiteral("/api/v1/token")), QJsonDocument(body).toJson()); }

    static QJsonObject credentials(const QString& user, const QString& password)
    {
        return QJsonObject{{QStringLiteral("username"), user}, {QStringLiteral("password"), password}};
    }

    static bool isBearerChallenge(const Reply& reply) { return reply.header("WWW-Authenticate").startsWith("Bearer"); }

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
        const UserStore users(*m_workspace);
        users.add(QStringLiteral("alice"), QStringLiteral("correct horse"), UserRole::Admin, QStringLiteral("test"));
        users.add(QStringLiteral("bob"), QStringLiteral("battery staple"), UserRole::User, QStringLiteral("test"));
    }

    void init()
    {
        m_log.clear();
        startServer(true);
    }

    void cleanup() { m_server.reset(); }

    void cleanupTestCase()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void noTokenIs401WithAChallenge()
    {
        const Reply reply = get(m_client, url(QStringLiteral("/api/v1/models")));
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.errorCode(), QStringLiteral("unauthorized"));
        QVERIFY2(reply.errorMessage().contains(QLatin1String("Authorization: Bearer")), qPrintable(reply.errorMessage()));
        QVERIFY(isBearerChallenge(reply));
        QCOMPARE(get(m_client, url(QStringLiteral("/test/admin"))).status, 401);
    }

    void badTokensAre401_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("garbage") << QByteArray("Authorization") << QByteArray("Bearer nonsense");
        QTest::newRow("unknown, well formed") << QByteArray("Authorization") << QByteArray("Bearer mbt_") + QByteArray(43, 'x');
        QTest::newRow("empty bearer") << QByteArray("Authorization") << QByteArray("Bearer");
        QTest::newRow("basic scheme") << QByteArray("Authorization") << QByteArray("Basic YWxpY2U6Y29ycmVjdCBob3JzZQ==");
        QTest::newRow("unknown api key") << QByteArray("X-API-Key") << QByteArray("mbt_") + QByteArray(43, 'y');
    }

    void badTokensAre401()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, value);
        const Reply reply = getWith(QStringLiteral("/api/v1/models"), header, value);
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.errorCode(), QStringLiteral("unauthorized"));
        QVERIFY(isBearerChallenge(reply));
    }

    void expiredTokenIs401()
    {
        const QString token = tokenFor(QStringLiteral("alice"), 3600);
        QCOMPARE(getAs(QStringLiteral("/api/v1/models"), token).status, 200);
        sql::exec(m_workspace->database(), QStringLiteral("UPDATE api_tokens SET expires_at = '2000-01-01T00:00:00.000Z' WHERE prefix = ?"),
                  {TokenStore::prefixOf(token)});
        const Reply reply = getAs(QStringLiteral("/api/v1/models"), token);
        QCOMPARE(reply.status, 401);
        QVERIFY2(reply.errorMessage().contains(QLatin1String("expired")), qPrintable(reply.errorMessage()));
        QVERIFY(reply.header("WWW-Authenticate").contains("invalid_token"));
    }

    void revokedTokenIs401()
    {
        const QString token = tokenFor(QStringLiteral("alice"));
        QCOMPARE(getAs(QStringLiteral("/test/admin"), token).status, 200);
        TokenStore(*m_workspace).revoke(TokenStore::prefixOf(token), QStringLiteral("test"));
        const Reply reply = getAs(QStringLiteral("/test/admin"), token);
        QCOMPARE(reply.status, 401);
        QVERIFY2(reply.errorMessage().contains(QLatin1String("revoked")), qPrintable(reply.errorMessage()));
    }

    void userTokenOnAnAdminRouteIs403()
    {
        const QString token = tokenFor(QStringLiteral("bob"));
        QCOMPARE(getAs(QStringLiteral("/api/v1/models"), token).status, 200);
        const Reply reply = getAs(QStringLiteral("/test/admin"), token);
        QCOMPARE(reply.status, 403);
        QCOMPARE(reply.errorCode(), QStringLiteral("forbidden"));
        QVERIFY2(reply.errorMessage().contains(QLatin1String("admin")), qPrintable(reply.errorMessage()));
    }

    void adminTokenPassesWithItsPrincipal()
    {
        const QString token = tokenFor(QStringLiteral("alice"));
        const Reply reply = getAs(QStringLiteral("/test/admin"), token);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json().value(QStringLiteral("user")).toString(), QStringLiteral("alice"));
        QCOMPARE(reply.json().value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
        QCOMPARE(getWith(QStringLiteral("/test/admin"), "X-API-Key", token.toLatin1()).status, 200);
        QCOMPARE(getWith(QStringLiteral("/test/admin"), "Authorization", "bearer " + token.toLatin1()).status, 200);  // scheme ignores case
    }

    void publicRoutesNeedNoToken_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("live") << QStringLiteral("/health/live");
        QTest::newRow("ready") << QStringLiteral("/health/ready");
        QTest::newRow("metrics") << QStringLiteral("/metrics");
        QTest::newRow("openapi") << QStringLiteral("/openapi.json");
    }

    void publicRoutesNeedNoToken()
    {
        QFETCH(QString, path);
        const Reply reply = get(m_client, url(path));
        QCOMPARE(reply.status, 200);
        // A bad token on a Public route is ignored, not refused.
        QCOMPARE(getAs(path, QStringLiteral("nonsense")).status, 200);
    }

    void logInGivesAWorkingToken()
    {
        QJsonObject body = credentials(QStringLiteral("bob"), QStringLiteral("battery staple"));
        body.insert(QStringLiteral("expires_in"), 120);
        const Reply reply = logIn(body);
        QCOMPARE(reply.status, 200);
        const QJsonObject json = reply.json();
        QCOMPARE(json.value(QStringLiteral("token_type")).toString(), QStringLiteral("bearer"));
        QCOMPARE(json.value(QStringLiteral("expires_in")).toInt(), 120);
        QCOMPARE(json.value(QStringLiteral("role")).toString(), QStringLiteral("user"));
        QCOMPARE(reply.header("Cache-Control"), QByteArray("no-store"));
        const QString token = json.value(QStringLiteral("access_token")).toString();
        QCOMPARE(getAs(QStringLiteral("/api/v1/models"), token).status, 200);
        QCOMPARE(getAs(QStringLiteral("/test/admin"), token).status, 403);

        const TokenInfo info = TokenStore(*m_workspace).get(TokenStore::prefixOf(token));
        QCOMPARE(info.user, QStringLiteral("bob"));
        const QDateTime expiry = QDateTime::fromString(info.expiresAt, Qt::ISODateWithMs);
        QVERIFY(expiry > QDateTime::currentDateTimeUtc());
        QVERIFY(expiry <= QDateTime::currentDateTimeUtc().addSecs(120));
    }

    void logInWithTheDefaultLifetime()
    {
        const Reply reply = logIn(credentials(QStringLiteral("alice"), QStringLiteral("correct horse")));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json().value(QStringLiteral("expires_in")).toInt(), 3600);
        QCOMPARE(reply.json().value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
        QCOMPARE(getAs(QStringLiteral("/test/admin"), reply.json().value(QStringLiteral("access_token")).toString()).status, 200);
    }

    void wrongPasswordIs401AndAudited()
    {
        const qint64 tokensBefore = sql::scalar(m_workspace->database(), QStringLiteral("SELECT COUNT(*) FROM api_tokens")).toLongLong();
        const Reply wrong = logIn(credentials(QStringLiteral("alice"), QStringLiteral("wrong horse")));
        QCOMPARE(wrong.status, 401);
        QCOMPARE(wrong.errorCode(), QStringLiteral("unauthorized"));
        const Reply unknown = logIn(credentials(QStringLiteral("mallory"), QStringLiteral("wrong horse")));
        QCOMPARE(unknown.status, 401);
        QCOMPARE(unknown.errorMessage(), wrong.errorMessage());
        QCOMPARE(sql::scalar(m_workspace->database(), QStringLiteral("SELECT COUNT(*) FROM api_tokens")).toLongLong(), tokensBefore);

        QSqlQuery audit = sql::exec(m_workspace->database(),
                                    QStringLiteral("SELECT subject, detail FROM audit_log WHERE action = 'login.failed' ORDER BY id DESC LIMIT 2"));
        QStringList subjects;
        while (audit.next()) {
            subjects << audit.value(0).toString();
            QVERIFY(audit.value(1).toString().contains(QLatin1String("127.0.0.1")));
            QVERIFY(!audit.value(1).toString().contains(QLatin1String("horse")));
        }
        QCOMPARE(subjects, (QStringList{QStringLiteral("user:mallory"), QStringLiteral("user:alice")}));
    }

    void badLoginBodiesAre400_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("not json") << QByteArray("username=alice") << QStringLiteral("JSON");
        QTest::newRow("array") << QByteArray("[]") << QStringLiteral("JSON object");
        QTest::newRow("no username") << QByteArray(R"({"password": "correct horse"})") << QStringLiteral("username");
        QTest::newRow("number password") << QByteArray(R"({"username": "alice", "password": 12345678})") << QStringLiteral("password");
        QTest::newRow("zero lifetime") << QByteArray(R"({"username": "alice", "password": "correct horse", "expires_in": 0})")
                                       << QStringLiteral("expires_in");
        QTest::newRow("over 30 days") << QByteArray(R"({"username": "alice", "password": "correct horse", "expires_in": 2592001})")
                                      << QStringLiteral("expires_in");
        QTest::newRow("fractional") << QByteArray(R"({"username": "alice", "password": "correct horse", "expires_in": 1.5})")
                                    << QStringLiteral("expires_in");
        QTest::newRow("text lifetime") << QByteArray(R"({"username": "alice", "password": "correct horse", "expires_in": "1h"})")
                                       << QStringLiteral("expires_in");
    }

    void badLoginBodiesAre400()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        const Reply reply = post(m_client, url(QStringLiteral("/api/v1/token")), body);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), QStringLiteral("invalid_argument"));
        QVERIFY2(reply.errorMessage().contains(field), qPrintable(reply.errorMessage()));
    }

    void failedLoginsAreThrottledAndTheServerKeepsServing()
    {
        for (int i = 0; i < 5; ++i)
            QCOMPARE(logIn(credentials(QStringLiteral("alice"), QStringLiteral("guess %1").arg(i))).status, 401);
        const Reply throttled = logIn(credentials(QStringLiteral("alice"), QStringLiteral("guess 5")));
        QCOMPARE(throttled.status, 429);
        QCOMPARE(throttled.errorCode(), QStringLiteral("too_many_requests"));
        const int retryAfter = throttled.header("Retry-After").toInt();
        QVERIFY2(retryAfter >= 1 && retryAfter <= 60, throttled.header("Retry-After").constData());
        // The right password waits too: this address is over its limit.
        QCOMPARE(logIn(credentials(QStringLiteral("bob"), QStringLiteral("battery staple"))).status, 429);

        QCOMPARE(get(m_client, url(QStringLiteral("/health/live"))).status, 200);
        QCOMPARE(getAs(QStringLiteral("/test/admin"), tokenFor(QStringLiteral("alice"))).status, 200);
    }

    void registryChangesNeedAnAdminAndNameTheirActor()
    {
        serve_test::importCsv(*m_workspace, m_dir->filePath(QStringLiteral("blobs.csv")), serve_test::blobsCsv(10, 3), QStringLiteral("blobs"));
        serve_test::train(*m_workspace, QStringLiteral("blobs"), {QStringLiteral("epochs=1")});
        const QString path = QStringLiteral("/api/v1/models/blobs/aliases/staging");
        const QByteArray body = R"({"version": 1})";
        const auto putAs = [&](const QString& token) {
            QNetworkRequest request = serve_test::request(url(path));
            if (!token.isEmpty())
                request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
            return finish(m_client.put(request, body));
        };
        QCOMPARE(putAs(QString()).status, 401);
        QCOMPARE(putAs(tokenFor(QStringLiteral("bob"))).status, 403);
        QCOMPARE(getAs(QStringLiteral("/api/v1/models/blobs"), tokenFor(QStringLiteral("bob"))).status, 200);
        QCOMPARE(putAs(tokenFor(QStringLiteral("alice"))).status, 200);
        const QVariant actor = sql::scalar(m_workspace->database(),
                                           QStringLiteral("SELECT actor FROM audit_log WHERE action = 'model.alias.set' ORDER BY id DESC LIMIT 1"));
        QCOMPARE(actor.toString(), QStringLiteral("alice"));
    }

    void authOffLeavesEverythingOpen()
    {
        m_server.reset();
        startServer(false);
        QCOMPARE(get(m_client, url(QStringLiteral("/api/v1/models"))).status, 200);
        QCOMPARE(get(m_client, url(QStringLiteral("/test/admin"))).status, 200);
        QCOMPARE(getAs(QStringLiteral("/test/admin"), QStringLiteral("nonsense")).status, 200);
    }

    void secretsNeverReachTheRequestLog()
    {
        const Reply login = logIn(credentials(QStringLiteral("alice"), QStringLiteral("correct horse")));
        QCOMPARE(login.status, 200);
        const QString token = login.json().value(QStringLiteral("access_token")).toString();
        QCOMPARE(getAs(QStringLiteral("/api/v1/models?access_token=") + token, token).status, 200);
        QCOMPARE(getAs(QStringLiteral("/test/admin"), QStringLiteral("mbt_") + QString(43, QLatin1Char('z'))).status, 401);

        // The log is written after each response is handed off: wait for all three.
        QTRY_COMPARE_WITH_TIMEOUT([this] { std::lock_guard lock(m_logMutex); return m_log.size(); }(), 3, 10000);
        std::lock_guard lock(m_logMutex);
        for (const RequestRecord& record : std::as_const(m_log)) {
            for (const QString& field : {QString::fromLatin1(record.method), record.path, record.route, record.remoteAddress}) {
                QVERIFY2(!field.contains(token.mid(4)), qPrintable(field));
                QVERIFY2(!field.contains(QLatin1String("horse")), qPrintable(field));
                QVERIFY2(!field.contains(QLatin1String("zzzz")), qPrintable(field));
            }
        }
        QCOMPARE(m_log.at(1).path, QStringLiteral("/api/v1/models"));
    }
};

QTEST_GUILESS_MAIN(TestAuthApi)
#include "TestAuthApi.moc"
