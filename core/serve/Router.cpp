#include "Router.h"

#include "Error.h"

#include <QRegularExpression>

namespace mb::serve {
namespace {

bool isParam(const QString& segment)
{
    return segment.size() > 2 && segment.startsWith(QLatin1Char('{')) && segment.endsWith(QLatin1Char('}'));
}

QStringList splitPath(const QString& path)
{
    QStringList segments = path.split(QLatin1Char('/'));
    segments.removeFirst();  // before the leading '/'
    if (segments.size() > 1 && segments.last().isEmpty())
        segments.removeLast();  // one trailing slash is forgiven
    return segments;
}

// -1 when `a` is the better match, 1 when `b` is, 0 when neither: the first segment where
// one is literal and the other a parameter decides.
int compareSpecificity(const Route& a, const Route& b)
{
    for (int i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
        const bool pa = isParam(a.segments.at(i));
        const bool pb = isParam(b.segments.at(i));
        if (pa != pb)
            return pa ? 1 : -1;
    }
    return 0;
}

}  // namespace

Route& Router::add(const QByteArray& method, const QString& pattern, Handler handler, RouteAccess access)
{
    return addAsync(method, pattern, [handler = std::move(handler)](const HttpRequest& request, const Responder& respond) {
        respond(handler(request));
    }, access);
}

Route& Router::addAsync(const QByteArray& method, const QString& pattern, AsyncHandler handler, RouteAccess access)
{
    static const QRegularExpression paramName(QStringLiteral("^\\{[A-Za-z_][A-Za-z0-9_]*\\}$"));
    if (!pattern.startsWith(QLatin1Char('/')))
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("route pattern '%1' must start with '/'").arg(pattern));
    Route route;
    route.method = method.toUpper();
    route.pattern = pattern;
    route.handler = std::move(handler);
    route.access = access;
    route.segments = splitPath(pattern);
    for (const QString& segment : std::as_const(route.segments)) {
        if ((segment.contains(QLatin1Char('{')) || segment.contains(QLatin1Char('}'))) && !paramName.match(segment).hasMatch())
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("route pattern '%1': '%2' is not a {parameter}").arg(pattern, segment));
    }
    for (const Route& other : m_routes) {
        if (other.method != route.method || other.segments.size() != route.segments.size())
            continue;
        bool same = true;
        for (int i = 0; i < route.segments.size() && same; ++i) {
            const bool p = isParam(route.segments.at(i));
            same = p ? isParam(other.segments.at(i)) : other.segments.at(i) == route.segments.at(i);
        }
        if (same)
            throw Error(ErrorCode::AlreadyExists, QStringLiteral("route %1 %2 is already taken by %3").arg(QString::fromLatin1(route.method), pattern, other.pattern));
    }
    m_routes.push_back(std::move(route));
    return m_routes.back();
}

void Router::use(Middleware middleware)
{
    m_middleware.append(std::move(middleware));
}

Router::Match Router::match(const QByteArray& method, const QString& path) const
{
    Match result;
    const QStringList segments = splitPath(path);
    const Route* best = nullptr;
    for (const Route& route : m_routes) {
        if (route.segments.size() != segments.size())
            continue;
        bool matches = true;
        for (int i = 0; i < segments.size() && matches; ++i) {
            const QString& expected = route.segments.at(i);
            matches = isParam(expected) ? !segments.at(i).isEmpty() : expected == segments.at(i);
        }
        if (!matches)
            continue;
        if (!result.allowed.contains(route.method))
            result.allowed.append(route.method);
        if (route.method != method)
            continue;
        if (!best || compareSpecificity(route, *best) < 0)
            best = &route;
    }
    if (best) {
        result.route = best;
        for (int i = 0; i < segments.size(); ++i) {
            const QString& expected = best->segments.at(i);
            if (isParam(expected))
                result.params.insert(expected.mid(1, expected.size() - 2), QString::fromUtf8(QByteArray::fromPercentEncoding(segments.at(i).toUtf8())));
        }
    }
    return result;
}

void Router::dispatch(HttpRequest& request, const Responder& respond) const
{
    try {
        Match found = match(request.method, request.path);
        if (!found.route) {
            if (found.allowed.isEmpty()) {
                respond(HttpResponse::error(ErrorCode::NotFound, QStringLiteral("no such endpoint: %1 %2").arg(QString::fromLatin1(request.method), request.path)));
                return;
            }
            HttpResponse refusal = HttpResponse::error(405, QStringLiteral("method_not_allowed"),
                                                       QStringLiteral("%1 is not allowed on %2; use %3")
                                                           .arg(QString::fromLatin1(request.method), request.path, QString::fromLatin1(found.allowed.join(", "))));
            refusal.setHeader("Allow", found.allowed.join(", "));
            respond(std::move(refusal));
            return;
        }
        request.route = found.route;
        request.pathParams = std::move(found.params);
        for (const Middleware& middleware : m_middleware) {
            if (!middleware.before)
                continue;
            if (std::optional<HttpResponse> answer = middleware.before(request)) {
                respond(std::move(*answer));
                return;
            }
        }
        request.route->handler(request, respond);
    } catch (const Error& error) {
        respond(HttpResponse::error(error));
    } catch (const std::exception& error) {
        respond(HttpResponse::error(ErrorCode::Internal, QStringLiteral("internal error: %1").arg(QString::fromLocal8Bit(error.what()))));
    }
}

void Router::complete(const HttpRequest& request, HttpResponse& response) const
{
    for (auto it = m_middleware.crbegin(); it != m_middleware.crend(); ++it) {
        if (it->after)
            it->after(request, response);
    }
}

}  // namespace mb::serve
