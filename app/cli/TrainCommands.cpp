#include "TrainCommands.h"

#include "CliApp.h"
#include "CliContext.h"
#include "DatasetCatalog.h"
#include "Error.h"
#include "ExitCode.h"
#include "GridSearch.h"
#include "ModelPresenter.h"
#include "RunStore.h"
#include "TrainConfig.h"
#include "Trainer.h"
#include "TrainingProgress.h"
#include "Workspace.h"

#include <QFile>
#include <QJsonArray>

#include <csignal>
#include <unistd.h>

namespace mb::cli {
namespace {

std::atomic_bool g_interrupted{false};

// Ctrl-C stops training between batches and keeps the best model so far out of the
// registry, like any cancelled run; a second Ctrl-C ends the process.
void onInterrupt(int)
{
    if (g_interrupted.exchange(true))
        std::_Exit(130);
}

QString readConfig(const QString& path)
{
    if (path.isEmpty())
        return {};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::NotFound, QStringLiteral("cannot read config %1: %2").arg(path, file.errorString()));
    return QString::fromUtf8(file.readAll());
}

int runTrain(CliContext& context)
{
    TrainRequest request;
    request.dataset = context.argument(0);
    request.configSource = context.value(QStringLiteral("config"));
    request.configYaml = readConfig(request.configSource);
    if (request.configSource.isEmpty())
        request.configSource = QStringLiteral("config");
    request.overrides = context.values(QStringLiteral("set"));
    request.modelName = context.value(QStringLiteral("model-name"));
    request.force = context.isSet(QStringLiteral("force"));
    const auto workspace = context.workspace();

    if (context.isSet(QStringLiteral("show-config"))) {
        const DatasetVersionInfo info = DatasetCatalog(*workspace).resolve(request.dataset);
        context.out() << TrainConfig::resolve(request.configYaml, info.kind, info.labelKind, request.overrides, request.configSource).toYaml();
        return ExitOk;
    }
    const DatasetVersionInfo info = DatasetCatalog(*workspace).resolve(request.dataset);
    const QString metric = TrainConfig::resolve(request.configYaml, info.kind, info.labelKind, request.overrides, request.configSource).selectionMetric;

    TrainingProgress progress(context.err(), !context.json() && isatty(STDERR_FILENO), metric);
    std::signal(SIGINT, onInterrupt);
    const TrainOutcome outcome = Trainer(*workspace).train(request, context.json() ? nullptr : &progress, &g_interrupted);
    std::signal(SIGINT, SIG_DFL);

    if (context.json()) {
        context.printJson(QJsonObject{{QStringLiteral("cached"), outcome.cached},
                                      {QStringLiteral("run"), ModelPresenter::toJson(outcome.run)},
                                      {QStringLiteral("model_version"), outcome.version.id > 0 ? QJsonValue(outcome.version.toJson()) : QJsonValue()}});
        return outcome.run.state == QLatin1String("cancelled") ? ExitConflict : ExitOk;
    }
    QTextStream& out = context.out();
    if (outcome.run.state == QLatin1String("cancelled")) {
        out << "Cancelled run " << outcome.run.id << " after " << outcome.history.size() << " epochs; nothing was registered.\n";
        return ExitConflict;
    }
    if (outcome.cached) {
        out << "cached: run " << outcome.run.id << " already trained " << outcome.run.datasetRef << " with this config -> "
            << outcome.version.ref() << " (use --force to train again)\n";
    } else {
        out << "Trained " << outcome.run.datasetRef << " -> " << outcome.version.ref() << " (run " << outcome.run.id << ", best epoch "
            << outcome.run.bestEpoch << " of " << outcome.run.epochsRun << ", " << QString::number(outcome.run.durationSeconds, 'f', 1) << " s"
            << (outcome.run.prepCached ? ", data preparation cached" : "") << ")\n";
    }
    ModelPresenter::printMetrics(out, outcome.version.metrics);
    return ExitOk;
}

int runRunsList(CliContext& context)
{
    const QVector<RunInfo> runs = RunStore(*context.workspace()).list();
    if (context.json()) {
        QJsonArray list;
        for (const RunInfo& run : runs)
            list.append(ModelPresenter::toJson(run));
        context.printJson(list);
        return ExitOk;
    }
    QTextStream& out = context.out();
    out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n").arg(QStringLiteral("RUN"), 5).arg(QStringLiteral("DATASET"), -24).arg(QStringLiteral("MODEL"), -6)
               .arg(QStringLiteral("STATE"), -10).arg(QStringLiteral("EPOCHS"), 7).arg(QStringLiteral("SECONDS"), 8).arg(QStringLiteral("PREP"), -8)
               .arg(QStringLiteral("VERSION"));
    for (const RunInfo& run : runs) {
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n").arg(run.id, 5).arg(run.datasetRef, -24).arg(run.modelType, -6).arg(run.state, -10)
                   .arg(QStringLiteral("%1/%2").arg(run.bestEpoch).arg(run.epochsRun), 7).arg(run.durationSeconds, 8, 'f', 1)
                   .arg(run.prepCached ? QStringLiteral("cached") : QStringLiteral("-"), -8).arg(run.modelVersionRef);
    }
    return ExitOk;
}

int runRunsShow(CliContext& context)
{
    bool ok = false;
    const qint64 id = context.argument(0).toLongLong(&ok);
    if (!ok)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("'%1' is not a run number").arg(context.argument(0)));
    const RunStore runs(*context.workspace());
    const RunInfo run = runs.get(id);
    const QVector<EpochMetrics> epochs = runs.epochs(id);
    if (context.json()) {
        QJsonArray history;
        for (const EpochMetrics& e : epochs) {
            QJsonObject val;
            for (auto it = e.val.cbegin(); it != e.val.cend(); ++it)
                val.insert(it.key(), it.value());
            history.append(QJsonObject{{QStringLiteral("epoch"), e.epoch}, {QStringLiteral("train_loss"), e.trainLoss},
                                       {QStringLiteral("val_loss"), e.valLoss}, {QStringLiteral("val"), val},
                                       {QStringLiteral("seconds"), e.seconds}, {QStringLiteral("samples_per_second"), e.samplesPerSecond},
                                       {QStringLiteral("lr"), e.lr}});
        }
        QJsonObject json = ModelPresenter::toJson(run);
        json.insert(QStringLiteral("epochs"), history);
        context.printJson(json);
        return ExitOk;
    }
    QTextStream& out = context.out();
    out << "Run " << run.id << ": " << run.modelType << " on " << run.datasetRef << ", " << run.state;
    if (!run.modelVersionRef.isEmpty())
        out << " -> " << run.modelVersionRef;
    out << "\n  best epoch " << run.bestEpoch << " of " << run.epochsRun << ", " << QString::number(run.durationSeconds, 'f', 1) << " s\n"
        << "  prep cached: " << (run.prepCached ? "yes" : "no") << "\n";
    if (!run.error.isEmpty())
        out << "  error: " << run.error << "\n";
    ModelPresenter::printMetrics(out, run.metrics);
    out << "\nConfig:\n" << run.config;
    return ExitOk;
}

