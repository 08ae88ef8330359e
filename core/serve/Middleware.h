#pragma once

#include "HttpRequest.h"
#include "HttpResponse.h"

#include <QString>

#include <functional>
#include <optional>

namespace mb::serve {

// A step around every routed request (authentication, rate limits, CORS, ...). Both hooks
// run on the connection's I/O thread; either may be empty. Middleware runs in the order it
// was added for `before`, in reverse order for `after`.
struct Middleware {
    QString name;
    // Runs after the route matched (request.route and pathParams are set), before the
    // handler. Return a response to answer at once (the handler is not called), or
    // std::nullopt to go on. May add request.attributes for the handler. May throw mb::Error.
    std::function<std::optional<HttpResponse>(HttpRequest& request)> before;
    // Runs on every response the router gives (also refusals and errors; request.route is
    // null for a 404 or 405) before it is written: add headers, say.
    std::function<void(const HttpRequest& request, HttpResponse& response)> after;
};

}  // namespace mb::serve
