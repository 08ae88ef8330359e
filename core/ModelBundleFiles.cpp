#include "ModelBundleFiles.h"

#include "Error.h"
#include "ModelRegistry.h"
#include "Predictor.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

namespace mb {
namespace {

void writeAtomically(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        throw Error(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
}

}  // namespace

void ModelBundleFiles::exportBundle(const QString& ref, const QString& path) const
{
    const ModelRegistry registry(m_workspace);
    writeAtomically(path, registry.bundleBytes(registry.resolve(ref)));
}

QString ModelBundleFiles::signaturePath(const QString& torchScriptPath)
{
    return torchScriptPath + QStringLiteral(".json");
}

QJsonObject ModelBundleFiles::exportTorchScript(const QString& ref, const QString& path) const
{
    const ModelRegistry registry(m_workspace);
    const ModelVersionInfo version = registry.resolve(ref);
    const QJsonObject signature = Predictor::fromBundle(registry.bundleBytes(version), version.ref())->exportTorchScript(path);
    writeAtomically(signaturePath(path), QJsonDocument(signature).toJson(QJsonDocument::Indented));
    return signature;
}

QString ModelBundleFiles::defaultModelName(const QString& path)
{
    return QFileInfo(path).completeBaseName().section(QLatin1Char('-'), 0, 0);
}

ModelVersionInfo ModelBundleFiles::importBundle(const QString& path, const QString& modelName, const QString& actor) const
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(QFileInfo::exists(path) ? ErrorCode::Io : ErrorCode::NotFound,
                    QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    return importBytes(file.readAll(), path, modelName, actor);
}

ModelVersionInfo ModelBundleFiles::importBytes(const QByteArray& bytes, const QString& path, const QString& modelName, const QString& actor) const
{
    const auto predictor = Predictor::fromBundle(bytes, QFileInfo(path).fileName());  // refuses damaged or foreign files
    const QJsonObject header = predictor->header();
    NewModelVersion version;
    version.model = modelName.isEmpty() ? defaultModelName(path) : modelName;
    version.task = predictor->task();
    version.modelType = predictor->modelType();
    version.bundle = bytes;
    version.metrics = header.value(QStringLiteral("metrics")).toObject();
    version.signature = header.value(QStringLiteral("signature")).toObject();
    version.description = QStringLiteral("imported from %1").arg(QFileInfo(path).fileName());
    return ModelRegistry(m_workspace).registerVersion(version, actor);
}

}  // namespace mb
