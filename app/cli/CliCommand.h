#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QString>

#include <functional>

namespace mb::cli {

class CliContext;

struct CliArgument {
    QString name;         // shown as <name>
    QString description;
    bool required = true;
};

// One `modelbench-cli <noun> <verb>` command: its help, its options and what it runs.
// `run` returns an exit code, or throws mb::Error, which the CLI turns into one.
struct CliCommand {
    QString noun;
    QString verb;
    QString summary;      // one line, shown in the noun's list of verbs
    QString description;  // a paragraph, shown in the verb's --help (may be empty)
    QList<CliArgument> arguments;
    QList<QCommandLineOption> options;
    std::function<int(CliContext&)> run;
};

}  // namespace mb::cli
