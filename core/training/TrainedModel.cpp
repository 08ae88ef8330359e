#include "training/TrainedModel.h"

#include "BundleFile.h"
#include "Error.h"
#include "ModuleArchive.h"
#include "ScriptModuleBuilder.h"

#include <QDateTime>
#include <QJsonArray>

namespace mb::training {
namespace {

DatasetKind kindOf(const QString& modelType)
{
    if (modelType == QLatin1String("text"))
        return DatasetKind::Text;
    if (modelType == QLatin1String("cnn"))
        return DatasetKind::Image;
    return DatasetKind::Tabular;
}

}  // namespace

QJsonObject TrainedModel::signature() const
{
    return QJsonObject{{QStringLiteral("inputs"), workload->inputSignature()},
                       {QStringLiteral("labels"), QJsonArray::fromStringList(workload->labels())},
                       {QStringLiteral("task"), task}};
}

QByteArray TrainedModel::toBundle(const QJsonObject& metrics, const QString& datasetRef) const
{
    BundleFile file;
    file.header = QJsonObject{
        {QStringLiteral("model_type"), config.model},
        {QStringLiteral("task"), task},
        {QStringLiteral("config"), config.model == QLatin1String("imported") ? QString() : config.toYaml()},
        {QStringLiteral("preprocessing"), workload->state()},
        {QStringLiteral("signature"), signature()},
        {QStringLiteral("metrics"), metrics},
        {QStringLiteral("dataset"), datasetRef},
        {QStringLiteral("pipeline_version"), MODELBENCH_PIPELINE_VERSION},
        {QStringLiteral("created_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
    };
    const std::string weights = workload->saveWeights();
    file.payload = QByteArray(weights.data(), qsizetype(weights.size()));
    return file.write();
}

QJsonObject TrainedModel::exportTorchScript(const QString& path) const
{
    models::ScriptModuleBuilder script;
    QJsonObject description;
    try {
        description = workload->exportTorchScript(script);
        script.save(path.toStdString());
    } catch (const std::exception& error) {
        throw Error(ErrorCode::Io, QStringLiteral("cannot write TorchScript to %1: %2").arg(path, QString::fromUtf8(error.what())));
    }
    description.insert(QStringLiteral("task"), task);
    description.insert(QStringLiteral("model_type"), config.model);
    description.insert(QStringLiteral("labels"), QJsonArray::fromStringList(workload->labels()));
    description.insert(QStringLiteral("inputs"), workload->inputSignature());
    description.insert(QStringLiteral("output"), task == QLatin1String("regression") ? QStringLiteral("float32 [batch]: predicted values")
                                                                                    : QStringLiteral("float32 [batch, classes]: probabilities, columns in 'labels' order"));
    return description;
}

TrainedModel TrainedModel::fromTorchScript(const QByteArray& script, const QJsonObject& signature, const QString& source)
{
    QJsonArray inputs;
    for (const QJsonValue& input : signature.value(QStringLiteral("inputs")).toArray())
        inputs.append(input.isObject() ? input.toObject().value(QStringLiteral("name")) : input);
    const QJsonArray labels = signature.value(QStringLiteral("labels")).toArray();
    const QString output = signature.value(QStringLiteral("output")).toString(labels.isEmpty() ? QStringLiteral("values") : QStringLiteral("logits"));
    TrainedModel model;
    model.task = labels.isEmpty() ? QStringLiteral("regression") : QStringLiteral("classification");
    model.config.model = QStringLiteral("imported");
    model.workload = makeWorkload(model.config.model);
    try {
        model.workload->restore(QJsonObject{{QStringLiteral("inputs"), inputs}, {QStringLiteral("labels"), labels},
                                            {QStringLiteral("output"), output}});
        model.workload->loadWeights(script.toStdString());
        // One forward pass on zeros proves the inputs and outputs fit the signature.
        Instance zeros;
        for (const QJsonValue& input : std::as_const(inputs))
            zeros.insert(input.toString(), 0.0);
        const torch::Tensor out = model.workload->forward(model.workload->encode({zeros}));
        if (out.size(0) != 1 || out.size(1) != model.workload->outputs()) {
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("the model returns %1 values per row; the signature has %2 labels")
                                                        .arg(out.size(1)).arg(model.workload->outputs()));
        }
    } catch (const Error& error) {
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: %2").arg(source, error.message()));
    } catch (const std::exception& error) {
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: the model does not run on the signature's inputs: %2")
                                                    .arg(source, QString::fromUtf8(error.what()).section(QLatin1Char('\n'), 0, 0)));
    }
    return model;
}

TrainedModel TrainedModel::fromBundle(const QByteArray& bytes, const QString& source)
{
    const BundleFile file = BundleFile::read(bytes, source);
    TrainedModel model;
    model.header = file.header;
    const QString modelType = file.header.value(QStringLiteral("model_type")).toString();
    model.task = file.header.value(QStringLiteral("task")).toString();
    if (model.task != QLatin1String("classification") && model.task != QLatin1String("regression"))
        throw Error(ErrorCode::Corrupt, QStringLiteral("%1: unknown task '%2'").arg(source, model.task));
    try {
        const LabelKind labelKind = model.task == QLatin1String("regression") ? LabelKind::Regression : LabelKind::Classification;
        const bool imported = modelType == QLatin1String("imported");
        model.config = TrainConfig::resolve(imported ? QString() : file.header.value(QStringLiteral("config")).toString(), kindOf(modelType),
                                            labelKind, {}, source + QStringLiteral(" config"));
        if (imported)
            model.config.model = modelType;
        model.workload = makeWorkload(modelType);
        model.workload->restore(file.header.value(QStringLiteral("preprocessing")).toObject());
        model.workload->build(model.config);
        model.workload->loadWeights(file.payload.toStdString());
    } catch (const Error& error) {
        throw Error(ErrorCode::Corrupt, QStringLiteral("%1: %2").arg(source, error.message()));
    } catch (const std::exception& error) {
        throw Error(ErrorCode::Corrupt, QStringLiteral("%1: %2").arg(source, QString::fromUtf8(error.what())));
    }
    return model;
}

}  // namespace mb::training
