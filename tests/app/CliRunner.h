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

inline CliResult runCli(const QStringList& args, const QString& envWorkspace)
{
    QProcess process;
    startCli(process, args, envWorkspace);
    return finishCli(process);
}
