#include "Error.h"

namespace mb {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument: return QStringLiteral("invalid_argument");
    case ErrorCode::NotFound: return QStringLiteral("not_found");
    case ErrorCode::AlreadyExists: return QStringLiteral("already_exists");
    case ErrorCode::Conflict: return QStringLiteral("conflict");
    case ErrorCode::Io: return QStringLiteral("io");
    case ErrorCode::Corrupt: return QStringLiteral("corrupt");
    case ErrorCode::Unauthorized: return QStringLiteral("unauthorized");
    case ErrorCode::Forbidden: return QStringLiteral("forbidden");
    case ErrorCode::Internal: return QStringLiteral("internal");
    }
    return QStringLiteral("internal");
}

Error::Error(ErrorCode code, QString message)
    : m_code(code), m_message(std::move(message)), m_what(m_message.toStdString())
{
}

}  // namespace mb
