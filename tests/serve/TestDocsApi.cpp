#include "Router.h"
#include "ServedWorkspace.h"
#include "SwaggerUiAssets.h"

#include <QJsonArray>
#include <QtTest>

using namespace mb;
using namespace mb::serve;
using namespace serve_test;
using mb::testdata::writeFile;

// GET /openapi.json and the Swagger UI page under /docs, on a real server. The Swagger UI
// files come from a folder made by the test (the same names as swagger-ui-dist), so the
// suite needs no download.
class TestDocsApi : public QObject {
    Q_OBJECT

private:
    ServedWorkspace m_served;
    QString m_assets;

    HttpServerOptions options(const QString& assets)
    {
        HttpServerOptions options;
        options.docsAssetsDir = assets;
        return options;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_served.trainBlobs();
        m_assets = m_served.filePath(QStringLiteral("swagger-ui-dist"));
        QVERIFY(QDir().mkpath(m_assets));
        for (const QString& name : SwaggerUiAssets::fileNames())
            writeFile(m_assets + QLatin1Char('/') + name, "content of " + name.toUtf8());
        // Files a request must never reach: one beside the assets, one above them.
        writeFile(m_assets + QStringLiteral("/package.json"), "assets-folder-secret");
        writeFile(m_served.filePath(QStringLiteral("secret.txt")), "parent-folder-secret");
    }

    void init() { m_served.start(options(m_assets)); }
    void cleanup() { m_served.stop(); }

