#include "ModelEndpoints.h"

#include "CsvFeedback.h"
#include "CsvInstances.h"
#include "Error.h"
#include "FeedbackStore.h"
#include "InferenceService.h"
#include "JsonInstances.h"
#include "ModelRegistry.h"
#include "NumericInstances.h"
#include "PredictionCsv.h"
#include "PredictionFormat.h"
#include "Router.h"
#include "VersionResolver.h"
#include "Workspace.h"

#include <QBuffer>
#include <QJsonArray>

namespace mb::serve {
namespace {

const int kDefaultTopK = 3;

// "name", "name@3" or "name@alias" from the path and the query.
QString referenceOf(const HttpRequest& request)
{
    const QString name = request.param(QStringLiteral("name"));
    const bool byVersion = request.hasQuery(QStringLiteral("version"));
    const bool byAlias = request.hasQuery(QStringLiteral("alias"));
    if (byVersion && byAlias)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("give ?version=N or ?alias=NAME, not both"));
    if (byVersion) {
        const QString text = request.queryValue(QStringLiteral("version"));
        bool ok = false;
        const int version = text.toInt(&ok);
        if (!ok || version < 1)
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("version: '%1' is not a version number (1, 2, ...)").arg(text.left(40)));
        return QStringLiteral("%1@%2").arg(name).arg(version);
    }
    if (byAlias) {
        const QString alias = request.queryValue(QStringLiteral("alias"));
        ModelRegistry::checkAliasName(alias);
        return QStringLiteral("%1@%2").arg(name, alias);
    }
    return name;
}

// ?top_k, at most `labels` (the model's classes; 0 for regression).
int topKOf(const HttpRequest& request, int labels)
{
    int topK = kDefaultTopK;
    if (request.hasQuery(QStringLiteral("top_k"))) {
        const QString text = request.queryValue(QStringLiteral("top_k"));
        bool ok = false;
        topK = text.toInt(&ok);
        if (!ok || topK < 1)
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("top_k: '%1' is not a positive number").arg(text.left(40)));
    }
    return std::max(1, labels > 0 ? std::min(topK, labels) : topK);
}

QJsonObject aliasesOf(const QVector<ModelVersionInfo>& versions)
{
    QJsonObject aliases;
    for (const ModelVersionInfo& version : versions) {
        for (const QString& alias : version.aliases)
            aliases.insert(alias, version.version);
    }
    return aliases;
}

HttpResponse listModels(const Workspace& workspace)
{
    QJsonArray models;
    for (const ModelSummary& summary : ModelRegistry(workspace).list()) {
        QJsonObject aliases;
        for (const QString& alias : summary.aliases)
            aliases.insert(alias.section(QLatin1Char('='), 0, 0), alias.section(QLatin1Char('='), 1).toInt());
        models.append(QJsonObject{{QStringLiteral("name"), summary.name},
                                  {QStringLiteral("task"), summary.task},
                                  {QStringLiteral("versions"), summary.versions},
                                  {QStringLiteral("latest"), summary.latest},
                                  {QStringLiteral("aliases"), aliases},
                                  {QStringLiteral("updated_at"), summary.updatedAt}});
    }
    return HttpResponse::json(QJsonObject{{QStringLiteral("models"), models}});
}

HttpResponse showModel(const Workspace& workspace, const HttpRequest& request)
{
    const ModelRegistry registry(workspace);
    const QString name = request.param(QStringLiteral("name"));
    const QVector<ModelVersionInfo> versions = registry.versions(name);
    const ModelVersionInfo serving = registry.resolve(name);
    return HttpResponse::json(QJsonObject{{QStringLiteral("name"), name},
                                          {QStringLiteral("task"), versions.last().task},
                                          {QStringLiteral("versions"), versions.size()},
                                          {QStringLiteral("latest"), versions.last().version},
                                          {QStringLiteral("aliases"), aliasesOf(versions)},
                                          {QStringLiteral("serving"), serving.toJson()}});
}

HttpResponse listVersions(const Workspace& workspace, const HttpRequest& request)
{
    const QString name = request.param(QStringLiteral("name"));
    QJsonArray list;
    for (const ModelVersionInfo& version : ModelRegistry(workspace).versions(name))
        list.append(version.toJson());
    return HttpResponse::json(QJsonObject{{QStringLiteral("model"), name}, {QStringLiteral("versions"), list}});
}

HttpResponse failed(const InferenceResult& result)
{
    return HttpResponse::error(*result.error);
}

