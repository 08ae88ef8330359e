#pragma once

#include "ModelVersionInfo.h"

#include <QString>

namespace mb::ui {

// A copyable shell command that asks the local API for a prediction of `version`, with a
// body shaped by its input signature: numbers as 0.0 placeholders, texts as sample words,
// an image read from a PNG file; with a bearer token when `auth` is on. Pure function.
QString curlExample(const ModelVersionInfo& version, const QString& baseUrl, bool auth);

}  // namespace mb::ui
