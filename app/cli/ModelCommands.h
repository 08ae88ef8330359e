#pragma once

namespace mb::cli {

class CliApp;

// `model list|versions|show|alias|unalias|delete|export|import`, `predict`, `evaluate`.
void addModelCommands(CliApp& app);

}  // namespace mb::cli
