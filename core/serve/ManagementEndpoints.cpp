#include "ManagementEndpoints.h"

#include "AuthMiddleware.h"
#include "DatasetImporter.h"
#include "DatasetRows.h"
#include "DatasetWriter.h"
#include "Error.h"
#include "ModelRegistry.h"
#include "Router.h"
#include "Workspace.h"

#include <QBuffer>
#include <QJsonArray>

#include <cmath>

namespace mb::serve {
namespace {

// Who the audit log names for a change: the authenticated user when the auth middleware set
// one, else the API itself.
QString actorOf(const HttpRequest& request)
{
    // Set by the auth middleware when tokens are required; "api" when the server is open.
    const QString user = request.attributes.value(AuthMiddleware::userAttribute()).toString();
    return user.isEmpty() ? QStringLiteral("api") : user;
}

QJsonObject versionJson(const DatasetVersionInfo& info)
{
    return QJsonObject{{QStringLiteral("dataset"), info.dataset},
                       {QStringLiteral("version"), info.number},
                       {QStringLiteral("ref"), info.ref()},
                       {QStringLiteral("hash"), info.hash},
                       {QStringLiteral("parent"), info.parentNumber > 0 ? QJsonValue(info.parentNumber) : QJsonValue()},
                       {QStringLiteral("rows"), info.rows},
                       {QStringLiteral("columns"), info.columns},
                       {QStringLiteral("split"), info.metadata.value(QStringLiteral("split"))},
                       {QStringLiteral("created_at"), info.createdAt}};
}

QVector<QJsonObject> rowsFromJson(const HttpRequest& request)
{
    const QJsonValue body = request.jsonBody();
    const QJsonValue rows = body.toObject().value(QStringLiteral("rows"));
    if (!body.isObject() || !rows.isArray())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("rows: expected {\"rows\": [{\"column\": value, ...}, ...]}"));
    QVector<QJsonObject> objects;
    const QJsonArray array = rows.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject())
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("rows[%1]: expected an object of column: value").arg(i));
        objects << array.at(i).toObject();
    }
    return objects;
}

QVector<QJsonObject> rowsFromCsv(const HttpRequest& request)
{
    QByteArray body = request.body;
    QBuffer buffer(&body);
    buffer.open(QIODevice::ReadOnly);
    return DatasetRows::objectsFromCsv(buffer, QStringLiteral("request body"));
}

HttpResponse appendRows(const Workspace& workspace, const HttpRequest& request)
{
    const QString name = request.param(QStringLiteral("name"));
    DatasetWriter::checkName(name);
    const QByteArray type = request.contentType();
    const bool csv = type == "text/csv";
    if (!csv && !type.isEmpty() && type != "application/json") {
        return HttpResponse::error(415, QStringLiteral("unsupported_media_type"),
                                   QStringLiteral("Content-Type %1: send application/json ({\"rows\": [...]}) or text/csv").arg(QString::fromLatin1(type)));
    }
    const QVector<QJsonObject> rows = csv ? rowsFromCsv(request) : rowsFromJson(request);
    const QJsonObject source{{QStringLiteral("api"), QStringLiteral("POST %1").arg(request.path)},
                             {QStringLiteral("format"), csv ? QStringLiteral("csv") : QStringLiteral("json")}};
    const CommittedVersion committed = DatasetImporter(workspace).appendRows(name, rows, source);
    QJsonObject json = versionJson(committed.info);
    json.insert(QStringLiteral("created"), committed.created);
    json.insert(QStringLiteral("appended_rows"), rows.size());
    return HttpResponse::json(json, committed.created ? 201 : 200);
}

HttpResponse setAlias(const Workspace& workspace, const HttpRequest& request)
{
    const QString model = request.param(QStringLiteral("name"));
    const QString alias = request.param(QStringLiteral("alias"));
    ModelRegistry::checkAliasName(alias);
    const QJsonValue body = request.jsonBody();
    const QJsonValue version = body.toObject().value(QStringLiteral("version"));
    const double number = version.toDouble(-1);
    if (!body.isObject() || !version.isDouble() || number < 1 || number != std::floor(number))
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("version: expected {\"version\": N} with N a version number (1, 2, ...)"));
    const ModelVersionInfo target =
        ModelRegistry(workspace).setAlias(QStringLiteral("%1@%2").arg(model).arg(qint64(number)), alias, actorOf(request));
    return HttpResponse::json(QJsonObject{{QStringLiteral("model"), model},
                                          {QStringLiteral("alias"), alias},
                                          {QStringLiteral("version"), target.version},
                                          {QStringLiteral("ref"), target.ref()}});
}

HttpResponse removeAlias(const Workspace& workspace, const HttpRequest& request)
{
    const QString model = request.param(QStringLiteral("name"));
    const QString alias = request.param(QStringLiteral("alias"));
    ModelRegistry::checkAliasName(alias);
    const ModelRegistry registry(workspace);
    const ModelVersionInfo target = registry.resolve(QStringLiteral("%1@%2").arg(model, alias));
    registry.removeAlias(model, alias, actorOf(request));
    return HttpResponse::json(QJsonObject{{QStringLiteral("model"), model},
                                          {QStringLiteral("alias"), alias},
                                          {QStringLiteral("removed_from"), target.version}});
}

HttpResponse deleteVersion(const Workspace& workspace, const HttpRequest& request)
{
    const QString model = request.param(QStringLiteral("name"));
    const QString text = request.param(QStringLiteral("version"));
    bool ok = false;
    const int version = text.toInt(&ok);
    if (!ok || version < 1)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("version: '%1' is not a version number (1, 2, ...)").arg(text.left(40)));
    const QString ref = QStringLiteral("%1@%2").arg(model).arg(version);
    ModelRegistry(workspace).deleteVersion(ref, false, actorOf(request));
    return HttpResponse::json(QJsonObject{{QStringLiteral("deleted"), ref}});
}

}  // namespace

void ManagementEndpoints::addRoutes(Router& router, std::shared_ptr<const Workspace> workspace)
{
    const auto describe = [](Route& route, const QString& tag, const QString& summary) {
        route.summary = summary;
        route.tag = tag;
    };
    describe(router.add("POST", QStringLiteral("/api/v1/datasets/{name}/rows"),
                        [workspace](const HttpRequest& request) { return appendRows(*workspace, request); }, RouteAccess::Admin),
             QStringLiteral("datasets"), QStringLiteral("Append rows (JSON or CSV) as a new dataset version"));
    describe(router.add("PUT", QStringLiteral("/api/v1/models/{name}/aliases/{alias}"),
                        [workspace](const HttpRequest& request) { return setAlias(*workspace, request); }, RouteAccess::Admin),
             QStringLiteral("models"), QStringLiteral("Point an alias at a version"));
    describe(router.add("DELETE", QStringLiteral("/api/v1/models/{name}/aliases/{alias}"),
                        [workspace](const HttpRequest& request) { return removeAlias(*workspace, request); }, RouteAccess::Admin),
             QStringLiteral("models"), QStringLiteral("Remove an alias"));
    describe(router.add("DELETE", QStringLiteral("/api/v1/models/{name}/versions/{version}"),
                        [workspace](const HttpRequest& request) { return deleteVersion(*workspace, request); }, RouteAccess::Admin),
             QStringLiteral("models"), QStringLiteral("Delete a version no alias points at"));
}

}  // namespace mb::serve