    void documentListsEveryRoute()
    {
        const Reply reply = m_served.get(QStringLiteral("/openapi.json"));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.contentType.startsWith("application/json"));
        const QJsonObject document = reply.json();
        QCOMPARE(document.value(QStringLiteral("openapi")).toString(), QStringLiteral("3.0.3"));
        const QJsonObject paths = document.value(QStringLiteral("paths")).toObject();
        int operations = 0;
        for (const QJsonValue& path : paths)
            operations += int(path.toObject().size());
        QCOMPARE(operations, int(m_served.server().router().routes().size()));
        for (const Route& route : m_served.server().router().routes()) {
            const QJsonObject op = paths.value(route.pattern)
                                       .toObject()
                                       .value(QString::fromLatin1(route.method).toLower())
                                       .toObject();
            QVERIFY2(!op.isEmpty(),
                qPrintable(QString::fromLatin1(route.method) + QLatin1Char(' ') + route.pattern));
            QCOMPARE(op.value(QStringLiteral("summary")).toString(), route.summary);
        }
        // This server's own routes are among them, and nothing asks for a token (auth is off).
        for (const char* path : { "/openapi.json", "/docs", "/ping", "/invocations",
                 "/v2/models/{name}/infer", "/api/v1/models/{name}/predict" })
            QVERIFY2(paths.contains(QLatin1String(path)), path);
        QVERIFY(!reply.body.contains("\"security\""));
    }

    void documentDescribesTheModelsInput()
    {
        const QJsonObject document = m_served.get(QStringLiteral("/openapi.json")).json();
        const QJsonObject schema = document.value(QStringLiteral("components"))
                                       .toObject()
                                       .value(QStringLiteral("schemas"))
                                       .toObject()
                                       .value(QStringLiteral("PredictRequest_blobs"))
                                       .toObject();
        QVERIFY(
            schema.value(QStringLiteral("title")).toString().contains(QLatin1String("blobs@1")));
        QCOMPARE(schema.value(QStringLiteral("example"))
                     .toObject()
                     .value(QStringLiteral("instances"))
                     .toArray()
                     .at(0)
                     .toArray()
                     .size(),
            4);
        const QJsonArray forms = schema.value(QStringLiteral("properties"))
                                     .toObject()
                                     .value(QStringLiteral("instances"))
                                     .toObject()
                                     .value(QStringLiteral("items"))
                                     .toObject()
                                     .value(QStringLiteral("oneOf"))
                                     .toArray();
        QCOMPARE(forms.at(1).toObject().value(QStringLiteral("required")).toArray(),
            (QJsonArray { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                QStringLiteral("d") }));
        // The example is a request the server accepts.
        const QByteArray example
            = QJsonDocument(schema.value(QStringLiteral("example")).toObject()).toJson();
        QCOMPARE(
            m_served.post(QStringLiteral("/api/v1/models/blobs/predict"), example).status, 200);
    }

    void documentAsksForTokensWhenAuthIsOn()
    {
        HttpServerOptions secured = options(m_assets);
        secured.authRequired = true;
        m_served.start(secured);
        const Reply reply = m_served.get(QStringLiteral("/openapi.json"));
        QCOMPARE(reply.status, 200);
        const QJsonObject paths = reply.json().value(QStringLiteral("paths")).toObject();
        const QJsonArray bearer { QJsonObject { { QStringLiteral("bearerAuth"), QJsonArray {} } } };
        QCOMPARE(paths.value(QStringLiteral("/v2/models/{name}/infer"))
                     .toObject()
                     .value(QStringLiteral("post"))
                     .toObject()
                     .value(QStringLiteral("security"))
                     .toArray(),
            bearer);
        QVERIFY(!paths.value(QStringLiteral("/health/live"))
                     .toObject()
                     .value(QStringLiteral("get"))
                     .toObject()
                     .contains(QStringLiteral("security")));
        QVERIFY(!paths.value(QStringLiteral("/docs"))
                     .toObject()
                     .value(QStringLiteral("get"))
                     .toObject()
                     .contains(QStringLiteral("security")));
    }

    void docsServesSwaggerUi()
    {
        const Reply page = m_served.get(QStringLiteral("/docs"));
        QCOMPARE(page.status, 200);
        QVERIFY(page.contentType.startsWith("text/html"));
        QVERIFY(page.body.contains("<script src=\"/docs/swagger-ui-bundle.js\"></script>"));
        QVERIFY(page.body.contains("url: \"/openapi.json\""));
        QCOMPARE(m_served.get(QStringLiteral("/docs/")).status, 200);

        const QList<QPair<QString, QByteArray>> files { { QStringLiteral("swagger-ui-bundle.js"),
                                                            "text/javascript" },
            { QStringLiteral("swagger-ui-standalone-preset.js"), "text/javascript" },
            { QStringLiteral("swagger-ui.css"), "text/css" },
            { QStringLiteral("favicon-32x32.png"), "image/png" } };
        for (const auto& [name, type] : files) {
            const Reply file = m_served.get(QStringLiteral("/docs/") + name);
            QCOMPARE(file.status, 200);
            QCOMPARE(file.body, "content of " + name.toUtf8());
            QVERIFY2(file.contentType.startsWith(type), file.contentType.constData());
        }
    }

    void docsRefusesOtherFiles_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::newRow("dot segments") << QByteArray("/docs/../../etc/passwd");
        QTest::newRow("encoded dots and slashes")
            << QByteArray("/docs/%2e%2e%2f%2e%2e%2fetc%2fpasswd");
        QTest::newRow("encoded slash to the parent") << QByteArray("/docs/..%2fsecret.txt");
        QTest::newRow("encoded dots only") << QByteArray("/docs/%2e%2e");
        QTest::newRow("absolute path") << QByteArray("/docs/%2fetc%2fpasswd");
        QTest::newRow("a file beside the assets") << QByteArray("/docs/package.json");
        QTest::newRow("backslashes") << QByteArray("/docs/..%5c..%5csecret.txt");
    }

    void docsRefusesOtherFiles()
    {
        QFETCH(QByteArray, target);
        // A raw request: an HTTP client library would normalise the dots away.
        const RawExchange exchange = rawExchange(m_served.port(),
            "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5000);
        QCOMPARE(statusOf(exchange.received), 404);
        QVERIFY(!exchange.received.contains("folder-secret"));
        QVERIFY(!exchange.received.contains("root:"));
        QCOMPARE(m_served.get(QStringLiteral("/docs/swagger-ui.css")).status, 200);
    }

    void docsExplainsMissingAssets()
    {
        const QString empty = m_served.filePath(QStringLiteral("empty"));
        QVERIFY(QDir().mkpath(empty));
        m_served.start(options(empty));
        for (const char* path : { "/docs", "/docs/swagger-ui-bundle.js" }) {
            const Reply reply = m_served.get(QLatin1String(path));
            QCOMPARE(reply.status, 503);
            QCOMPARE(reply.errorCode(), QStringLiteral("docs_unavailable"));
            QVERIFY2(
                reply.errorMessage().contains(QLatin1String("packaging/install-web-assets.sh")),
                qPrintable(reply.errorMessage()));
            QVERIFY2(reply.errorMessage().contains(empty), qPrintable(reply.errorMessage()));
        }
        // The document does not need the page's files.
        QCOMPARE(m_served.get(QStringLiteral("/openapi.json")).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestDocsApi)
#include "TestDocsApi.moc"
