#include "MlflowEndpoints.h"

#include "CsvInstances.h"
#include "Error.h"
#include "HttpServer.h"
#include "InferenceService.h"
#include "MlflowInstances.h"
#include "ModelRegistry.h"
#include "Router.h"
#include "VersionResolver.h"
#include "Workspace.h"

#include <QBuffer>
#include <QJsonArray>

namespace mb::serve {
namespace {

// The model /invocations predicts with: the request's ?model, the server's choice, or the
// only registered model.
QString modelReference(
    const HttpRequest& request, const HttpServerOptions& options, const Workspace& workspace)
{
    if (request.hasQuery(QStringLiteral("model"))) {
        const QString named = request.queryValue(QStringLiteral("model")).trimmed();
        if (named.isEmpty())
            throw Error(ErrorCode::InvalidArgument,
                QStringLiteral("model: give a model name (?model=NAME)"));
        return named;
    }
    if (!options.invocationsModel.isEmpty())
        return options.invocationsModel;
    const QVector<ModelSummary> models = ModelRegistry(workspace).list();
    if (models.isEmpty())
        throw Error(ErrorCode::NotFound,
            QStringLiteral("no model is registered, so /invocations has nothing to predict with"));
    if (models.size() > 1) {
        QStringList names;
        for (const ModelSummary& model : models)
            names << model.name;
        throw Error(ErrorCode::InvalidArgument,
            QStringLiteral("%1 models are registered (%2): name one with ?model=NAME, or start the "
                           "server with a default model")
                .arg(models.size())
                .arg(names.join(QLatin1String(", "))));
    }
    return models.first().name;
}

QVector<Instance> instancesOf(const HttpRequest& request, const QJsonArray& inputs)
{
    if (request.contentType() == "text/csv") {
        QByteArray body = request.body;
        QBuffer buffer(&body);
        buffer.open(QIODevice::ReadOnly);
        CsvInstances csv = CsvInstances::read(buffer, inputs, QStringLiteral("request body"));
        if (csv.instances.isEmpty())
            throw Error(ErrorCode::InvalidArgument,
                QStringLiteral("request body: the CSV has no rows to predict"));
        return std::move(csv.instances);
    }
    return MlflowInstances::parse(request.jsonBody(), inputs);
}

QJsonArray predictionsOf(const QVector<Prediction>& predictions, bool regression)
{
    QJsonArray list;
    for (const Prediction& prediction : predictions)
        list.append(regression ? QJsonValue(prediction.value) : QJsonValue(prediction.label));
    return list;
}

void invoke(const Workspace& workspace, const VersionResolver& resolver,
    InferenceService& inference, const HttpServerOptions& options, const HttpRequest& request,
    const Responder& respond)
{
    const QByteArray type = request.contentType();
    if (!type.isEmpty() && type != "application/json" && type != "text/csv") {
        respond(HttpResponse::error(415, QStringLiteral("unsupported_media_type"),
            QStringLiteral("Content-Type '%1' is not accepted: send application/json or text/csv")
                .arg(QString::fromLatin1(type.left(80)))));
        return;
    }
    const ModelVersionInfo version = resolver.resolve(modelReference(request, options, workspace));
    const bool regression = version.task == QLatin1String("regression");
    QVector<Instance> instances
        = instancesOf(request, version.signature.value(QStringLiteral("inputs")).toArray());
    inference.submit(
        version, std::move(instances), 1, [respond, regression](InferenceResult result) {
            respond.defer([result = std::move(result), regression] {
                if (result.error)
                    return HttpResponse::error(*result.error);
                HttpResponse response
                    = HttpResponse::json(QJsonObject { { QStringLiteral("predictions"),
                        predictionsOf(result.predictions, regression) } });
                response.setHeader("X-Model", result.ref.toUtf8());
                return response;
            });
        });
}

}  // namespace

void MlflowEndpoints::addRoutes(Router& router, std::shared_ptr<const Workspace> workspace,
    InferenceService& inference, const VersionResolver& resolver, const HttpServerOptions& options,
    std::function<HttpResponse()> ready)
{
    InferenceService* service = &inference;
    const VersionResolver* versions = &resolver;
    const HttpServerOptions* settings = &options;
    Route& ping = router.add(
        "GET", QStringLiteral("/ping"),
        [ready = std::move(ready)](const HttpRequest&) { return ready(); }, RouteAccess::Public);
    ping.summary = QStringLiteral("MLflow scoring: 200 when the server is ready");
    ping.tag = QStringLiteral("mlflow");

    Route& invocations = router.addAsync("POST", QStringLiteral("/invocations"),
        [workspace, versions, service, settings](
            const HttpRequest& request, const Responder& respond) {
            invoke(*workspace, *versions, *service, *settings, request, respond);
        });
    invocations.summary
        = QStringLiteral("MLflow scoring: predict dataframe_split, dataframe_records, instances, "
                         "inputs or CSV with the default model");
    invocations.tag = QStringLiteral("mlflow");
}

}  // namespace mb::serve
