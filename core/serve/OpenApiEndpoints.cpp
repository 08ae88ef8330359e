#include "OpenApiEndpoints.h"

#include "Error.h"
#include "HttpServer.h"
#include "ModelRegistry.h"
#include "OpenApiDocument.h"
#include "Router.h"
#include "RuntimeVersions.h"
#include "SwaggerUiAssets.h"
#include "Workspace.h"

#include <QFile>

namespace mb::serve {
namespace {

// The version each model serves by default (its production alias, else its latest). A
// model that cannot be resolved right now is left out rather than failing the document.
QVector<ModelVersionInfo> servingVersions(const Workspace& workspace)
{
    const ModelRegistry registry(workspace);
    QVector<ModelVersionInfo> serving;
    for (const ModelSummary& summary : registry.list()) {
        try {
            serving.append(registry.resolve(summary.name));
        } catch (const Error&) {
        }
    }
    return serving;
}

HttpResponse assetsMissing(const QString& configured)
{
    return HttpResponse::error(503, QStringLiteral("docs_unavailable"),
        QStringLiteral("the Swagger UI files (%1) were not found in %2. Install them with "
                       "packaging/install-web-assets.sh "
                       "(it runs npm install swagger-ui-dist@5), or point the server's docs assets "
                       "directory at a copy.")
            .arg(SwaggerUiAssets::requiredFiles().join(QLatin1String(", ")),
                SwaggerUiAssets::searched(configured).join(QLatin1String(" or "))));
}

HttpResponse docsPage(const HttpServerOptions& options)
{
    if (!SwaggerUiAssets::locate(options.docsAssetsDir))
        return assetsMissing(options.docsAssetsDir);
    QFile page(QStringLiteral(":/docs/index.html"));
    if (!page.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::Internal,
            QStringLiteral("the docs page is missing from the program's resources"));
    return HttpResponse::text(page.readAll(), "text/html; charset=utf-8");
}

HttpResponse docsFile(const HttpServerOptions& options, const HttpRequest& request)
{
    const std::optional<QString> directory = SwaggerUiAssets::locate(options.docsAssetsDir);
    if (!directory)
        return assetsMissing(options.docsAssetsDir);
    const QString name = request.param(QStringLiteral("file"));
    const std::optional<SwaggerUiAssets::File> file = SwaggerUiAssets::read(*directory, name);
    if (!file)
        throw Error(ErrorCode::NotFound, QStringLiteral("no docs file '%1'").arg(name.left(80)));
    HttpResponse response = HttpResponse::text(file->content, file->contentType);
    response.setHeader("Cache-Control", "public, max-age=3600");
    response.setHeader("X-Content-Type-Options", "nosniff");
    return response;
}

}  // namespace

void OpenApiEndpoints::addRoutes(
    Router& router, std::shared_ptr<const Workspace> workspace, const HttpServerOptions& options)
{
    const HttpServerOptions* settings = &options;
    const Router* routes = &router;
    const QString version = RuntimeVersions::current().modelbench;
    Route& document = router.add(
        "GET", QStringLiteral("/openapi.json"),
        [workspace, settings, routes, version](const HttpRequest&) {
            OpenApiDocument::Options documentOptions;
            documentOptions.version = version;
            documentOptions.authRequired = settings->authRequired;
            return HttpResponse::json(OpenApiDocument::build(
                routes->routes(), servingVersions(*workspace), documentOptions));
        },
        RouteAccess::Public);
    document.summary = QStringLiteral("This API's OpenAPI 3.0.3 document");
    document.tag = QStringLiteral("docs");

    Route& page = router.add(
        "GET", QStringLiteral("/docs"),
        [settings](const HttpRequest&) { return docsPage(*settings); }, RouteAccess::Public);
    page.summary = QStringLiteral("Interactive API documentation (Swagger UI)");
    page.tag = QStringLiteral("docs");

    Route& files = router.add(
        "GET", QStringLiteral("/docs/{file}"),
        [settings](const HttpRequest& request) { return docsFile(*settings, request); },
        RouteAccess::Public);
    files.summary = QStringLiteral("A file of the Swagger UI page");
    files.tag = QStringLiteral("docs");
}

}  // namespace mb::serve