void predictJson(const VersionResolver& resolver, InferenceService& inference, const HttpRequest& request, const Responder& respond)
{
    const ModelVersionInfo version = resolver.resolve(referenceOf(request));
    std::shared_ptr<LoadedModel> model = inference.cache().acquire(version);
    const ModelSignature& signature = model->signature();
    const int topK = topKOf(request, int(signature.labels.size()));
    const bool regression = version.task == QLatin1String("regression");
    // Plain feature arrays, the usual body, are read without a JSON document first; the
    // general path reads (or refuses) everything else.
    std::optional<QVector<Instance>> instances = NumericInstances::read(request.body, signature);
    if (!instances)
        instances = JsonInstances::parse(request.jsonBody(), version.signature.value(QStringLiteral("inputs")).toArray());
    inference.submit(std::move(model), std::move(*instances), topK, [respond, regression](InferenceResult result) {
        respond.defer([result = std::move(result), regression] {
            if (result.error)
                return failed(result);
            return HttpResponse::text(PredictionFormat::answer(result.ref, result.predictions, regression), "application/json");
        });
    });
}

// The column of predict.csv rows that carries human-verified labels (?feedback_column=NAME).
QString feedbackColumnOf(const HttpRequest& request)
{
    const QString column = request.queryValue(QStringLiteral("feedback_column"), CsvFeedback::defaultColumn()).trimmed();
    if (column.isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("feedback_column: give the name of the column holding verified labels"));
    return column;
}

void predictCsv(std::shared_ptr<const Workspace> workspace, const VersionResolver& resolver, InferenceService& inference,
                const HttpRequest& request, const Responder& respond)
{
    const ModelVersionInfo version = resolver.resolve(referenceOf(request));
    const QString feedbackColumn = feedbackColumnOf(request);
    const int topK = topKOf(request, int(version.signature.value(QStringLiteral("labels")).toArray().size()));
    const bool regression = version.task == QLatin1String("regression");
    QByteArray body = request.body;
    QBuffer buffer(&body);
    buffer.open(QIODevice::ReadOnly);
    CsvInstances csv = CsvInstances::read(buffer, version.signature.value(QStringLiteral("inputs")).toArray(), QStringLiteral("request body"));
    if (csv.instances.isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("request body: the CSV has no rows to predict"));
    QVector<Feedback> feedback = CsvFeedback::collect(csv, feedbackColumn, version);
    QVector<Instance> instances = std::move(csv.instances);
    inference.submit(version, std::move(instances), topK,
                     [respond, regression, topK, columns = csv.columns, rows = csv.rows, workspace, feedback](InferenceResult result) {
                         respond.defer([result = std::move(result), regression, topK, columns, rows, workspace, feedback] {
                             if (result.error)
                                 return failed(result);
                             // Stored once the rows were predicted, so a failed request keeps nothing.
                             if (!feedback.isEmpty())
                                 FeedbackStore(*workspace).add(feedback);
                             HttpResponse response = HttpResponse::text(PredictionCsv::csv(columns, rows, result.predictions, regression, topK),
                                                                        "text/csv; charset=utf-8");
                             response.setHeader("X-Model", result.ref.toUtf8());
                             response.setHeader("X-Feedback-Stored", QByteArray::number(feedback.size()));
                             return response;
                         });
                     });
}

}  // namespace


void ModelEndpoints::addRoutes(Router& router, std::shared_ptr<const Workspace> workspace, InferenceService& inference,
                               const VersionResolver& resolver)
{
    InferenceService* service = &inference;
    const VersionResolver* versions = &resolver;
    // Reading the registry and predicting change nothing: any valid token (User) may.
    const auto describe = [](Route& route, const QString& summary) {
        route.summary = summary;
        route.tag = QStringLiteral("models");
    };
    describe(router.add("GET", QStringLiteral("/api/v1/models"), [workspace](const HttpRequest&) { return listModels(*workspace); }, RouteAccess::User),
             QStringLiteral("List the registered models"));
    describe(router.add("GET", QStringLiteral("/api/v1/models/{name}"), [workspace](const HttpRequest& request) { return showModel(*workspace, request); },
                        RouteAccess::User),
             QStringLiteral("A model's summary and the version it serves"));
    describe(router.add("GET", QStringLiteral("/api/v1/models/{name}/versions"),
                        [workspace](const HttpRequest& request) { return listVersions(*workspace, request); }, RouteAccess::User),
             QStringLiteral("A model's versions, oldest first"));
    describe(router.addAsync("POST", QStringLiteral("/api/v1/models/{name}/predict"),
                             [versions, service](const HttpRequest& request, const Responder& respond) { predictJson(*versions, *service, request, respond); },
                             RouteAccess::User),
             QStringLiteral("Predict JSON instances"));
    describe(router.addAsync("POST", QStringLiteral("/api/v1/models/{name}/predict.csv"),
                             [workspace, versions, service](const HttpRequest& request, const Responder& respond) {
                                 predictCsv(workspace, *versions, *service, request, respond);
                             },
                             RouteAccess::User),
             QStringLiteral("Predict the rows of a CSV; answers them with the predictions appended"));
}

}  // namespace mb::serve
