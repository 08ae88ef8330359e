#pragma once

#include <QCommandLineParser>
#include <QJsonValue>
#include <QStringList>
#include <QTextStream>

#include <memory>

namespace mb {
class Workspace;
}

namespace mb::cli {

// What a command's run() sees: its parsed options and arguments, the output streams, and
// the workspace (opened on first use). One per command invocation, on the main thread.
class CliContext {
public:
    CliContext(const QCommandLineParser& parser, QStringList arguments, QTextStream& out, QTextStream& err);
    ~CliContext();

    bool json() const;
    bool isSet(const QString& option) const { return m_parser.isSet(option); }
    QString value(const QString& option) const { return m_parser.value(option); }
    QStringList values(const QString& option) const { return m_parser.values(option); }
    // The command's positional arguments (noun and verb removed).
    const QStringList& arguments() const { return m_arguments; }
    QString argument(int index) const { return m_arguments.value(index); }

    // The workspace named by --workspace, $MODELBENCH_WORKSPACE or the default folder.
    std::shared_ptr<Workspace> workspace();

    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }
    // Writes an indented JSON document and a newline to standard output.
    void printJson(const QJsonValue& value);

private:
    const QCommandLineParser& m_parser;
    QStringList m_arguments;
    QTextStream& m_out;
    QTextStream& m_err;
    std::shared_ptr<Workspace> m_workspace;
};

}  // namespace mb::cli
