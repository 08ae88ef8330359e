#include "OipInferRequest.h"

#include "Error.h"
#include "JsonInstances.h"

#include <cmath>

namespace mb::serve {
namespace {

const QStringList kNumericTypes { QStringLiteral("FP32"), QStringLiteral("FP64"),
    QStringLiteral("INT32"), QStringLiteral("INT64") };
const QString kBytes = QStringLiteral("BYTES");
const QString kFeatures = QStringLiteral("features");

struct Tensor {
    QString name;
    QString datatype;
    QVector<qint64> shape;
    QJsonArray data;  // flattened
};

Error invalid(const QString& message)
{
    return Error(ErrorCode::InvalidArgument, message);
}

QString shapeText(const QVector<qint64>& shape)
{
    QStringList dims;
    for (qint64 dim : shape)
        dims << QString::number(dim);
    return QLatin1Char('[') + dims.join(QLatin1String(", ")) + QLatin1Char(']');
}

void flatten(const QJsonValue& value, QJsonArray& out)
{
    if (!value.isArray()) {
        out.append(value);
        return;
    }
    for (const QJsonValue& element : value.toArray())
        flatten(element, out);
}

Tensor tensorOf(const QJsonValue& value, int index)
{
    if (!value.isObject())
        throw invalid(QStringLiteral(
            "inputs[%1] must be an object {\"name\", \"datatype\", \"shape\", \"data\"}")
                          .arg(index));
    const QJsonObject object = value.toObject();
    Tensor tensor;
    tensor.name = object.value(QStringLiteral("name")).toString();
    if (tensor.name.isEmpty())
        throw invalid(QStringLiteral("inputs[%1] needs a \"name\"").arg(index));
    tensor.datatype = object.value(QStringLiteral("datatype")).toString();
    if (tensor.datatype != kBytes && !kNumericTypes.contains(tensor.datatype)) {
        throw invalid(
            QStringLiteral("input '%1': datatype '%2' is not supported; use FP32, FP64, INT32 or "
                           "INT64 for numeric features, BYTES for text and images")
                .arg(tensor.name, tensor.datatype.left(20)));
    }
    const QJsonValue shape = object.value(QStringLiteral("shape"));
    if (!shape.isArray() || shape.toArray().isEmpty())
        throw invalid(
            QStringLiteral("input '%1': \"shape\" must be a list of dimensions such as [2, 4]")
                .arg(tensor.name));
    double count = 1;  // a double: absurd shapes must not overflow before they are refused
    for (const QJsonValue& dim : shape.toArray()) {
        const double number = dim.toDouble(-1);
        if (!dim.isDouble() || number < 0 || number != std::floor(number) || number > 1e9)
            throw invalid(QStringLiteral("input '%1': \"shape\" must hold whole numbers >= 0")
                              .arg(tensor.name));
        tensor.shape << qint64(number);
        count *= number;
    }
    if (!object.contains(QStringLiteral("data")))
        throw invalid(QStringLiteral("input '%1' has no \"data\"").arg(tensor.name));
    flatten(object.value(QStringLiteral("data")), tensor.data);
    if (tensor.data.size() != count) {
        throw invalid(QStringLiteral("input '%1': shape %2 holds %3 values, \"data\" has %4")
                          .arg(tensor.name, shapeText(tensor.shape))
                          .arg(count, 0, 'g', 15)
                          .arg(tensor.data.size()));
    }
    if (tensor.datatype.startsWith(QLatin1String("INT"))) {
        for (int i = 0; i < tensor.data.size(); ++i) {
            const QJsonValue element = tensor.data.at(i);
            if (element.isDouble() && element.toDouble() != std::floor(element.toDouble()))
                throw invalid(
                    QStringLiteral("input '%1': %2 data must be whole numbers, element %3 is %4")
                        .arg(tensor.name, tensor.datatype)
                        .arg(i)
                        .arg(element.toDouble()));
        }
    }
    return tensor;
}

// Rows of the features tensor: [batch, features], or [batch] for a one-feature model.
qint64 numericRows(const Tensor& tensor, const QVector<SignatureInput>& features)
{
    const QString names = ModelSignature { features, {} }.names().join(QLatin1String(", "));
    if (features.isEmpty())
        throw invalid(QStringLiteral(
            "input '%1': the model takes no numeric features; send its inputs as BYTES")
                          .arg(tensor.name));
    if (tensor.shape.size() == 1 && features.size() == 1)
        return tensor.shape.at(0);
    if (tensor.shape.size() != 2 || tensor.shape.at(1) != features.size()) {
        throw invalid(QStringLiteral(
            "input '%1': shape %2 does not fit the model, which takes [batch, %3] (%4)")
                          .arg(tensor.name, shapeText(tensor.shape))
                          .arg(features.size())
                          .arg(names));
    }
    return tensor.shape.at(0);
}

// Rows of a BYTES tensor: [batch] or [batch, 1].
qint64 bytesRows(const Tensor& tensor)
{
    if (tensor.shape.size() == 1 || (tensor.shape.size() == 2 && tensor.shape.at(1) == 1))
        return tensor.shape.at(0);
    throw invalid(
        QStringLiteral("input '%1': a BYTES input has shape [batch] or [batch, 1], not %2")
            .arg(tensor.name, shapeText(tensor.shape)));
}

// The signature input a BYTES tensor fills.
QString bytesTarget(const Tensor& tensor, const ModelSignature& signature, int bytesTensors)
{
    QVector<SignatureInput> others;
    for (const SignatureInput& input : signature.inputs) {
        if (input.isNumber())
            continue;
        if (input.name == tensor.name)
            return input.name;
        others << input;
    }
    if (others.isEmpty()) {
        throw invalid(QStringLiteral("input '%1': datatype BYTES, but the model takes numeric "
                                     "features: send one FP32 or INT64 tensor of shape [batch, %2]")
                          .arg(tensor.name)
                          .arg(signature.inputs.size()));
    }
    const bool allText
        = signature.inputsOfType(QStringLiteral("text")).size() == signature.inputs.size();
    const bool oneImage = signature.inputs.size() == 1 && signature.inputs.first().isImage();
    if (bytesTensors == 1 && (allText || oneImage))
        return others.first().name;
    throw invalid(QStringLiteral("input '%1' is not an input of the model (its inputs are %2)")
                      .arg(tensor.name, signature.names().join(QLatin1String(", "))));
}

}  // namespace

OipInferRequest OipInferRequest::parse(const QJsonValue& body, const QJsonObject& signatureJson)
{
    if (!body.isObject())
        throw invalid(QStringLiteral("the body must be a JSON object {\"inputs\": [...]}"));
    const QJsonObject object = body.toObject();
    const ModelSignature signature = ModelSignature::of(signatureJson);
    const QVector<SignatureInput> features = signature.inputsOfType(QStringLiteral("number"));
    OipInferRequest request;
    request.id = object.value(QStringLiteral("id"));
    if (!request.id.isUndefined() && !request.id.isString())
        throw invalid(QStringLiteral("\"id\" must be a string"));

    const QJsonValue inputs = object.value(QStringLiteral("inputs"));
    if (!inputs.isArray() || inputs.toArray().isEmpty())
        throw invalid(QStringLiteral("the body needs \"inputs\": a non-empty list of tensors "
                                     "{\"name\", \"datatype\", \"shape\", \"data\"}"));
    QVector<Tensor> tensors;
    int bytesTensors = 0;
    int numericTensors = 0;
    for (int i = 0; i < inputs.toArray().size(); ++i) {
        tensors << tensorOf(inputs.toArray().at(i), i);
        (tensors.last().datatype == kBytes ? bytesTensors : numericTensors) += 1;
    }
    if (numericTensors > 1)
        throw invalid(QStringLiteral(
            "send the numeric features in one tensor of shape [batch, %1], not %2 tensors")
                          .arg(features.size())
                          .arg(numericTensors));

    // Rows as JSON objects of named fields, then checked by JsonInstances like any request.
    QVector<QJsonObject> rows;
    QString firstTensor;
    for (const Tensor& tensor : std::as_const(tensors)) {
        const bool numeric = tensor.datatype != kBytes;
        const qint64 batch = numeric ? numericRows(tensor, features) : bytesRows(tensor);
        if (firstTensor.isEmpty()) {
            rows.resize(int(batch));
            firstTensor = tensor.name;
        } else if (batch != rows.size()) {
            throw invalid(QStringLiteral("input '%1' has %2 rows, input '%3' has %4")
                              .arg(tensor.name)
                              .arg(batch)
                              .arg(firstTensor)
                              .arg(rows.size()));
        }
        if (numeric) {
            for (int r = 0; r < rows.size(); ++r) {
                for (int f = 0; f < features.size(); ++f)
                    rows[r].insert(features.at(f).name, tensor.data.at(r * features.size() + f));
            }
        } else {
            const QString target = bytesTarget(tensor, signature, bytesTensors);
            for (int r = 0; r < rows.size(); ++r)
                rows[r].insert(target, tensor.data.at(r));
        }
    }
    if (rows.isEmpty())
        throw invalid(QStringLiteral("no instances to predict: the inputs have 0 rows"));
    const QJsonArray inputsJson = signatureJson.value(QStringLiteral("inputs")).toArray();
    request.instances.reserve(rows.size());
    for (int r = 0; r < rows.size(); ++r)
        request.instances << JsonInstances::instance(rows.at(r), inputsJson, r);

    const QJsonValue outputs = object.value(QStringLiteral("outputs"));
    if (!outputs.isUndefined()) {
        if (!outputs.isArray())
            throw invalid(QStringLiteral("\"outputs\" must be a list of {\"name\"}"));
        for (const QJsonValue& output : outputs.toArray()) {
            const QString name = output.toObject().value(QStringLiteral("name")).toString();
            if (name.isEmpty())
                throw invalid(QStringLiteral("every entry of \"outputs\" needs a \"name\""));
            request.outputs << name;
        }
    }
    return request;
}

QJsonArray OipInferRequest::inputMetadata(const ModelSignature& signature)
{
    QJsonArray tensors;
    const QVector<SignatureInput> features = signature.inputsOfType(QStringLiteral("number"));
    if (!features.isEmpty()) {
        tensors.append(QJsonObject { { QStringLiteral("name"), kFeatures },
            { QStringLiteral("datatype"), QStringLiteral("FP32") },
            { QStringLiteral("shape"), QJsonArray { -1, int(features.size()) } },
            { QStringLiteral("parameters"),
                QJsonObject { { QStringLiteral("columns"),
                    QJsonArray::fromStringList(ModelSignature { features, {} }.names()) } } } });
    }
    for (const SignatureInput& input : signature.inputs) {
        if (!input.isNumber())
            tensors.append(QJsonObject { { QStringLiteral("name"), input.name },
                { QStringLiteral("datatype"), kBytes },
                { QStringLiteral("shape"), QJsonArray { -1 } } });
    }
    return tensors;
}

}  // namespace mb::serve