int runSearch(CliContext& context)
{
    GridSearchRequest request;
    request.dataset = context.argument(0);
    request.gridSource = context.value(QStringLiteral("grid"));
    if (request.gridSource.isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("--grid FILE is required: a YAML file mapping config keys to lists of values"));
    request.gridYaml = readConfig(request.gridSource);
    request.configYaml = readConfig(context.value(QStringLiteral("config")));
    request.modelName = context.value(QStringLiteral("model-name"));
    request.force = context.isSet(QStringLiteral("force"));
    const bool human = !context.json();
    std::signal(SIGINT, onInterrupt);
    const GridSearchOutcome outcome = GridSearch(*context.workspace()).run(
        request, nullptr,
        [&](int index, int count, const QStringList& overrides) {
            if (human)
                context.err() << QStringLiteral("[%1/%2] %3 ... ").arg(index + 1).arg(count).arg(overrides.join(QLatin1String(" "))) << Qt::flush;
        },
        [&](const GridTrial& trial) {
            if (human)
                context.err() << (trial.cached ? "cached, " : "") << "score " << QString::number(trial.score, 'f', 4) << " ("
                              << QString::number(trial.run.durationSeconds, 'f', 1) << " s)\n" << Qt::flush;
        },
        &g_interrupted);
    std::signal(SIGINT, SIG_DFL);

    if (context.json()) {
        QJsonArray trials;
        for (const GridTrial& trial : outcome.trials) {
            QJsonObject validation;
            for (auto it = trial.validation.cbegin(); it != trial.validation.cend(); ++it)
                validation.insert(it.key(), it.value());
            trials.append(QJsonObject{{QStringLiteral("overrides"), QJsonArray::fromStringList(trial.overrides)},
                                      {QStringLiteral("score"), trial.score}, {QStringLiteral("cached"), trial.cached},
                                      {QStringLiteral("validation"), validation}, {QStringLiteral("run"), trial.run.id}});
        }
        context.printJson(QJsonObject{{QStringLiteral("metric"), outcome.metric}, {QStringLiteral("trials"), trials},
                                      {QStringLiteral("best"), outcome.best.toJson()}});
        return ExitOk;
    }
    QTextStream& out = context.out();
    out << QStringLiteral("\n%1 %2 %3 %4  %5\n").arg(QStringLiteral("RANK"), 4).arg(QStringLiteral("VAL ") + outcome.metric.toUpper(), 14)
               .arg(QStringLiteral("RUN"), 5).arg(QStringLiteral("EPOCHS"), 7).arg(QStringLiteral("SETTINGS"));
    int rank = 1;
    for (const GridTrial& trial : outcome.trials) {
        const double shown = outcome.metric == QLatin1String("loss") ? -trial.score : trial.score;
        out << QStringLiteral("%1 %2 %3 %4  %5\n").arg(rank++, 4).arg(shown, 14, 'f', 4).arg(trial.run.id, 5)
                   .arg(QStringLiteral("%1/%2").arg(trial.run.bestEpoch).arg(trial.run.epochsRun), 7).arg(trial.overrides.join(QLatin1String("  ")));
    }
    out << "\nRegistered the best: " << outcome.best.ref() << "\n";
    ModelPresenter::printMetrics(out, outcome.best.metrics);
    return ExitOk;
}

}  // namespace

