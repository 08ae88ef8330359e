#include "HttpResponse.h"

#include "ErrorResponse.h"

#include <QJsonDocument>

namespace mb::serve {

HttpResponse HttpResponse::json(const QJsonObject& object, int status)
{
    HttpResponse response;
    response.status = status;
    response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse HttpResponse::json(const QJsonArray& array, int status)
{
    HttpResponse response;
    response.status = status;
    response.body = QJsonDocument(array).toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse HttpResponse::text(const QByteArray& body, const QByteArray& contentType, int status)
{
    HttpResponse response;
    response.status = status;
    response.contentType = contentType;
    response.body = body;
    return response;
}

HttpResponse HttpResponse::error(const Error& error)
{
    return HttpResponse::error(error.code(), error.message());
}

HttpResponse HttpResponse::error(ErrorCode code, const QString& message)
{
    HttpResponse response;
    response.status = httpStatusFor(code);
    response.body = errorBody(code, message);
    response.errorCode = errorCodeName(code);
    return response;
}

HttpResponse HttpResponse::error(int status, const QString& code, const QString& message)
{
    const QJsonObject error{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    HttpResponse response = json(QJsonObject{{QStringLiteral("error"), error}}, status);
    response.errorCode = code;
    return response;
}

void HttpResponse::setHeader(const QByteArray& name, const QByteArray& value)
{
    for (auto& header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0) {
            header.second = value;
            return;
        }
    }
    headers.append({name, value});
}

}  // namespace mb::serve
