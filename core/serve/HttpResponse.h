#pragma once

#include "Error.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace mb::serve {

// One HTTP response as handlers make it: status, content type, extra headers and body. The
// server adds Content-Length, Connection and Server. A plain value type.
struct HttpResponse {
    int status = 200;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // For error responses, the error's code name ("not_found", "payload_too_large"): the
    // label of modelbench_errors_total. Empty for successes.
    QString errorCode;

    static HttpResponse json(const QJsonObject& object, int status = 200);
    static HttpResponse json(const QJsonArray& array, int status = 200);
    static HttpResponse text(const QByteArray& body, const QByteArray& contentType = "text/plain; charset=utf-8", int status = 200);
    // {"error": {"code", "message"}} with the status core's code maps to.
    static HttpResponse error(const Error& error);
    static HttpResponse error(ErrorCode code, const QString& message);
    // The same shape for statuses that no core code stands for (413, 405, 503, ...).
    static HttpResponse error(int status, const QString& code, const QString& message);

    void setHeader(const QByteArray& name, const QByteArray& value);
};

}  // namespace mb::serve
