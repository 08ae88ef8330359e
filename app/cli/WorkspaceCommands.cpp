#include "WorkspaceCommands.h"

#include "CliApp.h"
#include "CliContext.h"
#include "Error.h"
#include "ExitCode.h"
#include "PreparationStore.h"
#include "Workspace.h"
#include "WorkspaceCheck.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

namespace mb::cli {
namespace {

QJsonObject cacheJson(qint64 entries, qint64 bytes)
{
    return QJsonObject{{QStringLiteral("entries"), entries}, {QStringLiteral("bytes"), bytes}};
}

QString cacheText(qint64 entries, qint64 bytes)
{
    return QStringLiteral("%1 %2 (%3)").arg(entries).arg(entries == 1 ? QStringLiteral("preparation") : QStringLiteral("preparations"))
        .arg(QLocale::c().formattedDataSize(bytes));
}

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
        {QStringLiteral("preparation_cache"), cacheJson(info.preparationCount, info.preparationBytes)},
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
        << "Artifacts:       " << info.artifactCount << " (" << locale.formattedDataSize(info.artifactBytes) << ")\n"
        << "Prep cache:      " << cacheText(info.preparationCount, info.preparationBytes) << "\n";
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
                                      {QStringLiteral("registry_problems"), QJsonArray::fromStringList(report.registryProblems)},
                                      {QStringLiteral("preparation_cache"),
                                       QJsonObject{{QStringLiteral("entries"), report.cachedPreparations},
                                                   {QStringLiteral("bytes"), report.cachedPreparationBytes},
                                                   {QStringLiteral("missing"), QJsonArray::fromStringList(report.missingPreparations)}}}});
    } else {
        QTextStream& out = context.out();
        out << "Checked " << report.artifactsChecked << " artifacts and the registry.\n";
        out << "Preparation cache: " << cacheText(report.cachedPreparations, report.cachedPreparationBytes)
            << " (workspace prune-cache frees them)\n";
        if (!report.missingPreparations.isEmpty())
            out << report.missingPreparations.size() << " cached preparations lost their artifact; training prepares their data again.\n";
        for (const QString& path : report.corruptArtifacts)
            out << "corrupt artifact: " << path << "\n";
        for (const QString& line : report.registryProblems)
            out << "registry problem: " << line << "\n";
        out << (report.ok() ? "The workspace is sound.\n" : "The workspace has problems (see above).\n");
    }
    return report.ok() ? ExitOk : ExitData;
}

int runPruneCache(CliContext& context)
{
    const QString text = context.value(QStringLiteral("unused-days"));
    bool ok = false;
    const int days = text.toInt(&ok);
    if (!ok || days < 0)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("--unused-days: '%1' is not a whole number of days (0 or more)").arg(text));
    const PreparationStore store(*context.workspace());
    const PreparationCacheStats removed = store.prune(days);
    const PreparationCacheStats left = store.stats();
    if (context.json()) {
        context.printJson(QJsonObject{{QStringLiteral("unused_days"), days},
                                      {QStringLiteral("removed"), cacheJson(removed.entries, removed.bytes)},
                                      {QStringLiteral("left"), cacheJson(left.entries, left.bytes)}});
    } else {
        context.out() << "Removed " << cacheText(removed.entries, removed.bytes) << " not used in the last " << days << " days; "
                      << cacheText(left.entries, left.bytes) << " left.\n";
    }
    return ExitOk;
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
    app.addCommand({QStringLiteral("workspace"), QStringLiteral("prune-cache"),
                    QStringLiteral("Remove cached data preparations not used for a while."),
                    QStringLiteral("Training keeps each data preparation (tokenised text, decoded images, fitted scaler)\n"
                                   "so that a run changing only training settings does not prepare the data again.\n"
                                   "This removes the preparations no training used in the last --unused-days days\n"
                                   "(0: all of them); a later training prepares its data again when needed."),
                    {},
                    {QCommandLineOption(QStringLiteral("unused-days"), QStringLiteral("Keep what was used in the last DAYS days (default 30)."),
                                        QStringLiteral("DAYS"), QStringLiteral("30"))},
                    runPruneCache});
}

}  // namespace mb::cli
