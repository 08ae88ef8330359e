#include "OpenApiDocument.h"
#include "Router.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QtTest>

using namespace mb;
using namespace mb::serve;

namespace {

QJsonObject input(const char* name, const char* type)
{
    return QJsonObject { { QStringLiteral("name"), QLatin1String(name) },
        { QStringLiteral("type"), QLatin1String(type) } };
}

ModelVersionInfo model(
    const char* name, int version, const QJsonArray& inputs, const QStringList& labels)
{
    ModelVersionInfo info;
    info.model = QLatin1String(name);
    info.version = version;
    info.task = labels.isEmpty() ? QStringLiteral("regression") : QStringLiteral("classification");
    info.signature = QJsonObject { { QStringLiteral("inputs"), inputs },
        { QStringLiteral("labels"), QJsonArray::fromStringList(labels) } };
    return info;
}

const ModelVersionInfo kTabular = model(
    "iris", 2, { input("a", "number"), input("b", "number"), input("c", "number") }, { "x", "y" });
const ModelVersionInfo kText = model(
    "products", 1, { input("name", "text"), input("description", "text") }, { "food", "toys" });
const ModelVersionInfo kImage = model("gestures.v2", 3,
    { QJsonObject { { QStringLiteral("name"), QStringLiteral("image") },
        { QStringLiteral("type"), QStringLiteral("image") }, { QStringLiteral("width"), 28 },
        { QStringLiteral("height"), 28 } } },
    { "circle", "check" });

HttpResponse nothing(const HttpRequest&)
{
    return HttpResponse::json(QJsonObject {});
}

// A route table like the server's, with every access level and nested parameters.
void fill(Router& router)
{
    Route& live = router.add("GET", QStringLiteral("/health/live"), nothing, RouteAccess::Public);
    live.summary = QStringLiteral("Liveness");
    live.tag = QStringLiteral("health");
    Route& list = router.add("GET", QStringLiteral("/api/v1/models"), nothing);
    list.summary = QStringLiteral("List the models");
    list.tag = QStringLiteral("models");
    router.add("GET", QStringLiteral("/api/v1/models/{name}"), nothing).tag
        = QStringLiteral("models");
    Route& predict = router.add("POST", QStringLiteral("/api/v1/models/{name}/predict"), nothing);
    predict.summary = QStringLiteral("Predict");
    predict.tag = QStringLiteral("models");
    router
        .add("DELETE", QStringLiteral("/api/v1/models/{name}/aliases/{alias}"), nothing,
            RouteAccess::Admin)
        .tag
        = QStringLiteral("admin");
    router.add("POST", QStringLiteral("/v2/models/{name}/versions/{version}/infer"), nothing).tag
        = QStringLiteral("v2");
}

QJsonObject operation(const QJsonObject& document, const char* path, const char* method)
{
    return document.value(QStringLiteral("paths"))
        .toObject()
        .value(QLatin1String(path))
        .toObject()
        .value(QLatin1String(method))
        .toObject();
}

QJsonObject schema(const QJsonObject& document, const QString& name)
{
    return document.value(QStringLiteral("components"))
        .toObject()
        .value(QStringLiteral("schemas"))
        .toObject()
        .value(name)
        .toObject();
}

QJsonObject instanceSchema(const QJsonObject& document, const QString& model)
{
    return schema(document, OpenApiDocument::predictSchemaName(model))
        .value(QStringLiteral("properties"))
        .toObject()
        .value(QStringLiteral("instances"))
        .toObject()
        .value(QStringLiteral("items"))
        .toObject();
}

// The branch of a oneOf with the given "type".
QJsonObject branch(const QJsonObject& oneOf, const char* type)
{
    for (const QJsonValue& value : oneOf.value(QStringLiteral("oneOf")).toArray()) {
        if (value.toObject().value(QStringLiteral("type")).toString() == QLatin1String(type))
            return value.toObject();
    }
    return {};
}

}  // namespace

// The OpenAPI document made from a route table and model signatures, without a server.
class TestOpenApiDocument : public QObject {
    Q_OBJECT

private:
    Router m_router;

    QJsonObject build(
        bool auth, const QVector<ModelVersionInfo>& models = { kTabular, kText, kImage })
    {
        OpenApiDocument::Options options;
        options.version = QStringLiteral("1.2.3");
        options.authRequired = auth;
        return OpenApiDocument::build(m_router.routes(), models, options);
    }

private Q_SLOTS:
    void initTestCase() { fill(m_router); }

