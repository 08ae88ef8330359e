#pragma once

namespace mb::cli {

class CliApp;

// `user add|list|remove`: the users who may log in to the local API.
void addUserCommands(CliApp& app);

}  // namespace mb::cli
