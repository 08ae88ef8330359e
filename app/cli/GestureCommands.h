#pragma once

namespace mb::cli {

class CliApp;

// `gestures generate`.
void addGestureCommands(CliApp& app);

}  // namespace mb::cli
