#pragma once

#include <QString>

namespace mb::cli {

class CliContext;

// Reads the password of a new user. With `fromStdin`, the first line of standard input
// (for scripts: `echo "$PW" | modelbench-cli user add NAME --password-stdin`); otherwise
// it is asked twice on the terminal with echo off. Throws InvalidArgument when standard
// input is not a terminal and `fromStdin` is false, when the two entries differ, or when
// the password breaks UserStore's rules. Never prints the password.
QString readNewPassword(CliContext& context, bool fromStdin);

}  // namespace mb::cli