    void describesEveryRoute()
    {
        const QJsonObject document = build(false);
        QCOMPARE(document.value(QStringLiteral("openapi")).toString(), QStringLiteral("3.0.3"));
        QCOMPARE(document.value(QStringLiteral("info"))
                     .toObject()
                     .value(QStringLiteral("version"))
                     .toString(),
            QStringLiteral("1.2.3"));
        const QJsonObject paths = document.value(QStringLiteral("paths")).toObject();
        QSet<QString> operationIds;
        int operations = 0;
        for (const Route& route : m_router.routes()) {
            const QJsonObject op = paths.value(route.pattern)
                                       .toObject()
                                       .value(QString::fromLatin1(route.method).toLower())
                                       .toObject();
            QVERIFY2(!op.isEmpty(), qPrintable(route.pattern));
            QCOMPARE(op.value(QStringLiteral("summary")).toString(), route.summary);
            QCOMPARE(op.value(QStringLiteral("tags")).toArray(), QJsonArray { route.tag });
            QVERIFY(op.value(QStringLiteral("responses"))
                        .toObject()
                        .contains(QStringLiteral("default")));
            operationIds.insert(op.value(QStringLiteral("operationId")).toString());
            ++operations;
        }
        QCOMPARE(paths.size(), int(m_router.routes().size()));
        QCOMPARE(operationIds.size(), operations);
        QStringList tags;
        for (const QJsonValue& tag : document.value(QStringLiteral("tags")).toArray())
            tags << tag.toObject().value(QStringLiteral("name")).toString();
        QCOMPARE(tags,
            (QStringList { QStringLiteral("admin"), QStringLiteral("health"),
                QStringLiteral("models"), QStringLiteral("v2") }));
    }

    void listsPathParameters()
    {
        const QJsonObject document = build(false);
        const QJsonArray parameters
            = operation(document, "/v2/models/{name}/versions/{version}/infer", "post")
                  .value(QStringLiteral("parameters"))
                  .toArray();
        QCOMPARE(parameters.size(), 2);
        QCOMPARE(parameters.at(0).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("name"));
        QCOMPARE(parameters.at(1).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("version"));
        for (const QJsonValue& parameter : parameters) {
            QCOMPARE(parameter.toObject().value(QStringLiteral("in")).toString(),
                QStringLiteral("path"));
            QVERIFY(parameter.toObject().value(QStringLiteral("required")).toBool());
        }
        QVERIFY(
            !operation(document, "/api/v1/models", "get").contains(QStringLiteral("parameters")));
    }

    void requiresTokensOnlyWhenAuthIsOn()
    {
        const QJsonObject open = build(false);
        QVERIFY(!open.value(QStringLiteral("components"))
                     .toObject()
                     .contains(QStringLiteral("securitySchemes")));
        for (const Route& route : m_router.routes())
            QVERIFY(!operation(open, qPrintable(route.pattern),
                QString::fromLatin1(route.method).toLower().toLatin1())
                         .contains(QStringLiteral("security")));

        const QJsonObject secured = build(true);
        const QJsonObject scheme = secured.value(QStringLiteral("components"))
                                       .toObject()
                                       .value(QStringLiteral("securitySchemes"))
                                       .toObject()
                                       .value(QStringLiteral("bearerAuth"))
                                       .toObject();
        QCOMPARE(scheme.value(QStringLiteral("type")).toString(), QStringLiteral("http"));
        QCOMPARE(scheme.value(QStringLiteral("scheme")).toString(), QStringLiteral("bearer"));
        for (const Route& route : m_router.routes()) {
            const QJsonObject op = operation(secured, qPrintable(route.pattern),
                QString::fromLatin1(route.method).toLower().toLatin1());
            if (route.access == RouteAccess::Public) {
                QVERIFY2(!op.contains(QStringLiteral("security")), qPrintable(route.pattern));
            } else {
                QCOMPARE(op.value(QStringLiteral("security")).toArray(),
                    (QJsonArray {
                        QJsonObject { { QStringLiteral("bearerAuth"), QJsonArray {} } } }));
                QVERIFY(op.value(QStringLiteral("responses"))
                            .toObject()
                            .contains(QStringLiteral("401")));
            }
        }
    }

