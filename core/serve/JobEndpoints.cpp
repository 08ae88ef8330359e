#include "JobEndpoints.h"

#include "DatasetCatalog.h"
#include "Error.h"
#include "JobManager.h"
#include "JobStore.h"
#include "ModelRegistry.h"
#include "Router.h"
#include "RunStore.h"
#include "TrainConfig.h"
#include "TrainingJob.h"
#include "Workspace.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace mb::serve {
namespace {

const int kDefaultJobLimit = 100;
const int kMaxJobLimit = 1000;

QString statusUrl(const QString& id)
{
    return QStringLiteral("/api/v1/jobs/%1").arg(id);
}

QString stringField(const QJsonObject& body, const QString& name, bool required)
{
    const QJsonValue value = body.value(name);
    if (value.isUndefined() || value.isNull()) {
        if (required)
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: required").arg(name));
        return {};
    }
    if (!value.isString() || value.toString().trimmed().isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: expected a non-empty string").arg(name));
    return value.toString().trimmed();
}

// {"epochs": 3, "mlp.hidden": [64, 32]} -> "epochs=3", "mlp.hidden=[64,32]": TrainConfig reads
// each value as YAML, of which JSON is a subset.
QStringList overridesOf(const QJsonValue& value)
{
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isObject())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("overrides: expected an object of key: value"));
    QStringList overrides;
    const QJsonObject object = value.toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QJsonValue v = it.value();
        QString text;
        if (v.isString())
            text = v.toString();
        else if (v.isDouble())
            text = QString::number(v.toDouble(), 'g', 17);
        else if (v.isBool())
            text = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        else if (v.isArray())
            text = QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
        else if (v.isObject())
            text = QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
        else
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("overrides.%1: a value is required").arg(it.key()));
        overrides << QStringLiteral("%1=%2").arg(it.key(), text);
    }
    return overrides;
}

// The request body as a TrainRequest, checked now (dataset, config, model name) so that a
// mistake is a 400/404 answer rather than a job that fails later.
TrainRequest trainRequestOf(const Workspace& workspace, const HttpRequest& request)
{
    const QJsonValue document = request.jsonBody();
    if (!document.isObject())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("the body must be a JSON object with at least \"dataset\""));
    const QJsonObject body = document.toObject();
    static const QStringList known = {QStringLiteral("dataset"), QStringLiteral("config"), QStringLiteral("overrides"),
                                      QStringLiteral("model_name"), QStringLiteral("force")};
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        if (!known.contains(it.key()))
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: unknown field (expected %2)").arg(it.key(), known.join(QLatin1String(", "))));
    }
    TrainRequest train;
    train.source = QStringLiteral("api");
    train.configSource = QStringLiteral("config");
    train.dataset = stringField(body, QStringLiteral("dataset"), true);
    const QJsonValue config = body.value(QStringLiteral("config"));
    if (config.isObject())
        train.configYaml = QString::fromUtf8(QJsonDocument(config.toObject()).toJson(QJsonDocument::Indented));
    else if (!config.isUndefined() && !config.isNull())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("config: expected an object (the config.yaml keys as JSON)"));
    train.overrides = overridesOf(body.value(QStringLiteral("overrides")));
    train.modelName = stringField(body, QStringLiteral("model_name"), false);
    if (!train.modelName.isEmpty())
        ModelRegistry::checkModelName(train.modelName);
    const QJsonValue force = body.value(QStringLiteral("force"));
    if (!force.isUndefined() && !force.isBool())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("force: expected true or false"));
    train.force = force.toBool(false);

    const DatasetVersionInfo dataset = DatasetCatalog(workspace).resolve(train.dataset);
    TrainConfig::resolve(train.configYaml, dataset.kind, dataset.labelKind, train.overrides, train.configSource);
    return train;
}

// A job as the API shows it: the jobs-table record plus what its run has recorded.
QJsonObject describe(const JobInfo& info, const Workspace& workspace)
{
    QJsonObject json = info.toJson();
    json.insert(QStringLiteral("epoch"), info.progress.value(QStringLiteral("epoch")).toInt());
    json.insert(QStringLiteral("status_url"), statusUrl(info.id));
    QJsonObject metrics;
    QString modelVersion = info.progress.value(QStringLiteral("model_version")).toString();
    if (info.runId > 0) {
        const RunStore runs(workspace);
        const RunInfo run = runs.get(info.runId);
        metrics = run.metrics;
        if (modelVersion.isEmpty())
            modelVersion = run.modelVersionRef;
        if (metrics.isEmpty()) {
            // Still training: the last finished epoch's validation figures.
            const QVector<EpochMetrics> epochs = runs.epochs(info.runId);
            if (!epochs.isEmpty()) {
                QJsonObject validation;
                for (auto it = epochs.last().val.cbegin(); it != epochs.last().val.cend(); ++it)
                    validation.insert(it.key(), it.value());
                metrics.insert(QStringLiteral("epoch"), epochs.last().epoch);
                metrics.insert(QStringLiteral("validation"), validation);
            }
        }
    }
    json.insert(QStringLiteral("metrics"), metrics);
    json.insert(QStringLiteral("model_version"), modelVersion.isEmpty() ? QJsonValue() : QJsonValue(modelVersion));
    return json;
}

