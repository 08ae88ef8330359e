#include "OpenApiDocument.h"

#include "ModelSignature.h"
#include "SignatureSchema.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <map>

namespace mb::serve {
namespace {

const QString kBearer = QStringLiteral("bearerAuth");

QJsonObject ref(const QString& schema)
{
    return QJsonObject { { QStringLiteral("$ref"),
        QStringLiteral("#/components/schemas/%1").arg(schema) } };
}

QJsonObject jsonContent(const QJsonObject& schema)
{
    return QJsonObject { { QStringLiteral("application/json"),
        QJsonObject { { QStringLiteral("schema"), schema } } } };
}

QJsonObject errorSchema()
{
    const QJsonObject string { { QStringLiteral("type"), QStringLiteral("string") } };
    const QJsonObject error { { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("required"),
            QJsonArray { QStringLiteral("code"), QStringLiteral("message") } },
        { QStringLiteral("properties"),
            QJsonObject {
                { QStringLiteral("code"), string }, { QStringLiteral("message"), string } } } };
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("required"), QJsonArray { QStringLiteral("error") } },
        { QStringLiteral("properties"), QJsonObject { { QStringLiteral("error"), error } } } };
}

// "get_api_v1_models_name_predict": unique because method + pattern shape is.
QString operationId(const Route& route)
{
    static const QRegularExpression other(QStringLiteral("[^A-Za-z0-9]+"));
    QString path = route.pattern;
    path.replace(other, QStringLiteral("_"));
    return QString::fromLatin1(route.method).toLower()
        + (path == QLatin1String("_") ? QString() : path);
}

QJsonArray parametersOf(const Route& route)
{
    QJsonArray parameters;
    for (const QString& name : OpenApiDocument::pathParameters(route.pattern)) {
        parameters.append(QJsonObject { { QStringLiteral("name"), name },
            { QStringLiteral("in"), QStringLiteral("path") }, { QStringLiteral("required"), true },
            { QStringLiteral("schema"),
                QJsonObject { { QStringLiteral("type"), QStringLiteral("string") } } } });
    }
    return parameters;
}

// The predict operation's body: one branch per model, with an example for each.
QJsonObject predictBody(const QVector<ModelVersionInfo>& models)
{
    QJsonArray branches;
    QJsonObject examples;
    for (const ModelVersionInfo& model : models) {
        branches.append(ref(OpenApiDocument::predictSchemaName(model.model)));
        const QJsonValue example
            = SignatureSchema::exampleInstance(ModelSignature::of(model.signature));
        if (!example.isNull()) {
            examples.insert(model.model,
                QJsonObject { { QStringLiteral("summary"),
                                  QStringLiteral("%1 (%2)").arg(model.model, model.ref()) },
                    { QStringLiteral("value"),
                        QJsonObject {
                            { QStringLiteral("instances"), QJsonArray { example } } } } });
        }
    }
    QJsonObject media { { QStringLiteral("schema"),
        QJsonObject { { QStringLiteral("oneOf"), branches } } } };
    if (!examples.isEmpty())
        media.insert(QStringLiteral("examples"), examples);
    return QJsonObject { { QStringLiteral("required"), true },
        { QStringLiteral("description"),
            QStringLiteral("Instances in the shape of the model's input signature") },
        { QStringLiteral("content"),
            QJsonObject { { QStringLiteral("application/json"), media } } } };
}

