#include "OipOutputs.h"

#include "Error.h"

#include <QJsonObject>

namespace mb::serve {
namespace {

QJsonObject tensor(const QString& name, const char* datatype, const QJsonArray& shape)
{
    return QJsonObject { { QStringLiteral("name"), name },
        { QStringLiteral("datatype"), QLatin1String(datatype) },
        { QStringLiteral("shape"), shape } };
}

QJsonObject withData(QJsonObject tensor, const QJsonArray& data)
{
    tensor.insert(QStringLiteral("data"), data);
    return tensor;
}

}  // namespace

QStringList OipOutputs::names(bool regression)
{
    if (regression)
        return { QStringLiteral("value") };
    return { QStringLiteral("label"), QStringLiteral("confidence"),
        QStringLiteral("probabilities") };
}

QJsonArray OipOutputs::metadata(const ModelSignature& signature, bool regression)
{
    if (regression)
        return { tensor(QStringLiteral("value"), "FP32", { -1 }) };
    return { tensor(QStringLiteral("label"), "BYTES", { -1 }),
        tensor(QStringLiteral("confidence"), "FP32", { -1 }),
        tensor(QStringLiteral("probabilities"), "FP32", { -1, int(signature.labels.size()) }) };
}

void OipOutputs::checkRequested(const QStringList& requested, bool regression)
{
    const QStringList available = names(regression);
    for (const QString& name : requested) {
        if (!available.contains(name))
            throw Error(ErrorCode::InvalidArgument,
                QStringLiteral("output '%1' is not an output of the model (its outputs are %2)")
                    .arg(name.left(80), available.join(QLatin1String(", "))));
    }
}

QJsonArray OipOutputs::tensors(const QVector<Prediction>& predictions,
    const ModelSignature& signature, bool regression, const QStringList& requested)
{
    const QStringList wanted = requested.isEmpty() ? names(regression) : requested;
    const int batch = int(predictions.size());
    QJsonArray labels, confidences, values, probabilities;
    for (const Prediction& prediction : predictions) {
        labels.append(prediction.label);
        confidences.append(prediction.confidence);
        values.append(prediction.value);
        for (const QString& label : signature.labels) {
            double probability = 0;
            for (const auto& [name, p] : prediction.top) {
                if (name == label)
                    probability = p;
            }
            probabilities.append(probability);
        }
    }
    QJsonArray outputs;
    for (const QString& name : wanted) {
        if (name == QLatin1String("value"))
            outputs.append(withData(tensor(name, "FP32", { batch }), values));
        else if (name == QLatin1String("label"))
            outputs.append(withData(tensor(name, "BYTES", { batch }), labels));
        else if (name == QLatin1String("confidence"))
            outputs.append(withData(tensor(name, "FP32", { batch }), confidences));
        else if (name == QLatin1String("probabilities"))
            outputs.append(withData(
                tensor(name, "FP32", { batch, int(signature.labels.size()) }), probabilities));
    }
    return outputs;
}

}  // namespace mb::serve
