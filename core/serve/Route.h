#pragma once

#include "HttpRequest.h"
#include "HttpResponse.h"
#include "Responder.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>

namespace mb::serve {

// Who may call a route once authentication is on (the auth middleware reads it; with auth
// off everything is open). Health, metrics and docs are Public.
enum class RouteAccess {
    Public,  // no token needed
    User,    // any valid token
    Admin,   // a token with the admin role (mutating endpoints)
};

// A handler that answers before returning. Runs on an I/O thread: it may read the registry,
// but must not run a forward pass or anything else slow. Throw mb::Error for failures.
using Handler = std::function<HttpResponse(const HttpRequest& request)>;
// A handler that answers through `respond`, possibly later and from another thread. The
// request reference is valid during the call only: copy what the later work needs.
using AsyncHandler = std::function<void(const HttpRequest& request, const Responder& respond)>;

// One entry of the route table. `pattern` is a path of '/'-separated segments, each literal
// or a parameter "{name}" matching one non-empty segment: "/api/v1/models/{name}/predict".
struct Route {
    QByteArray method;             // "GET", "POST", "PUT", "DELETE", ...
    QString pattern;
    AsyncHandler handler;
    RouteAccess access = RouteAccess::User;
    QString summary;               // one line, for the OpenAPI document
    QString tag;                   // group name, for the OpenAPI document ("models", "health")
    QStringList segments;          // `pattern` split at '/', filled by the router
};

}  // namespace mb::serve