// The jobs-table record, or the JobManager's snapshot when it runs the job (fresher: the table
// is written about once a second).
JobInfo current(const JobInfo& stored, JobManager* jobs)
{
    const TrainingJob* job = jobs ? jobs->job(stored.id) : nullptr;
    if (!job)
        return stored;
    JobInfo live = job->info();
    live.createdAt = stored.createdAt;
    live.updatedAt = stored.updatedAt;
    return live;
}

HttpResponse startTraining(const Workspace& workspace, JobManager* jobs, const HttpRequest& request)
{
    if (!jobs) {
        return HttpResponse::error(503, QStringLiteral("unavailable"),
                                   QStringLiteral("this server cannot train: it was started without a job manager "
                                                  "(train with modelbench-cli train, or serve with modelbench-cli serve)"));
    }
    const TrainRequest train = trainRequestOf(workspace, request);
    const QString id = jobs->startTraining(train);
    HttpResponse response = HttpResponse::json(QJsonObject{{QStringLiteral("job_id"), id}, {QStringLiteral("status_url"), statusUrl(id)}}, 202);
    response.setHeader("Location", statusUrl(id).toUtf8());
    return response;
}

HttpResponse listJobs(const Workspace& workspace, JobManager* jobs, const HttpRequest& request)
{
    int limit = kDefaultJobLimit;
    if (request.hasQuery(QStringLiteral("limit"))) {
        const QString text = request.queryValue(QStringLiteral("limit"));
        bool ok = false;
        limit = text.toInt(&ok);
        if (!ok || limit < 1 || limit > kMaxJobLimit)
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("limit: '%1' is not a number from 1 to %2").arg(text.left(40)).arg(kMaxJobLimit));
    }
    QJsonArray list;
    for (const JobInfo& stored : JobStore(workspace).list(limit))
        list.append(describe(current(stored, jobs), workspace));
    return HttpResponse::json(QJsonObject{{QStringLiteral("jobs"), list}});
}

HttpResponse showJob(const Workspace& workspace, JobManager* jobs, const HttpRequest& request)
{
    return HttpResponse::json(describe(current(JobStore(workspace).get(request.param(QStringLiteral("id"))), jobs), workspace));
}

HttpResponse cancelJob(const Workspace& workspace, JobManager* jobs, const HttpRequest& request)
{
    const QString id = request.param(QStringLiteral("id"));
    const JobInfo stored = JobStore(workspace).get(id);
    const JobInfo info = current(stored, jobs);
    if (isFinal(info.state))
        throw Error(ErrorCode::Conflict, QStringLiteral("job %1 has already ended (%2)").arg(id, toString(info.state)));
    if (!jobs || !jobs->job(id)) {
        throw Error(ErrorCode::Conflict, QStringLiteral("job %1 is %2 in another Modelbench process sharing this workspace; cancel it there")
                                             .arg(id, toString(info.state)));
    }
    if (!jobs->cancel(id))
        throw Error(ErrorCode::Conflict, QStringLiteral("job %1 has already ended (%2)").arg(id, toString(jobs->job(id)->state())));
    QJsonObject json = describe(current(stored, jobs), workspace);
    json.insert(QStringLiteral("cancel_requested"), true);
    return HttpResponse::json(json, 202);
}

}  // namespace

void JobEndpoints::addRoutes(Router& router, std::shared_ptr<const Workspace> workspace, JobManagerSource jobs)
{
    const auto describeRoute = [](Route& route, const QString& summary) {
        route.summary = summary;
        route.tag = QStringLiteral("jobs");
    };
    describeRoute(router.add("POST", QStringLiteral("/api/v1/train"),
                             [workspace, jobs](const HttpRequest& request) { return startTraining(*workspace, jobs(), request); },
                             RouteAccess::Admin),
                  QStringLiteral("Start a training job; answers its id and where to poll it"));
    describeRoute(router.add("GET", QStringLiteral("/api/v1/jobs"),
                             [workspace, jobs](const HttpRequest& request) { return listJobs(*workspace, jobs(), request); }),
                  QStringLiteral("Background jobs, newest first"));
    describeRoute(router.add("GET", QStringLiteral("/api/v1/jobs/{id}"),
                             [workspace, jobs](const HttpRequest& request) { return showJob(*workspace, jobs(), request); }),
                  QStringLiteral("A job's state, progress, metrics and error"));
    describeRoute(router.add("DELETE", QStringLiteral("/api/v1/jobs/{id}"),
                             [workspace, jobs](const HttpRequest& request) { return cancelJob(*workspace, jobs(), request); },
                             RouteAccess::Admin),
                  QStringLiteral("Cancel a running or queued job"));
}

}  // namespace mb::serve
