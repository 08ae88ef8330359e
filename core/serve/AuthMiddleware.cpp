#include "AuthMiddleware.h"

#include "Error.h"
#include "Route.h"
#include "TokenStore.h"
#include "Workspace.h"

namespace mb::serve {
namespace {

// RFC 6750: a 401 names the scheme; error="invalid_token" once a token was presented.
HttpResponse unauthorized(const QString& message, bool tokenPresented)
{
    HttpResponse response = HttpResponse::error(ErrorCode::Unauthorized, message);
    response.setHeader("WWW-Authenticate", tokenPresented ? QByteArrayLiteral("Bearer realm=\"modelbench\", error=\"invalid_token\"")
                                                          : QByteArrayLiteral("Bearer realm=\"modelbench\""));
    return response;
}

}  // namespace

QString AuthMiddleware::presentedToken(const HttpRequest& request)
{
    const QByteArray authorization = request.header("authorization").trimmed();
    if (!authorization.isEmpty()) {
        const int space = authorization.indexOf(' ');
        const QByteArray scheme = authorization.left(space);
        if (space < 0 || scheme.compare("Bearer", Qt::CaseInsensitive) != 0)
            throw Error(ErrorCode::Unauthorized, QStringLiteral("the Authorization header must be 'Bearer <token>'"));
        return QString::fromLatin1(authorization.mid(space + 1).trimmed());
    }
    return QString::fromLatin1(request.header("x-api-key").trimmed());
}

Middleware AuthMiddleware::create(std::shared_ptr<const Workspace> workspace, std::function<bool()> enabled)
{
    Middleware middleware;
    middleware.name = QStringLiteral("auth");
    middleware.before = [workspace = std::move(workspace), enabled = std::move(enabled)](HttpRequest& request) -> std::optional<HttpResponse> {
        if (!enabled() || !request.route || request.route->access == RouteAccess::Public)
            return std::nullopt;
        QString token;
        try {
            token = presentedToken(request);
        } catch (const Error& error) {
            return unauthorized(error.message(), true);
        }
        if (token.isEmpty())
            return unauthorized(QStringLiteral("this endpoint needs an API token: send 'Authorization: Bearer <token>' "
                                               "(POST /api/v1/token gives one)"),
                                false);
        Principal principal;
        try {
            principal = TokenStore(*workspace).authenticate(token);
        } catch (const Error& error) {
            if (error.code() != ErrorCode::Unauthorized)
                throw;
            return unauthorized(error.message(), true);
        }
        if (request.route->access == RouteAccess::Admin && principal.role != UserRole::Admin)
            return HttpResponse::error(ErrorCode::Forbidden, QStringLiteral("%1 %2 needs an admin token; this one has the user role")
                                                                 .arg(QString::fromLatin1(request.method), request.route->pattern));
        request.attributes.insert(userAttribute(), principal.user);
        request.attributes.insert(roleAttribute(), toString(principal.role));
        request.attributes.insert(tokenIdAttribute(), principal.tokenId);
        return std::nullopt;
    };
    return middleware;
}

}  // namespace mb::serve
