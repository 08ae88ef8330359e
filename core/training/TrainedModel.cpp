#include "training/TrainedModel.h"

#include "BundleFile.h"
#include "Error.h"
#include "ModuleArchive.h"

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
        {QStringLiteral("config"), config.toYaml()},
        {QStringLiteral("preprocessing"), workload->state()},
        {QStringLiteral("signature"), signature()},
        {QStringLiteral("metrics"), metrics},
        {QStringLiteral("dataset"), datasetRef},
        {QStringLiteral("pipeline_version"), MODELBENCH_PIPELINE_VERSION},
        {QStringLiteral("created_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
    };
    const std::string weights = models::saveModule(*workload->module());
    file.payload = QByteArray(weights.data(), qsizetype(weights.size()));
    return file.write();
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
        model.config = TrainConfig::resolve(file.header.value(QStringLiteral("config")).toString(), kindOf(modelType), labelKind, {},
                                            source + QStringLiteral(" config"));
        model.workload = makeWorkload(modelType);
        model.workload->restore(file.header.value(QStringLiteral("preprocessing")).toObject());
        model.workload->build(model.config);
        models::loadModule(*model.workload->module(), file.payload.toStdString());
    } catch (const Error& error) {
        throw Error(ErrorCode::Corrupt, QStringLiteral("%1: %2").arg(source, error.message()));
    } catch (const std::exception& error) {
        throw Error(ErrorCode::Corrupt, QStringLiteral("%1: %2").arg(source, QString::fromUtf8(error.what())));
    }
    model.workload->module()->eval();
    return model;
}

}  // namespace mb::training
