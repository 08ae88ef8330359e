#pragma once

#include <QtGlobal>

#include <memory>

namespace mb {
class Workspace;
}

namespace mb::serve {

class LoginThrottle;
class Router;

// The login endpoint, Public:
//   POST /api/v1/token   {"username", "password", "expires_in": seconds (optional)}
//     200 {"access_token", "token_type": "bearer", "expires_in", "role"}
//     400 a missing or bad field, 401 a wrong name or password, 429 (with Retry-After)
//     after too many failures for the name or from the address (see LoginThrottle).
// Passwords are checked on a small pool of their own (argon2id takes a few tenths of a
// second and 64 MiB), never on an I/O thread. Successes and failures go to the audit log,
// with the name and the address but never the password or the token.
class AuthEndpoints {
public:
    static constexpr qint64 kDefaultLifetimeSeconds = 3600;
    static constexpr qint64 kMaxLifetimeSeconds = 30 * 24 * 3600;

    // `throttle` must outlive the router's use; it is shared with whoever owns the server.
    static void addRoutes(Router& router, std::shared_ptr<const Workspace> workspace, std::shared_ptr<LoginThrottle> throttle);
};

}  // namespace mb::serve
