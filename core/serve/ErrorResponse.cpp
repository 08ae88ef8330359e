#include "ErrorResponse.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace mb::serve {

int httpStatusFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument: return 400;
    case ErrorCode::Unauthorized: return 401;
    case ErrorCode::Forbidden: return 403;
    case ErrorCode::NotFound: return 404;
    case ErrorCode::AlreadyExists: return 409;
    case ErrorCode::Conflict: return 409;
    case ErrorCode::Corrupt: return 422;
    case ErrorCode::Io: return 503;
    case ErrorCode::Internal: return 500;
    }
    return 500;
}

QByteArray errorBody(ErrorCode code, const QString& message)
{
    const QJsonObject error{{QStringLiteral("code"), errorCodeName(code)}, {QStringLiteral("message"), message}};
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact);
}

}  // namespace mb::serve
