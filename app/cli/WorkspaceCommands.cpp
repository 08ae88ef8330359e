#include "WorkspaceCommands.h"

#include "CliApp.h"
#include "CliContext.h"
#include "ExitCode.h"
#include "Workspace.h"
#include "WorkspaceCheck.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

namespace mb::cli {
namespace {

QJsonObject infoJson(const WorkspaceInfo& info)
{
    QJsonObject counts;
    for (auto it = info.counts.cbegin(); it != info.counts.cend(); ++it)
        counts.insert(it.key(), it.value());
    return QJsonObject{
        {QStringLiteral("path"), info.path},
        {QStringLiteral("registry"), info.registryPath},
        {QStringLiteral("created_at"), info.createdAt},
        {QStringLiteral("schema_version"), info.schemaVersion},
        {QStringLiteral("latest_schema_version"), info.latestSchemaVersion},
        {QStringLiteral("counts"), counts},
        {QStringLiteral("artifacts"), QJsonObject{{QStringLiteral("count"), info.artifactCount},
                                                  {QStringLiteral("bytes"), info.artifactBytes}}},
    };
}

void printInfo(CliContext& context, const WorkspaceInfo& info)
{
    QTextStream& out = context.out();
    const QLocale locale = QLocale::c();
    out << "Workspace:       " << info.path << "\n"
        << "Registry:        " << info.registryPath << "\n"
        << "Created:         " << info.createdAt << "\n"
        << "Schema version:  " << info.schemaVersion << " (this build: " << info.latestSchemaVersion << ")\n"
        << "Artifacts:       " << info.artifactCount << " (" << locale.formattedDataSize(info.artifactBytes) << ")\n";
    for (auto it = info.counts.cbegin(); it != info.counts.cend(); ++it)
        out << QStringLiteral("%1%2\n").arg(it.key() + QLatin1Char(':'), -17).arg(it.value());
}

int runInfo(CliContext& context)
{
    const WorkspaceInfo info = context.workspace()->info();
    if (context.json())
        context.printJson(infoJson(info));
    else
        printInfo(context, info);
    return ExitOk;
}

int runInit(CliContext& context)
{
    const auto workspace = context.workspace();
    if (context.json())
        context.printJson(QJsonObject{{QStringLiteral("path"), workspace->path()},
                                      {QStringLiteral("schema_version"), workspace->schemaVersion()}});
    else
        context.out() << "Workspace ready at " << workspace->path() << " (schema version " << workspace->schemaVersion() << ")\n";
    return ExitOk;
}

int runCheck(CliContext& context)
{
    const WorkspaceCheckReport report = checkWorkspace(*context.workspace());
    if (context.json()) {
        context.printJson(QJsonObject{{QStringLiteral("ok"), report.ok()},
                                      {QStringLiteral("artifacts_checked"), report.artifactsChecked},
                                      {QStringLiteral("corrupt_artifacts"), QJsonArray::fromStringList(report.corruptArtifacts)},
                                      {QStringLiteral("registry_problems"), QJsonArray::fromStringList(report.registryProblems)}});
    } else {
        QTextStream& out = context.out();
        out << "Checked " << report.artifactsChecked << " artifacts and the registry.\n";
        for (const QString& path : report.corruptArtifacts)
            out << "corrupt artifact: " << path << "\n";
        for (const QString& line : report.registryProblems)
            out << "registry problem: " << line << "\n";
        out << (report.ok() ? "The workspace is sound.\n" : "The workspace has problems (see above).\n");
    }
    return report.ok() ? ExitOk : ExitData;
}

}  // namespace

void addWorkspaceCommands(CliApp& app)
{
    app.addNoun(QStringLiteral("workspace"), QStringLiteral("The workspace folder: registry and artifacts."));
    app.addCommand({QStringLiteral("workspace"), QStringLiteral("init"),
                    QStringLiteral("Create the workspace (or bring an existing one up to date)."),
                    QStringLiteral("Any command creates its workspace on first use; init does only that."),
                    {}, {}, runInit});
    app.addCommand({QStringLiteral("workspace"), QStringLiteral("info"),
                    QStringLiteral("Show the workspace's path, schema version and what it holds."), {}, {}, {}, runInfo});
    app.addCommand({QStringLiteral("workspace"), QStringLiteral("check"),
                    QStringLiteral("Re-hash every artifact and check the registry's integrity."),
                    QStringLiteral("Exits with 3 when an artifact or the registry is damaged."), {}, {}, runCheck});
}

}  // namespace mb::cli
