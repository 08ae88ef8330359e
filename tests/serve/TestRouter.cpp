#include "Error.h"
#include "Router.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace mb;
using namespace mb::serve;

namespace {

// Dispatches on the calling thread and returns what was answered.
HttpResponse run(const Router& router, const QByteArray& method, const QByteArray& target, const QByteArray& body = {})
{
    HttpRequest request;
    request.method = method;
    request.setTarget(target);
    request.body = body;
    HttpResponse answer;
    bool answered = false;
    {
        Responder respond([&](std::function<HttpResponse()> make) {
            answer = make();
            answered = true;
        });
        router.dispatch(request, respond);
    }
    if (!answered)
        qFatal("no answer");
    router.complete(request, answer);
    return answer;
}

QJsonObject json(const HttpResponse& response)
{
    return QJsonDocument::fromJson(response.body).object();
}

QString errorCode(const HttpResponse& response)
{
    return json(response).value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
}

}  // namespace

class TestRouter : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Router> m_router;

    static Handler echo(const QString& tag)
    {
        return [tag](const HttpRequest& request) {
            QJsonObject params;
            for (auto it = request.pathParams.cbegin(); it != request.pathParams.cend(); ++it)
                params.insert(it.key(), it.value());
            return HttpResponse::json(QJsonObject{{QStringLiteral("tag"), tag}, {QStringLiteral("params"), params},
                                                  {QStringLiteral("route"), request.route->pattern}});
        };
    }