    void predictBodyOffersEveryModel()
    {
        const QJsonObject document = build(false);
        const QJsonObject body = operation(document, "/api/v1/models/{name}/predict", "post")
                                     .value(QStringLiteral("requestBody"))
                                     .toObject();
        const QJsonObject media = body.value(QStringLiteral("content"))
                                      .toObject()
                                      .value(QStringLiteral("application/json"))
                                      .toObject();
        QStringList refs;
        for (const QJsonValue& ref : media.value(QStringLiteral("schema"))
                                         .toObject()
                                         .value(QStringLiteral("oneOf"))
                                         .toArray())
            refs << ref.toObject().value(QStringLiteral("$ref")).toString();
        QCOMPARE(refs,
            (QStringList { QStringLiteral("#/components/schemas/PredictRequest_iris"),
                QStringLiteral("#/components/schemas/PredictRequest_products"),
                QStringLiteral("#/components/schemas/PredictRequest_gestures.v2") }));
        for (const QString& ref : refs)
            QVERIFY2(
                !schema(document, ref.section(QLatin1Char('/'), -1)).isEmpty(), qPrintable(ref));
        // Examples for the models that can have one (not the image model).
        const QJsonObject examples = media.value(QStringLiteral("examples")).toObject();
        QCOMPARE(
            examples.keys(), (QStringList { QStringLiteral("iris"), QStringLiteral("products") }));
        QCOMPARE(examples.value(QStringLiteral("iris"))
                     .toObject()
                     .value(QStringLiteral("value"))
                     .toObject(),
            QJsonObject(
                { { QStringLiteral("instances"), QJsonArray { QJsonArray { 0.0, 0.0, 0.0 } } } }));
        // Only the predict route carries a body; without models it carries none.
        QVERIFY(!operation(document, "/v2/models/{name}/versions/{version}/infer", "post")
                     .contains(QStringLiteral("requestBody")));
        QVERIFY(!operation(build(false, {}), "/api/v1/models/{name}/predict", "post")
                     .contains(QStringLiteral("requestBody")));
    }

    void tabularSchemaFollowsTheFeatures()
    {
        const QJsonObject items = instanceSchema(build(false), QStringLiteral("iris"));
        const QJsonObject array = branch(items, "array");
        QCOMPARE(array.value(QStringLiteral("minItems")).toInt(), 3);
        QCOMPARE(array.value(QStringLiteral("maxItems")).toInt(), 3);
        QCOMPARE(array.value(QStringLiteral("items"))
                     .toObject()
                     .value(QStringLiteral("type"))
                     .toString(),
            QStringLiteral("number"));
        QVERIFY(array.value(QStringLiteral("description"))
                    .toString()
                    .contains(QLatin1String("a, b, c")));
        const QJsonObject object = branch(items, "object");
        QCOMPARE(object.value(QStringLiteral("required")).toArray(),
            (QJsonArray { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }));
        QCOMPARE(object.value(QStringLiteral("properties"))
                     .toObject()
                     .value(QStringLiteral("b"))
                     .toObject()
                     .value(QStringLiteral("type"))
                     .toString(),
            QStringLiteral("number"));
        QVERIFY(branch(items, "string").isEmpty());
    }

    void textSchemaNeedsOneField()
    {
        const QJsonObject items = instanceSchema(build(false), QStringLiteral("products"));
        const QJsonObject object = branch(items, "object");
        QVERIFY(!object.contains(QStringLiteral("required")));
        QCOMPARE(object.value(QStringLiteral("minProperties")).toInt(), 1);
        QCOMPARE(object.value(QStringLiteral("properties")).toObject().keys(),
            (QStringList { QStringLiteral("description"), QStringLiteral("name") }));
        QVERIFY(branch(items, "string")
                    .value(QStringLiteral("description"))
                    .toString()
                    .contains(QLatin1String("'name'")));
        QCOMPARE(branch(items, "array")
                     .value(QStringLiteral("items"))
                     .toObject()
                     .value(QStringLiteral("type"))
                     .toString(),
            QStringLiteral("string"));
    }

    void imageSchemaIsBase64()
    {
        const QJsonObject document = build(false);
        const QJsonObject items = instanceSchema(document, QStringLiteral("gestures.v2"));
        const QJsonObject bare = branch(items, "string");
        QCOMPARE(bare.value(QStringLiteral("format")).toString(), QStringLiteral("byte"));
        QVERIFY(
            bare.value(QStringLiteral("description")).toString().contains(QLatin1String("28x28")));
        QCOMPARE(branch(items, "object").value(QStringLiteral("required")).toArray(),
            QJsonArray { QStringLiteral("b64") });
        QVERIFY(!schema(document, QStringLiteral("PredictRequest_gestures.v2"))
                     .contains(QStringLiteral("example")));
    }

    void schemaNamesAreValidComponentKeys()
    {
        QCOMPARE(OpenApiDocument::predictSchemaName(QStringLiteral("wine-2.b_c")),
            QStringLiteral("PredictRequest_wine-2.b_c"));
        QCOMPARE(OpenApiDocument::predictSchemaName(QStringLiteral("a b/c")),
            QStringLiteral("PredictRequest_a_b_c"));
        QCOMPARE(OpenApiDocument::pathParameters(QStringLiteral("/a/{x}/b/{y_1}")),
            (QStringList { QStringLiteral("x"), QStringLiteral("y_1") }));
    }
};

QTEST_GUILESS_MAIN(TestOpenApiDocument)
#include "TestOpenApiDocument.moc"
