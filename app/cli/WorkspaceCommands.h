#pragma once

namespace mb::cli {

class CliApp;

// `workspace init|info|check`.
void addWorkspaceCommands(CliApp& app);

}  // namespace mb::cli
