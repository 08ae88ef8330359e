#pragma once

namespace mb::cli {

class CliApp;

// `train`, `runs list|show`.
void addTrainCommands(CliApp& app);

}  // namespace mb::cli
