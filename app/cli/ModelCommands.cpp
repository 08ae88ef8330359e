#include "ModelCommands.h"

#include "CliApp.h"
#include "CliContext.h"
#include "CsvInstances.h"
#include "Error.h"
#include "ExitCode.h"
#include "ImageImporter.h"
#include "ModelBundleFiles.h"
#include "ModelEvaluator.h"
#include "ModelPresenter.h"
#include "ModelRegistry.h"
#include "PredictionCsv.h"
#include "Predictor.h"
#include "Workspace.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace mb::cli {
namespace {

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(QFileInfo::exists(path) ? ErrorCode::Io : ErrorCode::NotFound, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    return file.readAll();
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        throw Error(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
}

int runList(CliContext& context)
{
    const QVector<ModelSummary> models = ModelRegistry(*context.workspace()).list();
    if (context.json()) {
        QJsonArray list;
        for (const ModelSummary& m : models) {
            list.append(QJsonObject{{QStringLiteral("name"), m.name}, {QStringLiteral("task"), m.task}, {QStringLiteral("versions"), m.versions},
                                    {QStringLiteral("latest"), m.latest}, {QStringLiteral("aliases"), QJsonArray::fromStringList(m.aliases)},
                                    {QStringLiteral("updated_at"), m.updatedAt}});
        }
        context.printJson(list);
        return ExitOk;
    }
    if (models.isEmpty()) {
        context.out() << "No models yet. Train one with: modelbench-cli train DATASET\n";
        return ExitOk;
    }
    context.out() << QStringLiteral("%1 %2 %3 %4 %5\n").arg(QStringLiteral("NAME"), -28).arg(QStringLiteral("TASK"), -15)
                         .arg(QStringLiteral("VERSIONS"), 8).arg(QStringLiteral("LATEST"), 6).arg(QStringLiteral("ALIASES"));
    for (const ModelSummary& m : models) {
        context.out() << QStringLiteral("%1 %2 %3 %4 %5\n").arg(m.name, -28).arg(m.task, -15).arg(m.versions, 8).arg(m.latest, 6)
                             .arg(m.aliases.join(QLatin1String(", ")));
    }
    return ExitOk;
}

int runVersions(CliContext& context)
{
    const QVector<ModelVersionInfo> versions = ModelRegistry(*context.workspace()).versions(context.argument(0));
    if (context.json()) {
        QJsonArray list;
        for (const ModelVersionInfo& v : versions)
            list.append(v.toJson());
        context.printJson(list);
        return ExitOk;
    }
    for (const ModelVersionInfo& v : versions) {
        const QJsonObject test = v.metrics.value(QStringLiteral("test")).toObject();
        context.out() << QStringLiteral("%1 %2 %3 %4  %5\n").arg(v.ref(), -24).arg(v.modelType, -6).arg(v.datasetRef, -24)
                             .arg(v.aliases.join(QLatin1String(",")), -12).arg(test.isEmpty() ? QString() : QStringLiteral("test: ") + ModelPresenter::scoreLine(test));
    }
    return ExitOk;
}

int runShow(CliContext& context)
{
    const ModelVersionInfo v = ModelRegistry(*context.workspace()).resolve(context.argument(0));
    if (context.json()) {
        context.printJson(v.toJson());
        return ExitOk;
    }
    QTextStream& out = context.out();
    out << v.ref() << "  (" << v.task << ", " << v.modelType << ")\n";
    out << "  aliases:  " << (v.aliases.isEmpty() ? QStringLiteral("-") : v.aliases.join(QLatin1String(", "))) << "\n";
    out << "  dataset:  " << (v.datasetRef.isEmpty() ? QStringLiteral("- (imported)") : v.datasetRef) << "\n";
    if (v.runId > 0)
        out << "  run:      " << v.runId << "\n";
    out << "  bundle:   " << v.bundle << "\n  created:  " << v.createdAt << "\n";
    QStringList inputs;
    for (const QJsonValue& input : v.signature.value(QStringLiteral("inputs")).toArray())
        inputs << input.toObject().value(QStringLiteral("name")).toString() + QLatin1Char(':') + input.toObject().value(QStringLiteral("type")).toString();
    out << "  inputs:   " << (inputs.size() > 12 ? inputs.mid(0, 12).join(QLatin1String(", ")) + QStringLiteral(", ... (%1 in all)").arg(inputs.size())
                                                 : inputs.join(QLatin1String(", "))) << "\n";
    const QJsonArray labels = v.signature.value(QStringLiteral("labels")).toArray();
    if (!labels.isEmpty())
        out << "  labels:   " << labels.size() << "\n";
    ModelPresenter::printMetrics(out, v.metrics);
    return ExitOk;
}

int runAlias(CliContext& context)
{
    const ModelRegistry registry(*context.workspace());
    if (context.isSet(QStringLiteral("remove"))) {
        const ModelVersionInfo target = registry.resolve(context.argument(0));
        registry.removeAlias(target.model, context.argument(1), QStringLiteral("cli"));
        context.out() << "Removed alias " << context.argument(1) << " of " << target.model << "\n";
        return ExitOk;
    }
    const ModelVersionInfo v = registry.setAlias(context.argument(0), context.argument(1), QStringLiteral("cli"));
    if (context.json())
        context.printJson(v.toJson());
    else
        context.out() << v.model << "@" << context.argument(1) << " -> " << v.ref() << "\n";
    return ExitOk;
}

int runDelete(CliContext& context)
{
    const ModelRegistry registry(*context.workspace());
    const ModelVersionInfo v = registry.resolve(context.argument(0));
    registry.deleteVersion(v.ref(), context.isSet(QStringLiteral("force")), QStringLiteral("cli"));
    context.out() << "Deleted " << v.ref() << "\n";
    return ExitOk;
}

int runExport(CliContext& context)
{
    const ModelRegistry registry(*context.workspace());
    const ModelVersionInfo v = registry.resolve(context.argument(0));
    const bool torchScript = context.isSet(QStringLiteral("torchscript"));
    const QString output = !context.value(QStringLiteral("output")).isEmpty() ? context.value(QStringLiteral("output"))
                           : torchScript ? QStringLiteral("%1-%2.pt").arg(v.model).arg(v.version)
                                         : QStringLiteral("%1-%2.mbundle").arg(v.model).arg(v.version);
    if (!torchScript) {
        ModelBundleFiles(*context.workspace()).exportBundle(v.ref(), output);
        context.out() << "Wrote " << v.ref() << " to " << output << "\n";
        return ExitOk;
    }
    const QJsonObject signature = ModelBundleFiles(*context.workspace()).exportTorchScript(v.ref(), output);
    context.out() << "Wrote " << v.ref() << " as TorchScript to " << output << " (signature: " << ModelBundleFiles::signaturePath(output) << ")\n"
                  << "  forward(" << signature.value(QStringLiteral("forward")).toString() << ")\n";
    return ExitOk;
}

int runImport(CliContext& context)
{
    const QString path = context.argument(0);
    QByteArray bytes = readFile(path);
    const QString signaturePath = context.value(QStringLiteral("signature"));
    if (!signaturePath.isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument signature = QJsonDocument::fromJson(readFile(signaturePath), &parseError);
        if (parseError.error != QJsonParseError::NoError || !signature.isObject())
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: not a JSON object (%2 at offset %3)").arg(signaturePath, parseError.errorString()).arg(parseError.offset));
        bytes = Predictor::bundleFromTorchScript(bytes, signature.object(), path);
    }
    const ModelVersionInfo v = ModelBundleFiles(*context.workspace()).importBytes(bytes, path, context.value(QStringLiteral("name")), QStringLiteral("cli"));
    if (context.json())
        context.printJson(v.toJson());
    else
        context.out() << "Imported " << path << " as " << v.ref() << "\n";
    return ExitOk;
}

int runPredict(CliContext& context)
{
    const ModelRegistry registry(*context.workspace());
    const ModelVersionInfo v = registry.resolve(context.argument(0));
    const auto predictor = Predictor::fromBundle(registry.bundleBytes(v), v.ref());
    const QString input = context.argument(1);
    bool ok = false;
    const int topK = context.value(QStringLiteral("top-k")).toInt(&ok);
    if (!ok || topK < 1)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("--top-k: '%1' is not a positive number").arg(context.value(QStringLiteral("top-k"))));

    QStringList columns;
    QVector<QStringList> rows;
    QVector<Prediction> predictions;
    if (QFileInfo(input).isDir()) {
        const QJsonArray inputs = predictor->inputs();
        const QString imageInput = inputs.first().toObject().value(QStringLiteral("name")).toString();
        if (inputs.size() != 1 || inputs.first().toObject().value(QStringLiteral("type")).toString() != QLatin1String("image"))
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1 does not read images; give a CSV file").arg(v.ref()));
        QStringList files;
        QDirIterator it(input, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            if (ImageImporter::isImageFileName(file))
                files << file;
        }
        files.sort();
        columns << QStringLiteral("path");
        QVector<Instance> instances;
        for (const QString& file : std::as_const(files)) {
            instances << Instance{{imageInput, readFile(file)}};
            rows << QStringList{QDir(input).relativeFilePath(file)};
        }
        predictions = predictor->predict(instances, topK);
    } else {
        QFile file(input);
        if (!file.open(QIODevice::ReadOnly))
            throw Error(ErrorCode::NotFound, QStringLiteral("cannot read %1: %2").arg(input, file.errorString()));
        const CsvInstances csv = CsvInstances::read(file, predictor->inputs(), QFileInfo(input).fileName());
        columns = csv.columns;
        rows = csv.rows;
        predictions = predictor->predict(csv.instances, topK);
    }
    const bool regression = predictor->task() == QLatin1String("regression");
    const QByteArray csv = PredictionCsv::csv(columns, rows, predictions, regression, regression ? 0 : std::min<int>(topK, predictor->labels().size()));
    const QString output = context.value(QStringLiteral("output"));
    if (output.isEmpty() || output == QLatin1String("-"))
        context.out() << QString::fromUtf8(csv);
    else
        writeFile(output, csv);
    if (!output.isEmpty() && output != QLatin1String("-"))
        context.err() << "Predicted " << rows.size() << " rows with " << v.ref() << " into " << output << "\n";
    return ExitOk;
}

int runEvaluate(CliContext& context)
{
    const EvaluationOutcome outcome = ModelEvaluator(*context.workspace()).evaluate(context.argument(0), context.argument(1), context.value(QStringLiteral("split")));
    if (context.json()) {
        QJsonObject json{{QStringLiteral("model"), outcome.model}, {QStringLiteral("dataset"), outcome.dataset},
                         {QStringLiteral("split"), outcome.split}, {QStringLiteral("rows"), outcome.predictions.size()},
                         {QStringLiteral("report"), outcome.report}};
        if (!outcome.caution.isEmpty())
            json.insert(QStringLiteral("caution"), outcome.caution);
        context.printJson(json);
        return ExitOk;
    }
    QTextStream& out = context.out();
    out << outcome.model << " on " << outcome.dataset << " (" << outcome.split << ", " << outcome.predictions.size() << " rows)\n";
    out << "  " << ModelPresenter::scoreLine(outcome.report) << "\n";
    if (!outcome.caution.isEmpty())
        out << "  note: " << outcome.caution << "\n";
    const QJsonArray perClass = outcome.report.value(QStringLiteral("per_class")).toArray();
    if (!perClass.isEmpty()) {
        out << QStringLiteral("\n  %1 %2 %3 %4 %5\n").arg(QStringLiteral("class"), -24).arg(QStringLiteral("precision"), 9)
                   .arg(QStringLiteral("recall"), 9).arg(QStringLiteral("f1"), 9).arg(QStringLiteral("support"), 8);
        for (const QJsonValue& value : perClass) {
            const QJsonObject c = value.toObject();
            out << QStringLiteral("  %1 %2 %3 %4 %5\n").arg(c.value(QStringLiteral("label")).toString(), -24)
                       .arg(c.value(QStringLiteral("precision")).toDouble(), 9, 'f', 4).arg(c.value(QStringLiteral("recall")).toDouble(), 9, 'f', 4)
                       .arg(c.value(QStringLiteral("f1")).toDouble(), 9, 'f', 4).arg(c.value(QStringLiteral("support")).toInteger(), 8);
        }
    }
    return ExitOk;
}

}  // namespace

