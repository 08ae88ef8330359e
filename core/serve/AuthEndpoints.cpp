#include "AuthEndpoints.h"

#include "Error.h"
#include "LoginThrottle.h"
#include "Router.h"
#include "TokenStore.h"
#include "UserStore.h"
#include "Workspace.h"

#include <QJsonObject>
#include <QThreadPool>

#include <cmath>

namespace mb::serve {
namespace {

const QString kActor = QStringLiteral("api");
constexpr int kMaxUserNameLength = 64;

// At most two password checks at once: each takes 64 MiB for a few tenths of a second.
// Process-wide rather than per server, so that no server's teardown can wait on itself from
// one of these threads.
class LoginPool : public QThreadPool {
public:
    LoginPool() { setMaxThreadCount(2); }
};
Q_GLOBAL_STATIC(LoginPool, loginPool)

struct LoginRequest {
    QString username;
    QString password;
    qint64 lifetimeSeconds = AuthEndpoints::kDefaultLifetimeSeconds;
};

QString requiredString(const QJsonObject& body, const QString& field, int maxLength)
{
    const QJsonValue value = body.value(field);
    if (value.isUndefined() || value.isNull())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: it is missing").arg(field));
    if (!value.isString())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: it must be a string").arg(field));
    const QString text = value.toString();
    if (text.isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: it is empty").arg(field));
    if (text.size() > maxLength)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: it may have at most %2 characters").arg(field).arg(maxLength));
    return text;
}

LoginRequest parseLogin(const HttpRequest& request)
{
    const QJsonValue json = request.jsonBody();
    if (!json.isObject())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("the body must be a JSON object {\"username\", \"password\", \"expires_in\"}"));
    const QJsonObject body = json.toObject();
    LoginRequest login;
    login.username = requiredString(body, QStringLiteral("username"), kMaxUserNameLength);
    login.password = requiredString(body, QStringLiteral("password"), UserStore::kMaxPasswordLength);
    const QJsonValue expiresIn = body.value(QStringLiteral("expires_in"));
    if (!expiresIn.isUndefined() && !expiresIn.isNull()) {
        const double seconds = expiresIn.toDouble(-1);
        if (!expiresIn.isDouble() || seconds != std::floor(seconds) || seconds < 1 || seconds > double(AuthEndpoints::kMaxLifetimeSeconds))
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("expires_in: it must be a whole number of seconds from 1 to %1 (30 days)")
                                                        .arg(AuthEndpoints::kMaxLifetimeSeconds));
        login.lifetimeSeconds = qint64(seconds);
    }
    return login;
}

// On a LoginPool thread: checks the password and makes the token.
HttpResponse logIn(const Workspace& workspace, LoginThrottle& throttle, const LoginRequest& login, const QString& address)
{
    UserInfo user;
    try {
        user = UserStore(workspace).verifyPassword(login.username, login.password);
    } catch (const Error& error) {
        if (error.code() == ErrorCode::Unauthorized)
            workspace.audit(kActor, QStringLiteral("login.failed"), QStringLiteral("user:%1").arg(login.username), QStringLiteral("from %1").arg(address));
        throw;
    }
    throttle.succeeded(login.username, address);
    NewToken request;
    request.user = user.name;
    request.name = QStringLiteral("login from %1").arg(address);
    request.lifetimeSeconds = login.lifetimeSeconds;
    const CreatedToken created = TokenStore(workspace).create(request, kActor);
    HttpResponse response = HttpResponse::json(QJsonObject{{QStringLiteral("access_token"), created.secret},
                                                           {QStringLiteral("token_type"), QStringLiteral("bearer")},
                                                           {QStringLiteral("expires_in"), login.lifetimeSeconds},
                                                           {QStringLiteral("role"), toString(created.info.role)}});
    response.setHeader("Cache-Control", "no-store");
    return response;
}

}  // namespace

void AuthEndpoints::addRoutes(Router& router, std::shared_ptr<const Workspace> workspace, std::shared_ptr<LoginThrottle> throttle)
{
    Route& token = router.addAsync("POST", QStringLiteral("/api/v1/token"),
                                   [workspace, throttle](const HttpRequest& request, const Responder& respond) {
                                       const LoginRequest login = parseLogin(request);
                                       const QString address = request.remoteAddress;
                                       if (const int wait = throttle->admit(login.username, address)) {
                                           HttpResponse refusal = HttpResponse::error(
                                               429, QStringLiteral("too_many_requests"),
                                               QStringLiteral("too many failed logins for this user or from this address; try again in %1 s").arg(wait));
                                           refusal.setHeader("Retry-After", QByteArray::number(wait));
                                           respond(std::move(refusal));
                                           return;
                                       }
                                       loginPool()->start([workspace, throttle, login, address, respond] {
                                           HttpResponse response;
                                           try {
                                               response = logIn(*workspace, *throttle, login, address);
                                           } catch (const Error& error) {
                                               response = HttpResponse::error(error);
                                               if (error.code() == ErrorCode::Unauthorized)
                                                   response.setHeader("WWW-Authenticate", "Bearer realm=\"modelbench\"");
                                           } catch (const std::exception& error) {
                                               response = HttpResponse::error(ErrorCode::Internal, QStringLiteral("internal error: %1").arg(QString::fromLocal8Bit(error.what())));
                                           }
                                           // Pool threads come and go: do not leave a registry connection behind.
                                           workspace->releaseThreadConnection();
                                           respond(std::move(response));
                                       });
                                   },
                                   RouteAccess::Public);
    token.summary = QStringLiteral("Log in with a user name and password; answers a bearer token");
    token.tag = QStringLiteral("auth");
}

}  // namespace mb::serve
