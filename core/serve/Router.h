#pragma once

#include "Middleware.h"
#include "Route.h"

#include <QByteArrayList>
#include <QMap>

#include <deque>

namespace mb::serve {

// The route table: method + path pattern -> handler, plus the middleware chain around every
// routed request. dispatch() matches a request, runs the middleware and the handler, and
// turns what they throw into JSON errors (mb::Error -> its status; anything else -> 500);
// no match is a 404, a path matched with another method a 405 with an Allow header.
//
// When two patterns match, the one with a literal segment where the other has a parameter
// wins ("/models/{name}/versions" before "/models/{name}/{x}").
//
// Thread-safety: set up (add, use) before the server starts; then read-only, and dispatch()
// may run on every I/O thread at once. Routes keep their address (a deque), so a Route*
// stays valid for the router's life.
class Router {
public:
    struct Match {
        const Route* route = nullptr;
        QMap<QString, QString> params;   // decoded
        QByteArrayList allowed;          // methods of the routes whose path matched
    };

    // Adds a route; throws AlreadyExists for a method + pattern already there, and
    // InvalidArgument for a pattern that does not start with '/' or has a bad {param}.
    Route& add(const QByteArray& method, const QString& pattern, Handler handler, RouteAccess access = RouteAccess::User);
    Route& addAsync(const QByteArray& method, const QString& pattern, AsyncHandler handler, RouteAccess access = RouteAccess::User);
    void use(Middleware middleware);

    const std::deque<Route>& routes() const { return m_routes; }
    const QList<Middleware>& middleware() const { return m_middleware; }

    Match match(const QByteArray& method, const QString& path) const;
    // Sets request.route and request.pathParams, then answers through `respond` (now, or
    // later for asynchronous handlers).
    void dispatch(HttpRequest& request, const Responder& respond) const;
    // Runs the middleware's `after` hooks on a response (the connection calls it for every
    // response that dispatch() produced, just before writing it).
    void complete(const HttpRequest& request, HttpResponse& response) const;

private:
    QList<Middleware> m_middleware;
    std::deque<Route> m_routes;
};

}  // namespace mb::serve
