#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

namespace mb::cli {

class CliApp;

// `token create|list|revoke`: API tokens for the local API.
void addTokenCommands(CliApp& app);

// A token lifetime as `--expires-in` takes it: "30d", "12h", "45m", "3600s" or "3600"
// (seconds), or "never" (std::nullopt). Throws InvalidArgument naming the option for
// anything else, zero, or more than ten years.
std::optional<qint64> parseLifetime(const QString& text);

}  // namespace mb::cli
