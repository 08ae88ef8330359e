#pragma once

#include "Middleware.h"

#include <functional>
#include <memory>

namespace mb {
class Workspace;
}

namespace mb::serve {

// Checks API tokens against each route's RouteAccess. The token comes from
// "Authorization: Bearer <token>" or "X-API-Key: <token>". Public routes pass untouched;
// otherwise a missing, malformed, unknown, expired or revoked token is answered 401 with
// "WWW-Authenticate: Bearer", and a user-role token on an Admin route 403. An accepted
// request carries the principal in request.attributes (the attribute names below), for
// handlers that record who did what.
//
// The registry is read on the I/O thread (one indexed lookup; the token's last use is
// written at most once a minute). Thread-safe.
class AuthMiddleware {
public:
    static QString userAttribute() { return QStringLiteral("auth.user"); }        // QString
    static QString roleAttribute() { return QStringLiteral("auth.role"); }        // "admin" | "user"
    static QString tokenIdAttribute() { return QStringLiteral("auth.token_id"); } // qint64

    // `enabled` is asked on every request (the server's authRequired option): false lets
    // everything through.
    static Middleware create(std::shared_ptr<const Workspace> workspace, std::function<bool()> enabled);

    // The token a request presents, or empty. Throws Unauthorized for an Authorization
    // header with another scheme (Basic, say).
    static QString presentedToken(const HttpRequest& request);
};

}  // namespace mb::serve
