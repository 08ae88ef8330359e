#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>

// Runs the real modelbench-cli binary (tests only).
struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    QJsonDocument document() const { return QJsonDocument::fromJson(out); }
};

// Starts modelbench-cli with `args` and MODELBENCH_WORKSPACE set to `envWorkspace`.
inline void startCli(QProcess& process, const QStringList& args, const QString& envWorkspace)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("MODELBENCH_WORKSPACE"), envWorkspace);
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(MB_CLI_PATH), args);
}

inline CliResult finishCli(QProcess& process)
{
    if (!process.waitForFinished(120000))
        qFatal("modelbench-cli did not finish");
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

// Runs modelbench-cli to its end with `input` on its standard input, then end of file.
inline CliResult runCli(const QStringList& args, const QString& envWorkspace, const QByteArray& input = {})
{
    QProcess process;
    startCli(process, args, envWorkspace);
    process.write(input);
    process.closeWriteChannel();
    return finishCli(process);
}

// Runs modelbench-cli on the workspace at `workspace`, named by --workspace. The environment
// names another folder, so a command that ignored the option would show.
inline CliResult runCliOn(const QString& workspace, QStringList args)
{
    args << QStringLiteral("--workspace") << workspace;
    return runCli(args, workspace + QStringLiteral("-unused"));
}
