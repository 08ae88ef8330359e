#include "GestureCommands.h"

#include "CliApp.h"
#include "CliContext.h"
#include "DatasetPresenter.h"
#include "Error.h"
#include "ExitCode.h"
#include "GestureDatasets.h"
#include "OptionValues.h"
#include "Workspace.h"

namespace mb::cli {
namespace {

int runGenerate(CliContext& context)
{
    GestureDatasetOptions options;
    bool ok = false;
    options.perClass = context.value(QStringLiteral("per-class")).toInt(&ok);
    if (!ok)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("--per-class: '%1' is not a whole number").arg(context.value(QStringLiteral("per-class"))));
    options.seed = context.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("--seed: '%1' is not a non-negative integer").arg(context.value(QStringLiteral("seed"))));
    options.imageName = context.value(QStringLiteral("image-name"));
    options.featureName = context.value(QStringLiteral("trajectory-name"));
    options.split = options::split(context, QStringLiteral("split-seed"));
    if (!context.json())
        context.err() << "Drawing " << options.perClass * 16 << " gestures (16 classes)...\n";
    const GestureDatasetsResult result = GestureDatasets(*context.workspace()).generate(options);
    if (context.json()) {
        QJsonObject images = DatasetPresenter::toJson(result.images.info);
        images.insert(QStringLiteral("created"), result.images.created);
        QJsonObject trajectories = DatasetPresenter::toJson(result.trajectories.info);
        trajectories.insert(QStringLiteral("created"), result.trajectories.created);
        context.printJson(QJsonObject{{QStringLiteral("images"), images}, {QStringLiteral("trajectories"), trajectories}});
        return ExitOk;
    }
    for (const CommittedVersion* version : {&result.images, &result.trajectories}) {
        context.out() << (version->created ? "Generated " : "Unchanged: ") << version->info.ref() << "\n";
        DatasetPresenter::printSummary(context.out(), version->info);
    }
    return ExitOk;
}

}  // namespace

void addGestureCommands(CliApp& app)
{
    app.addNoun(QStringLiteral("gestures"), QStringLiteral("Synthetic pen gestures: demo data that needs no download."));
    QList<QCommandLineOption> generateOptions = {
        QCommandLineOption(QStringLiteral("per-class"), QStringLiteral("Samples per gesture class."), QStringLiteral("N"), QStringLiteral("100")),
        QCommandLineOption(QStringLiteral("seed"), QStringLiteral("Seed of the drawing (scale, rotation, speed, jitter)."), QStringLiteral("S"), QStringLiteral("1")),
        QCommandLineOption(QStringLiteral("image-name"), QStringLiteral("Name of the 28x28 image dataset."), QStringLiteral("NAME"), QStringLiteral("gestures-images")),
        QCommandLineOption(QStringLiteral("trajectory-name"), QStringLiteral("Name of the trajectory-feature dataset."), QStringLiteral("NAME"), QStringLiteral("gestures-trajectories"))};
    generateOptions << options::splitting(QStringLiteral("split-seed"));
    app.addCommand({QStringLiteral("gestures"), QStringLiteral("generate"),
                    QStringLiteral("Draw the 16 classic unistroke gestures as an image and a trajectory dataset."),
                    QStringLiteral("Classes: triangle, x, rectangle, circle, check, caret, zig-zag, arrow,\n"
                                   "left/right square bracket, v, delete, left/right curly brace, star, pigtail.\n"
                                   "Each sample is drawn with random scale, rotation, aspect, speed and jitter, and\n"
                                   "becomes a 28x28 image and 161 trajectory features; both datasets share the split.\n"
                                   "The same options always give the same versions."),
                    {}, generateOptions, runGenerate});
}

}  // namespace mb::cli
