#pragma once

namespace mb::cli {

class CliApp;

// `dataset import|append|list|versions|show|export`.
void addDatasetCommands(CliApp& app);

}  // namespace mb::cli
