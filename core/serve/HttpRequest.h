#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QVariantMap>

#include <chrono>

namespace mb::serve {

struct Route;

// One HTTP request as handlers see it: plain Qt values, no Boost types. The server fills the
// transport fields, the router adds the matched route and its path parameters, middleware may
// add attributes (the authenticated user, say). A value type; its members are implicitly
// shared, so copying one (to keep it in an asynchronous handler) is cheap.
struct HttpRequest {
    QByteArray method;                                // "GET", "POST", ... (as sent, upper case)
    QByteArray target;                                // the raw request target: "/a/b?x=1"
    QString path;                                     // the target's path, still percent-encoded
    QList<QPair<QString, QString>> query;             // decoded, in order ('+' is a space)
    QList<QPair<QByteArray, QByteArray>> headers;     // names in lower case, in order
    QByteArray body;
    QMap<QString, QString> pathParams;                // decoded {param} values of the route
    const Route* route = nullptr;                     // set by the router; null when none matched
    QString remoteAddress;
    QVariantMap attributes;                           // set by middleware
    std::chrono::steady_clock::time_point received{};

    // Splits `target` into `path` and `query`.
    void setTarget(const QByteArray& target);

    QString param(const QString& name) const { return pathParams.value(name); }
    bool hasQuery(const QString& name) const;
    // The first value of a query parameter, or `fallback` when absent.
    QString queryValue(const QString& name, const QString& fallback = {}) const;
    // The first value of a header (case-insensitive), or empty.
    QByteArray header(const QByteArray& name) const;
    // The media type of Content-Type, lower case, without parameters ("application/json").
    QByteArray contentType() const;
    // The body parsed as JSON. Throws InvalidArgument ("malformed JSON at byte 12: ...") when
    // it is not, or when it is empty.
    QJsonValue jsonBody() const;
};

}  // namespace mb::serve
