#pragma once

#include "Error.h"

#include <QByteArray>

namespace mb::serve {

// How core errors reach HTTP clients: a status code and a JSON body
// {"error": {"code": "not_found", "message": "..."}}.
int httpStatusFor(ErrorCode code);
QByteArray errorBody(ErrorCode code, const QString& message);
inline QByteArray errorBody(const Error& error) { return errorBody(error.code(), error.message()); }

}  // namespace mb::serve