private Q_SLOTS:
    void init()
    {
        m_router = std::make_unique<Router>();
        m_router->add("GET", QStringLiteral("/api/v1/models"), echo(QStringLiteral("list")));
        m_router->add("GET", QStringLiteral("/api/v1/models/{name}"), echo(QStringLiteral("show")));
        m_router->add("GET", QStringLiteral("/api/v1/models/{name}/versions"), echo(QStringLiteral("versions")));
        m_router->add("GET", QStringLiteral("/api/v1/models/{name}/{anything}"), echo(QStringLiteral("generic")));
        m_router->add("POST", QStringLiteral("/api/v1/models/{name}/predict"), echo(QStringLiteral("predict")));
        m_router->add("POST", QStringLiteral("/api/v1/models/{name}/predict.csv"), echo(QStringLiteral("csv")));
        m_router->add("GET", QStringLiteral("/v2/models/{model}/versions/{version}/ready"), echo(QStringLiteral("oip")));
    }

    void cleanup() { m_router.reset(); }

    void matchesRoutes_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QString>("tag");
        QTest::addColumn<QString>("params");
        QTest::newRow("literal") << QByteArray("GET") << QByteArray("/api/v1/models") << "list" << "";
        QTest::newRow("trailing slash") << QByteArray("GET") << QByteArray("/api/v1/models/") << "list" << "";
        QTest::newRow("param") << QByteArray("GET") << QByteArray("/api/v1/models/iris") << "show" << "name=iris";
        QTest::newRow("query ignored") << QByteArray("GET") << QByteArray("/api/v1/models/iris?x=1") << "show" << "name=iris";
        QTest::newRow("literal beats param") << QByteArray("GET") << QByteArray("/api/v1/models/iris/versions") << "versions" << "name=iris";
        QTest::newRow("param fallback") << QByteArray("GET") << QByteArray("/api/v1/models/iris/other") << "generic" << "anything=other,name=iris";
        QTest::newRow("dot segment") << QByteArray("POST") << QByteArray("/api/v1/models/iris/predict.csv") << "csv" << "name=iris";
        QTest::newRow("decoded") << QByteArray("GET") << QByteArray("/api/v1/models/a%20b%2Fc") << "show" << "name=a b/c";
        QTest::newRow("two params") << QByteArray("GET") << QByteArray("/v2/models/m/versions/3/ready") << "oip" << "model=m,version=3";
    }

    void matchesRoutes()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, target);
        QFETCH(QString, tag);
        QFETCH(QString, params);
        const HttpResponse response = run(*m_router, method, target);
        QCOMPARE(response.status, 200);
        const QJsonObject body = json(response);
        QCOMPARE(body.value(QStringLiteral("tag")).toString(), tag);
        QStringList pairs;
        const QJsonObject got = body.value(QStringLiteral("params")).toObject();
        for (auto it = got.begin(); it != got.end(); ++it)
            pairs << it.key() + QLatin1Char('=') + it.value().toString();
        QCOMPARE(pairs.join(QLatin1Char(',')), params);
    }

    void unknownPathIs404()
    {
        const HttpResponse response = run(*m_router, "GET", "/nope/nothing");
        QCOMPARE(response.status, 404);
        QCOMPARE(errorCode(response), QStringLiteral("not_found"));
        QVERIFY(json(response).value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().contains(QLatin1String("/nope/nothing")));
    }

    void wrongMethodIs405WithAllow()
    {
        const HttpResponse response = run(*m_router, "DELETE", "/api/v1/models/iris/predict");
        QCOMPARE(response.status, 405);
        QCOMPARE(errorCode(response), QStringLiteral("method_not_allowed"));
        bool allow = false;
        for (const auto& header : response.headers)
            allow = allow || (header.first == "Allow" && header.second.contains("POST"));
        QVERIFY(allow);
    }

    void errorsBecomeJson()
    {
        m_router->add("GET", QStringLiteral("/throws/{what}"), [](const HttpRequest& request) -> HttpResponse {
            if (request.param(QStringLiteral("what")) == QLatin1String("missing"))
                throw Error(ErrorCode::NotFound, QStringLiteral("no such thing"));
            if (request.param(QStringLiteral("what")) == QLatin1String("bad"))
                throw Error(ErrorCode::InvalidArgument, QStringLiteral("bad thing"));
            throw std::runtime_error("boom");
        });
        QCOMPARE(run(*m_router, "GET", "/throws/missing").status, 404);
        QCOMPARE(run(*m_router, "GET", "/throws/bad").status, 400);
        const HttpResponse internal = run(*m_router, "GET", "/throws/other");
        QCOMPARE(internal.status, 500);
        QCOMPARE(errorCode(internal), QStringLiteral("internal"));
    }

    void middlewareRefusesAndDecorates()
    {
        Middleware auth;
        auth.name = QStringLiteral("auth");
        auth.before = [](HttpRequest& request) -> std::optional<HttpResponse> {
            if (request.route->access == RouteAccess::Public)
                return std::nullopt;
            if (request.header("authorization") != "Bearer good")
                return HttpResponse::error(ErrorCode::Unauthorized, QStringLiteral("a token is needed"));
            request.attributes.insert(QStringLiteral("user"), QStringLiteral("ada"));
            return std::nullopt;
        };
        auth.after = [](const HttpRequest&, HttpResponse& response) { response.setHeader("X-Checked", "yes"); };
        m_router->use(auth);
        m_router->add("GET", QStringLiteral("/open"), [](const HttpRequest&) { return HttpResponse::json(QJsonObject{}); }, RouteAccess::Public);
        m_router->add("GET", QStringLiteral("/whoami"), [](const HttpRequest& request) {
            return HttpResponse::json(QJsonObject{{QStringLiteral("user"), request.attributes.value(QStringLiteral("user")).toString()}});
        });

        QCOMPARE(run(*m_router, "GET", "/open").status, 200);
        const HttpResponse refused = run(*m_router, "GET", "/whoami");
        QCOMPARE(refused.status, 401);
        QCOMPARE(refused.headers.value(0).first, QByteArray("X-Checked"));

        HttpRequest request;
        request.method = "GET";
        request.setTarget("/whoami");
        request.headers.append(qMakePair(QByteArray("authorization"), QByteArray("Bearer good")));
        HttpResponse answer;
        m_router->dispatch(request, Responder([&](std::function<HttpResponse()> make) { answer = make(); }));
        QCOMPARE(answer.status, 200);
        QCOMPARE(json(answer).value(QStringLiteral("user")).toString(), QStringLiteral("ada"));
    }

    void asyncHandlerAnswersLater()
    {
        std::function<void()> later;
        m_router->addAsync("GET", QStringLiteral("/later"), [&later](const HttpRequest&, const Responder& respond) {
            later = [respond] { respond(HttpResponse::text("done")); };
        });
        HttpRequest request;
        request.method = "GET";
        request.setTarget("/later");
        HttpResponse answer;
        int answers = 0;
        m_router->dispatch(request, Responder([&](std::function<HttpResponse()> make) {
            answer = make();
            ++answers;
        }));
        QCOMPARE(answers, 0);
        later();
        later();  // a second answer is ignored
        QCOMPARE(answers, 1);
        QCOMPARE(answer.body, QByteArray("done"));
    }

    void lostResponderAnswers500()
    {
        m_router->addAsync("GET", QStringLiteral("/lost"), [](const HttpRequest&, const Responder&) {});
        const HttpResponse response = run(*m_router, "GET", "/lost");
        QCOMPARE(response.status, 500);
    }

    void refusesBadPatterns()
    {
        QVERIFY_THROWS_EXCEPTION(Error, m_router->add("GET", QStringLiteral("no-slash"), echo(QString())));
        QVERIFY_THROWS_EXCEPTION(Error, m_router->add("GET", QStringLiteral("/a/{bad name}"), echo(QString())));
        QVERIFY_THROWS_EXCEPTION(Error, m_router->add("GET", QStringLiteral("/api/v1/models/{other}"), echo(QString())));
        m_router->add("PUT", QStringLiteral("/api/v1/models/{other}"), echo(QString()));  // another method is fine
    }

    void parsesQuery()
    {
        HttpRequest request;
        request.setTarget("/p?version=3&alias=&name=a+b%26c&flag");
        QCOMPARE(request.path, QStringLiteral("/p"));
        QCOMPARE(request.queryValue(QStringLiteral("version")), QStringLiteral("3"));
        QVERIFY(request.hasQuery(QStringLiteral("alias")));
        QCOMPARE(request.queryValue(QStringLiteral("alias")), QString());
        QCOMPARE(request.queryValue(QStringLiteral("name")), QStringLiteral("a b&c"));
        QVERIFY(request.hasQuery(QStringLiteral("flag")));
        QVERIFY(!request.hasQuery(QStringLiteral("nothing")));
    }
};

QTEST_GUILESS_MAIN(TestRouter)
#include "TestRouter.moc"
