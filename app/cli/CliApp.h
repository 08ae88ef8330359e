#pragma once

#include "CliCommand.h"

#include <QList>
#include <QMap>
#include <QStringList>
#include <QTextStream>

namespace mb::cli {

// modelbench-cli's dispatcher: finds `<noun> <verb>` in the arguments, parses the global and
// the command's options, prints help at every level, runs the command and turns errors into
// exit codes (and, with --json, into {"error": {...}} on standard output).
class CliApp {
public:
    CliApp(QString program, QTextStream& out, QTextStream& err);

    void addNoun(const QString& noun, const QString& summary);
    void addCommand(CliCommand command);

    // `args` excludes the program name. Returns the process exit code.
    int run(const QStringList& args);

private:
    const CliCommand* find(const QString& noun, const QString& verb) const;
    QString topHelp() const;
    QString nounHelp(const QString& noun) const;
    QString commandHelp(const CliCommand& command) const;
    int usageError(const QString& message, const QString& hint);

    QString m_program;
    QTextStream& m_out;
    QTextStream& m_err;
    QMap<QString, QString> m_nouns;
    QList<CliCommand> m_commands;
};

}  // namespace mb::cli