QJsonObject operationOf(const Route& route, const QVector<ModelVersionInfo>& models,
    const OpenApiDocument::Options& options)
{
    QJsonObject operation { { QStringLiteral("operationId"), operationId(route) } };
    if (!route.summary.isEmpty())
        operation.insert(QStringLiteral("summary"), route.summary);
    if (!route.tag.isEmpty())
        operation.insert(QStringLiteral("tags"), QJsonArray { route.tag });
    const QJsonArray parameters = parametersOf(route);
    if (!parameters.isEmpty())
        operation.insert(QStringLiteral("parameters"), parameters);
    if (route.method == "POST" && route.pattern == options.predictPattern && !models.isEmpty())
        operation.insert(QStringLiteral("requestBody"), predictBody(models));
    QJsonObject responses {
        { QStringLiteral("200"),
            QJsonObject { { QStringLiteral("description"), QStringLiteral("Success") } } },
        { QStringLiteral("default"),
            QJsonObject { { QStringLiteral("description"), QStringLiteral("An error") },
                { QStringLiteral("content"), jsonContent(ref(QStringLiteral("Error"))) } } }
    };
    if (options.authRequired && route.access != RouteAccess::Public) {
        operation.insert(
            QStringLiteral("security"), QJsonArray { QJsonObject { { kBearer, QJsonArray {} } } });
        responses.insert(QStringLiteral("401"),
            QJsonObject {
                { QStringLiteral("description"), QStringLiteral("Missing or invalid token") },
                { QStringLiteral("content"), jsonContent(ref(QStringLiteral("Error"))) } });
    }
    operation.insert(QStringLiteral("responses"), responses);
    return operation;
}

}  // namespace

QStringList OpenApiDocument::pathParameters(const QString& pattern)
{
    QStringList names;
    for (const QString& segment : pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (segment.size() > 2 && segment.startsWith(QLatin1Char('{'))
            && segment.endsWith(QLatin1Char('}')))
            names.append(segment.mid(1, segment.size() - 2));
    }
    return names;
}

QString OpenApiDocument::predictSchemaName(const QString& model)
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]"));
    QString name = model;
    name.replace(unsafe, QStringLiteral("_"));
    return QStringLiteral("PredictRequest_") + name;
}

QJsonObject OpenApiDocument::build(const std::deque<Route>& routes,
    const QVector<ModelVersionInfo>& models, const Options& options)
{
    // std::map keeps paths and tags sorted, so the document is stable from run to run.
    std::map<QString, QJsonObject> paths;
    std::map<QString, bool> tags;
    for (const Route& route : routes) {
        paths[route.pattern].insert(
            QString::fromLatin1(route.method).toLower(), operationOf(route, models, options));
        if (!route.tag.isEmpty())
            tags[route.tag] = true;
    }
    QJsonObject pathObject;
    for (const auto& [pattern, operations] : paths)
        pathObject.insert(pattern, operations);
    QJsonArray tagList;
    for (const auto& [tag, used] : tags)
        tagList.append(QJsonObject { { QStringLiteral("name"), tag } });

    QJsonObject schemas { { QStringLiteral("Error"), errorSchema() } };
    for (const ModelVersionInfo& model : models) {
        QJsonObject schema = SignatureSchema::predictRequest(ModelSignature::of(model.signature));
        schema.insert(QStringLiteral("title"),
            QStringLiteral("Predict request of %1 (serving %2)").arg(model.model, model.ref()));
        schemas.insert(predictSchemaName(model.model), schema);
    }
    QJsonObject components { { QStringLiteral("schemas"), schemas } };
    if (options.authRequired) {
        components.insert(QStringLiteral("securitySchemes"),
            QJsonObject { { kBearer,
                QJsonObject { { QStringLiteral("type"), QStringLiteral("http") },
                    { QStringLiteral("scheme"), QStringLiteral("bearer") } } } });
    }
    const QJsonObject info { { QStringLiteral("title"), options.title },
        { QStringLiteral("version"),
            options.version.isEmpty() ? QStringLiteral("0") : options.version },
        { QStringLiteral("description"),
            QStringLiteral("The local REST API of Modelbench: model registry, predictions, MLflow "
                           "scoring and the Open Inference Protocol (v2).") } };
    return QJsonObject { { QStringLiteral("openapi"), QStringLiteral("3.0.3") },
        { QStringLiteral("info"), info }, { QStringLiteral("tags"), tagList },
        { QStringLiteral("paths"), pathObject }, { QStringLiteral("components"), components } };
}

}  // namespace mb::serve