void addTrainCommands(CliApp& app)
{
    app.addCommand({QStringLiteral("train"), QString(),
                    QStringLiteral("Train a model on a dataset version and register it."),
                    QStringLiteral("The workload's defaults suit most data; a YAML config (--config) or --set KEY=VALUE\n"
                                   "change them. The resolved config is stored with the run: training the same dataset\n"
                                   "version with the same config again reuses the result ('cached') unless --force.\n"
                                   "The best epoch by the selection metric (validation macro F1 by default) is kept;\n"
                                   "with refit: true (the text default) a fresh model then trains that many epochs on\n"
                                   "the training and validation rows together, and that model is kept.\n"
                                   "Ctrl-C stops between batches and registers nothing.\n\n"
                                   "Examples:\n"
                                   "  modelbench-cli train wine\n"
                                   "  modelbench-cli train debian-catalog --set epochs=5 --set text.dim=100\n"
                                   "  modelbench-cli train gestures-images --config params.yaml --model-name gesture-cnn\n"
                                   "  modelbench-cli train wine --show-config > params.yaml"),
                    {{QStringLiteral("dataset"), QStringLiteral("NAME (latest version) or NAME@VERSION")}},
                    {QCommandLineOption(QStringLiteral("config"), QStringLiteral("YAML config file (keys as in --show-config)."), QStringLiteral("FILE")),
                     QCommandLineOption(QStringLiteral("set"), QStringLiteral("Override one config key, e.g. lr=0.01 or mlp.hidden=[64]; repeatable."), QStringLiteral("KEY=VALUE")),
                     QCommandLineOption(QStringLiteral("model-name"), QStringLiteral("Registry name of the model (default: the dataset's name)."), QStringLiteral("NAME")),
                     QCommandLineOption(QStringLiteral("force"), QStringLiteral("Train even if an identical run exists.")),
                     QCommandLineOption(QStringLiteral("show-config"), QStringLiteral("Print the resolved config and exit."))},
                    runTrain});

    app.addCommand({QStringLiteral("search"), QString(), QStringLiteral("Grid search: train every combination of a grid, register the best."),
                    QStringLiteral("The grid is YAML mapping config keys to lists of values to try, e.g.\n"
                                   "  lr: [0.001, 0.003, 0.01]\n"
                                   "  mlp:\n"
                                   "    hidden: [[64], [128, 64]]\n"
                                   "Combinations run one after the other, each as a run; a combination that ran\n"
                                   "before is reused (cached) instead of trained again. The table is sorted by the\n"
                                   "selection metric on validation; only the best combination's model is registered.\n"
                                   "Combinations train without a refit; when the config refits (the text default),\n"
                                   "the best combination then trains once more with it, and that model is registered.\n"
                                   "Ctrl-C stops the search and registers nothing (exit code 5)."),
                    {{QStringLiteral("dataset"), QStringLiteral("NAME or NAME@VERSION")}},
                    {QCommandLineOption(QStringLiteral("grid"), QStringLiteral("YAML grid file."), QStringLiteral("FILE")),
                     QCommandLineOption(QStringLiteral("config"), QStringLiteral("Base YAML config for every combination."), QStringLiteral("FILE")),
                     QCommandLineOption(QStringLiteral("model-name"), QStringLiteral("Registry name of the best model."), QStringLiteral("NAME")),
                     QCommandLineOption(QStringLiteral("force"), QStringLiteral("Train every combination again, even those that ran before."))},
                    runSearch});

    app.addNoun(QStringLiteral("runs"), QStringLiteral("Training runs and their per-epoch metrics."));
    app.addCommand({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("List the runs, newest first."), {}, {}, {}, runRunsList});
    app.addCommand({QStringLiteral("runs"), QStringLiteral("show"), QStringLiteral("Show a run: metrics, config and (--json) every epoch."), {},
                    {{QStringLiteral("run"), QStringLiteral("Run number")}}, {}, runRunsShow});
}

}  // namespace mb::cli
