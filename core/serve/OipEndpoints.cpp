#include "OipEndpoints.h"

#include "Error.h"
#include "ErrorResponse.h"
#include "InferenceService.h"
#include "ModelRegistry.h"
#include "OipInferRequest.h"
#include "OipOutputs.h"
#include "Router.h"
#include "VersionResolver.h"
#include "Workspace.h"

#include <QJsonArray>

namespace mb::serve {
namespace {

const QString kTag = QStringLiteral("open inference protocol");

HttpResponse v2Error(const Error& error)
{
    HttpResponse response = HttpResponse::json(
        QJsonObject { { QStringLiteral("error"), error.message() } }, httpStatusFor(error.code()));
    response.errorCode = errorCodeName(error.code());
    return response;
}

// Answers what `handle` throws in the protocol's error shape instead of the router's.
AsyncHandler v2(std::function<void(const HttpRequest&, const Responder&)> handle)
{
    return [handle = std::move(handle)](const HttpRequest& request, const Responder& respond) {
        try {
            handle(request, respond);
        } catch (const Error& error) {
            respond(v2Error(error));
        }
    };
}

AsyncHandler v2(std::function<HttpResponse(const HttpRequest&)> handle)
{
    return v2([handle = std::move(handle)](const HttpRequest& request, const Responder& respond) {
        respond(handle(request));
    });
}

// "name" or "name@version" (a number or an alias) from the path.
QString referenceOf(const HttpRequest& request)
{
    const QString name = request.param(QStringLiteral("name"));
    ModelRegistry::checkModelName(name);
    const QString version = request.param(QStringLiteral("version"));
    return version.isEmpty() ? name : QStringLiteral("%1@%2").arg(name, version);
}

bool isRegression(const ModelVersionInfo& version)
{
    return version.task == QLatin1String("regression");
}

HttpResponse metadata(
    const Workspace& workspace, const VersionResolver& resolver, const HttpRequest& request)
{
    const ModelVersionInfo version = resolver.resolve(referenceOf(request));
    QJsonArray versions;
    for (const ModelVersionInfo& each : ModelRegistry(workspace).versions(version.model))
        versions.append(QString::number(each.version));
    const ModelSignature signature = ModelSignature::of(version.signature);
    return HttpResponse::json(QJsonObject { { QStringLiteral("name"), version.model },
        { QStringLiteral("versions"), versions },
        { QStringLiteral("platform"), QStringLiteral("modelbench") },
        { QStringLiteral("inputs"), OipInferRequest::inputMetadata(signature) },
        { QStringLiteral("outputs"), OipOutputs::metadata(signature, isRegression(version)) } });
}

HttpResponse modelReady(const VersionResolver& resolver, const HttpRequest& request)
{
    const ModelVersionInfo version = resolver.resolve(referenceOf(request));
    return HttpResponse::json(QJsonObject { { QStringLiteral("name"), version.model },
        { QStringLiteral("version"), QString::number(version.version) },
        { QStringLiteral("ready"), true } });
}

void infer(const VersionResolver& resolver, InferenceService& inference, const HttpRequest& request,
    const Responder& respond)
{
    const ModelVersionInfo version = resolver.resolve(referenceOf(request));
    const bool regression = isRegression(version);
    OipInferRequest parsed = OipInferRequest::parse(request.jsonBody(), version.signature);
    OipOutputs::checkRequested(parsed.outputs, regression);
    ModelSignature signature = ModelSignature::of(version.signature);
    // Every class in `top`, so "probabilities" has a value for each.
    const int topK = std::max(1, int(signature.labels.size()));
    QJsonObject head { { QStringLiteral("model_name"), version.model },
        { QStringLiteral("model_version"), QString::number(version.version) } };
    if (!parsed.id.isUndefined())
        head.insert(QStringLiteral("id"), parsed.id);
    inference.submit(version, std::move(parsed.instances), topK,
        [respond, head, signature = std::move(signature), regression, outputs = parsed.outputs](
            InferenceResult result) {
            respond.defer([result = std::move(result), head, signature, regression, outputs] {
                if (result.error)
                    return v2Error(*result.error);
                QJsonObject body = head;
                body.insert(QStringLiteral("outputs"),
                    OipOutputs::tensors(result.predictions, signature, regression, outputs));
                return HttpResponse::json(body);
            });
        });
}

}  // namespace

void OipEndpoints::addRoutes(Router& router, std::shared_ptr<const Workspace> workspace,
    InferenceService& inference, const VersionResolver& resolver,
    std::function<HttpResponse()> ready)
{
    InferenceService* service = &inference;
    const VersionResolver* versions = &resolver;
    const auto describe = [](Route& route, const QString& summary) {
        route.summary = summary;
        route.tag = kTag;
    };
    describe(router.add(
                 "GET", QStringLiteral("/v2/health/live"),
                 [](const HttpRequest&) {
                     return HttpResponse::json(QJsonObject { { QStringLiteral("live"), true } });
                 },
                 RouteAccess::Public),
        QStringLiteral("v2 liveness"));
    describe(router.add(
                 "GET", QStringLiteral("/v2/health/ready"),
                 [ready = std::move(ready)](const HttpRequest&) {
                     const bool isReady = ready().status == 200;
                     return HttpResponse::json(
                         QJsonObject { { QStringLiteral("ready"), isReady } }, isReady ? 200 : 503);
                 },
                 RouteAccess::Public),
        QStringLiteral("v2 readiness"));

    const AsyncHandler showMetadata = v2([workspace, versions](const HttpRequest& request) {
        return metadata(*workspace, *versions, request);
    });
    const AsyncHandler showReady
        = v2([versions](const HttpRequest& request) { return modelReady(*versions, request); });
    const AsyncHandler runInfer
        = v2([versions, service](const HttpRequest& request, const Responder& respond) {
              infer(*versions, *service, request, respond);
          });
    for (const QString& model : { QStringLiteral("/v2/models/{name}"),
             QStringLiteral("/v2/models/{name}/versions/{version}") }) {
        const QString which = model.contains(QLatin1String("{version}"))
            ? QStringLiteral("a version of a model")
            : QStringLiteral("a model");
        describe(router.addAsync("GET", model, showMetadata),
            QStringLiteral("v2 metadata of %1: inputs, outputs, versions").arg(which));
        describe(router.addAsync("GET", model + QStringLiteral("/ready"), showReady),
            QStringLiteral("v2 readiness of %1").arg(which));
        describe(router.addAsync("POST", model + QStringLiteral("/infer"), runInfer),
            QStringLiteral("v2 inference with %1").arg(which));
    }
}

}  // namespace mb::serve