void addModelCommands(CliApp& app)
{
    const CliArgument ref{QStringLiteral("model"), QStringLiteral("NAME (production alias, else latest), NAME@VERSION or NAME@ALIAS")};
    app.addNoun(QStringLiteral("model"), QStringLiteral("Registered model versions, their aliases and bundle files."));
    app.addCommand({QStringLiteral("model"), QStringLiteral("list"), QStringLiteral("List the registered models."), {}, {}, {}, runList});
    app.addCommand({QStringLiteral("model"), QStringLiteral("versions"), QStringLiteral("List a model's versions with aliases and test metrics."), {},
                    {{QStringLiteral("name"), QStringLiteral("Model name")}}, {}, runVersions});
    app.addCommand({QStringLiteral("model"), QStringLiteral("show"), QStringLiteral("Show a version: lineage, inputs, metrics."), {}, {ref}, {}, runShow});
    app.addCommand({QStringLiteral("model"), QStringLiteral("alias"), QStringLiteral("Point an alias (production, staging, any name) at a version."),
                    QStringLiteral("Moving an alias is recorded in the audit log. The server answers NAME with the\n"
                                   "production alias: moving it switches what clients get, with no restart."),
                    {ref, {QStringLiteral("alias"), QStringLiteral("Alias name")}},
                    {QCommandLineOption(QStringLiteral("remove"), QStringLiteral("Remove the alias instead."))}, runAlias});
    app.addCommand({QStringLiteral("model"), QStringLiteral("delete"), QStringLiteral("Delete a version (refused while an alias points at it)."), {}, {ref},
                    {QCommandLineOption(QStringLiteral("force"), QStringLiteral("Delete an aliased version and its aliases."))}, runDelete});
    app.addCommand({QStringLiteral("model"), QStringLiteral("export"), QStringLiteral("Write a version's self-contained bundle file."), {}, {ref},
                    {QCommandLineOption(QStringLiteral("output"), QStringLiteral("File to write (default NAME-VERSION.mbundle, or .pt)."), QStringLiteral("FILE")),
                     QCommandLineOption(QStringLiteral("torchscript"), QStringLiteral("Write TorchScript for torch.jit.load (plus FILE.json: inputs, labels)."))},
                    runExport});
    app.addCommand({QStringLiteral("model"), QStringLiteral("import"), QStringLiteral("Register a bundle or TorchScript file as a new version."),
                    QStringLiteral("The file is checked (format, checksum, weights; a TorchScript model is run once on the\n"
                                   "signature's inputs) before anything is stored."),
                    {{QStringLiteral("file"), QStringLiteral("Bundle file (.mbundle), or a TorchScript file with --signature")}},
                    {QCommandLineOption(QStringLiteral("name"), QStringLiteral("Model name (default: from the file name)."), QStringLiteral("NAME")),
                     QCommandLineOption(QStringLiteral("signature"), QStringLiteral("For a TorchScript file: JSON {\"inputs\": [names], \"labels\": [...], "
                                                                                    "\"output\": \"logits\"|\"probabilities\"|\"values\"}."), QStringLiteral("FILE"))},
                    runImport});

    app.addCommand({QStringLiteral("predict"), QString(), QStringLiteral("Predict a CSV file or an image folder; writes CSV."),
                    QStringLiteral("Each input row is written back with label, confidence and the top classes with\n"
                                   "their probabilities appended (or the predicted value, for regression). Columns are\n"
                                   "matched to the model's inputs by name; a file without a header may give the inputs\n"
                                   "in order."),
                    {ref, {QStringLiteral("input"), QStringLiteral("CSV file, or a folder of images")}},
                    {QCommandLineOption(QStringLiteral("output"), QStringLiteral("CSV file to write (default: standard output)."), QStringLiteral("FILE")),
                     QCommandLineOption(QStringLiteral("top-k"), QStringLiteral("How many classes to list per row."), QStringLiteral("K"), QStringLiteral("3"))},
                    runPredict});
    app.addCommand({QStringLiteral("evaluate"), QString(), QStringLiteral("Score a model version on a dataset version's split."),
                    QStringLiteral("Prints accuracy, F1 and per-class figures (or MAE, RMSE, R\u00b2) and stores every\n"
                                   "row's prediction for inspection."),
                    {ref, {QStringLiteral("dataset"), QStringLiteral("NAME or NAME@VERSION")}},
                    {QCommandLineOption(QStringLiteral("split"), QStringLiteral("train, val, test or all."), QStringLiteral("SPLIT"), QStringLiteral("test"))},
                    runEvaluate});
}

}  // namespace mb::cli
