#include "HttpRequest.h"

#include "Error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace mb::serve {
namespace {

QString decodeQueryPart(QByteArray part)
{
    part.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(part));
}

}  // namespace

void HttpRequest::setTarget(const QByteArray& rawTarget)
{
    target = rawTarget;
    const qsizetype mark = rawTarget.indexOf('?');
    const QByteArray rawPath = mark < 0 ? rawTarget : rawTarget.left(mark);
    path = QString::fromUtf8(rawPath);
    query.clear();
    if (mark < 0)
        return;
    const QByteArray rawQuery = rawTarget.mid(mark + 1);
    for (const QByteArray& item : rawQuery.split('&')) {
        if (item.isEmpty())
            continue;
        const qsizetype eq = item.indexOf('=');
        query.append({decodeQueryPart(eq < 0 ? item : item.left(eq)), eq < 0 ? QString() : decodeQueryPart(item.mid(eq + 1))});
    }
}

bool HttpRequest::hasQuery(const QString& name) const
{
    for (const auto& item : query) {
        if (item.first == name)
            return true;
    }
    return false;
}

QString HttpRequest::queryValue(const QString& name, const QString& fallback) const
{
    for (const auto& item : query) {
        if (item.first == name)
            return item.second;
    }
    return fallback;
}

QByteArray HttpRequest::header(const QByteArray& name) const
{
    const QByteArray lower = name.toLower();
    for (const auto& item : headers) {
        if (item.first == lower)
            return item.second;
    }
    return {};
}

QByteArray HttpRequest::contentType() const
{
    QByteArray type = header("content-type");
    const qsizetype semicolon = type.indexOf(';');
    if (semicolon >= 0)
        type.truncate(semicolon);
    return type.trimmed().toLower();
}

QJsonValue HttpRequest::jsonBody() const
{
    if (body.trimmed().isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("the request body is empty; send a JSON document"));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("malformed JSON at byte %1: %2").arg(error.offset).arg(error.errorString()));
    if (document.isArray())
        return document.array();
    return document.object();
}

}  // namespace mb::serve
