#include "CliApp.h"

#include "CliContext.h"
#include "Error.h"
#include "ExitCode.h"
#include "RuntimeVersions.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>

namespace mb::cli {
namespace {

const QCommandLineOption kWorkspaceOption(QStringLiteral("workspace"),
                                          QStringLiteral("Workspace folder (default: $MODELBENCH_WORKSPACE, "
                                                         "else ~/.local/share/modelbench/workspace)."),
                                          QStringLiteral("DIR"));
const QCommandLineOption kJsonOption(QStringLiteral("json"), QStringLiteral("Print machine-readable JSON."));
const QCommandLineOption kHelpOption(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                     QStringLiteral("Show this help."));
const QCommandLineOption kVersionOption(QStringLiteral("version"), QStringLiteral("Show versions and exit."));

QString optionLine(const QCommandLineOption& option)
{
    QStringList names;
    for (const QString& name : option.names())
        names << (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
    QString left = names.join(QStringLiteral(", "));
    if (!option.valueName().isEmpty())
        left += QLatin1Char(' ') + option.valueName();
    QString description = option.description();
    if (!option.defaultValues().isEmpty())
        description += QStringLiteral(" [default: %1]").arg(option.defaultValues().join(QLatin1Char(',')));
    return QStringLiteral("  %1  %2\n").arg(left, -24).arg(description);
}

QString globalOptionsHelp()
{
    return QStringLiteral("Global options:\n") + optionLine(kWorkspaceOption) + optionLine(kJsonOption) +
           optionLine(kHelpOption);
}

// Finds the first two words that are not options (noun and verb). Only global options may
// come before them, so only --workspace consumes a following value.
QStringList leadingWords(const QStringList& args)
{
    QStringList words;
    for (int i = 0; i < args.size() && words.size() < 2; ++i) {
        const QString& arg = args.at(i);
        if (arg == QLatin1String("--workspace") || arg == QLatin1String("-workspace"))
            ++i;
        else if (arg == QLatin1String("--"))
            break;
        else if (!arg.startsWith(QLatin1Char('-')))
            words << arg;
    }
    return words;
}

}  // namespace

CliApp::CliApp(QString program, QTextStream& out, QTextStream& err)
    : m_program(std::move(program)), m_out(out), m_err(err)
{
}

void CliApp::addNoun(const QString& noun, const QString& summary)
{
    m_nouns.insert(noun, summary);
}

void CliApp::addCommand(CliCommand command)
{
    if (command.verb.isEmpty())
        m_nouns.insert(command.noun, command.summary);
    Q_ASSERT(m_nouns.contains(command.noun));
    m_commands << std::move(command);
}

const CliCommand* CliApp::find(const QString& noun, const QString& verb) const
{
    for (const CliCommand& command : m_commands) {
        if (command.noun == noun && command.verb == verb)
            return &command;
    }
    return nullptr;
}

QString CliApp::topHelp() const
{
    QString text = QStringLiteral("Usage: %1 [--workspace DIR] [--json] <command> <verb> [options] [arguments]\n\n"
                                  "Modelbench from the command line: the same workspace, data, training, registry\n"
                                  "and API as the desktop workbench, for scripts, servers and CI.\n\nCommands:\n")
                       .arg(m_program);
    for (auto it = m_nouns.cbegin(); it != m_nouns.cend(); ++it)
        text += QStringLiteral("  %1  %2\n").arg(it.key(), -12).arg(it.value());
    text += QLatin1Char('\n') + globalOptionsHelp() + optionLine(kVersionOption);
    text += QStringLiteral(
        "\nExit codes:\n"
        "  0  success\n"
        "  1  internal error (a bug; please report it with the message)\n"
        "  2  usage error: unknown command or option, missing argument\n"
        "  3  invalid or corrupt data (the message names the file, line and field)\n"
        "  4  not found: no such dataset, model, version or file\n"
        "  5  conflict: it exists already, or the current state forbids it\n"
        "  6  I/O error: the file system or the database failed\n"
        "  7  unauthorized: missing or bad credentials, or a role that does not allow it\n"
        "\nEnvironment:\n"
        "  MODELBENCH_WORKSPACE  workspace folder used when --workspace is not given\n"
        "\nRun '%1 <command> --help' for a command's verbs, '%1 <command> <verb> --help' for its options.\n")
                .arg(m_program);
    return text;
}

QString CliApp::nounHelp(const QString& noun) const
{
    QString text = QStringLiteral("Usage: %1 %2 <verb> [options]\n\n%3\n\nVerbs:\n").arg(m_program, noun, m_nouns.value(noun));
    for (const CliCommand& command : m_commands) {
        if (command.noun == noun)
            text += QStringLiteral("  %1  %2\n").arg(command.verb, -12).arg(command.summary);
    }
    text += QStringLiteral("\nRun '%1 %2 <verb> --help' for a verb's options.\n").arg(m_program, noun);
    return text;
}

QString CliApp::commandHelp(const CliCommand& command) const
{
    const QString name = command.verb.isEmpty() ? command.noun : command.noun + QLatin1Char(' ') + command.verb;
    QString usage = QStringLiteral("Usage: %1 %2 [options]").arg(m_program, name);
    for (const CliArgument& argument : command.arguments)
        usage += argument.required ? QStringLiteral(" <%1>").arg(argument.name) : QStringLiteral(" [%1]").arg(argument.name);
    QString text = usage + QStringLiteral("\n\n") + command.summary + QStringLiteral("\n");
    if (!command.description.isEmpty())
        text += QLatin1Char('\n') + command.description + QLatin1Char('\n');
    if (!command.arguments.isEmpty()) {
        text += QStringLiteral("\nArguments:\n");
        for (const CliArgument& argument : command.arguments)
            text += QStringLiteral("  %1  %2\n").arg(argument.name, -24).arg(argument.description);
    }
    if (!command.options.isEmpty()) {
        text += QStringLiteral("\nOptions:\n");
        for (const QCommandLineOption& option : command.options)
            text += optionLine(option);
    }
    return text + QLatin1Char('\n') + globalOptionsHelp();
}

int CliApp::usageError(const QString& message, const QString& hint)
{
    m_err << m_program << ": " << message << "\n" << hint << "\n";
    m_err.flush();
    return ExitUsage;
}

int CliApp::run(const QStringList& args)
{
    const QStringList words = leadingWords(args);
    const bool wantsHelp = args.contains(QLatin1String("--help")) || args.contains(QLatin1String("-h"));
    const QString topHint = QStringLiteral("Run '%1 --help' for the list of commands.").arg(m_program);

    if (words.isEmpty()) {
        if (args.contains(QLatin1String("--version"))) {
            m_out << RuntimeVersions::current().describe(m_program) << "\n";
            return ExitOk;
        }
        if (wantsHelp) {
            m_out << topHelp();
            return ExitOk;
        }
        m_err << topHelp();
        return ExitUsage;
    }
    const QString noun = words.at(0);
    if (!m_nouns.contains(noun))
        return usageError(QStringLiteral("unknown command '%1'").arg(noun), topHint);
    // A command registered with an empty verb is a single word: `modelbench-cli train DATA`.
    const CliCommand* direct = find(noun, QString());
    if (!direct && words.size() < 2) {
        (wantsHelp ? m_out : m_err) << nounHelp(noun);
        return wantsHelp ? ExitOk : ExitUsage;
    }
    const CliCommand* command = direct ? direct : find(noun, words.at(1));
    if (!command) {
        return usageError(QStringLiteral("'%1' has no verb '%2'").arg(noun, words.at(1)),
                          QStringLiteral("Run '%1 %2 --help' for its verbs.").arg(m_program, noun));
    }
    const QString name = direct ? noun : noun + QLatin1Char(' ') + command->verb;
    const QString commandHint = QStringLiteral("Run '%1 %2 --help' for its usage.").arg(m_program, name);

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions({kWorkspaceOption, kJsonOption, kHelpOption});
    parser.addOptions(command->options);
    if (!parser.parse(QStringList{m_program} + args))
        return usageError(parser.errorText(), commandHint);
    if (parser.isSet(kHelpOption)) {
        m_out << commandHelp(*command);
        return ExitOk;
    }
    QStringList positionals = parser.positionalArguments();
    positionals.removeFirst();  // noun
    if (!direct)
        positionals.removeFirst();  // verb
    int required = 0;
    for (const CliArgument& argument : command->arguments)
        required += argument.required ? 1 : 0;
    if (positionals.size() < required)
        return usageError(QStringLiteral("missing argument <%1>").arg(command->arguments.at(positionals.size()).name), commandHint);
    if (positionals.size() > command->arguments.size())
        return usageError(QStringLiteral("unexpected argument '%1'").arg(positionals.at(command->arguments.size())), commandHint);

    CliContext context(parser, positionals, m_out, m_err);
    try {
        const int code = command->run(context);
        m_out.flush();
        return code;
    } catch (const Error& error) {
        m_out.flush();
        if (context.json()) {
            const QJsonObject body{{QStringLiteral("code"), errorCodeName(error.code())},
                                   {QStringLiteral("message"), error.message()}};
            context.printJson(QJsonObject{{QStringLiteral("error"), body}});
        }
        m_err << m_program << ": error: " << error.message() << "\n";
        m_err.flush();
        return exitCodeFor(error.code());
    } catch (const std::exception& error) {
        m_err << m_program << ": internal error: " << error.what() << "\n";
        m_err.flush();
        return ExitInternal;
    }
}

}  // namespace mb::cli
