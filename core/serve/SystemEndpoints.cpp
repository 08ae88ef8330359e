#include "SystemEndpoints.h"

#include "Router.h"

#include <QJsonObject>

namespace mb::serve {

void SystemEndpoints::addRoutes(Router& router, std::function<HttpResponse()> ready, std::function<QByteArray()> scrape)
{
    Route& live = router.add("GET", QStringLiteral("/health/live"), [](const HttpRequest&) {
        return HttpResponse::json(QJsonObject{{QStringLiteral("status"), QStringLiteral("live")}});
    }, RouteAccess::Public);
    live.summary = QStringLiteral("Liveness: the process serves");
    live.tag = QStringLiteral("health");

    Route& readiness = router.add("GET", QStringLiteral("/health/ready"), [ready = std::move(ready)](const HttpRequest&) { return ready(); },
                                  RouteAccess::Public);
    readiness.summary = QStringLiteral("Readiness: the registry answers and the server is not stopping");
    readiness.tag = QStringLiteral("health");

    Route& metrics = router.add("GET", QStringLiteral("/metrics"), [scrape = std::move(scrape)](const HttpRequest&) {
        return HttpResponse::text(scrape(), "text/plain; version=0.0.4; charset=utf-8");
    }, RouteAccess::Public);
    metrics.summary = QStringLiteral("Prometheus metrics");
    metrics.tag = QStringLiteral("health");
}

}  // namespace mb::serve
