#pragma once

namespace mb::cli {

class CliApp;

// `serve`: the local HTTP API on the workspace's models.
void addServeCommands(CliApp& app);

}  // namespace mb::cli
