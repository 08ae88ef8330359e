#include "JsonInstances.h"

#include "Error.h"

#include <QJsonObject>

#include <cmath>

namespace mb::serve {
namespace {

struct Input {
    QString name;
    QString type;  // number | text | image
};

QVector<Input> inputsOf(const QJsonArray& signature)
{
    QVector<Input> inputs;
    for (const QJsonValue& value : signature) {
        const QJsonObject object = value.toObject();
        inputs.append({object.value(QStringLiteral("name")).toString(), object.value(QStringLiteral("type")).toString()});
    }
    return inputs;
}

QString names(const QVector<Input>& inputs)
{
    QStringList list;
    for (const Input& input : inputs) {
        if (list.size() == 12) {
            list << QStringLiteral("... (%1 in all)").arg(inputs.size());
            break;
        }
        list << input.name;
    }
    return list.join(QLatin1String(", "));
}

// "a string \"abc\"", "true", "an object", ... for messages.
QString describe(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: return QStringLiteral("the number %1").arg(value.toDouble());
    case QJsonValue::String: {
        const QString text = value.toString();
        return QStringLiteral("the string \"%1\"").arg(text.size() > 40 ? text.left(40) + QStringLiteral("...") : text);
    }
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("nothing");
}

Error invalid(int index, const QString& message)
{
    return Error(ErrorCode::InvalidArgument, QStringLiteral("instance %1: %2").arg(index).arg(message));
}

QByteArray decodeImage(const QJsonValue& value, int index, const QString& field)
{
    QString text;
    if (value.isString()) {
        text = value.toString();
    } else if (value.isObject() && value.toObject().value(QStringLiteral("b64")).isString()) {
        text = value.toObject().value(QStringLiteral("b64")).toString();
    } else {
        throw invalid(index, QStringLiteral("image '%1' must be a base64 string or {\"b64\": \"...\"}, not %2").arg(field, describe(value)));
    }
    if (text.startsWith(QLatin1String("data:"))) {
        const qsizetype comma = text.indexOf(QLatin1Char(','));
        text = comma < 0 ? QString() : text.mid(comma + 1);
    }
    const auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty())
        throw invalid(index, QStringLiteral("image '%1' is not valid base64").arg(field));
    return decoded.decoded;
}

QVariant convert(const QJsonValue& value, const Input& input, int index)
{
    if (input.type == QLatin1String("image"))
        return decodeImage(value, index, input.name);
    if (input.type == QLatin1String("text")) {
        if (!value.isString())
            throw invalid(index, QStringLiteral("field '%1' must be a string, not %2").arg(input.name, describe(value)));
        return value.toString();
    }
    if (!value.isDouble() || !std::isfinite(value.toDouble()))
        throw invalid(index, QStringLiteral("feature '%1' must be a number, not %2").arg(input.name, describe(value)));
    return value.toDouble();
}

bool allOfType(const QVector<Input>& inputs, const char* type)
{
    for (const Input& input : inputs) {
        if (input.type != QLatin1String(type))
            return false;
    }
    return !inputs.isEmpty();
}

Instance fromArray(const QJsonArray& values, const QVector<Input>& inputs, int index)
{
    if (values.size() != inputs.size()) {
        throw invalid(index, QStringLiteral("expected %1 %2 (%3), got %4")
                                 .arg(inputs.size())
                                 .arg(inputs.size() == 1 ? QStringLiteral("value") : QStringLiteral("values"), names(inputs))
                                 .arg(values.size()));
    }
    Instance instance;
    for (int i = 0; i < inputs.size(); ++i)
        instance.insert(inputs.at(i).name, convert(values.at(i), inputs.at(i), index));
    return instance;
}

}  // namespace

Instance JsonInstances::instance(const QJsonValue& value, const QJsonArray& signature, int index)
{
    const QVector<Input> inputs = inputsOf(signature);
    if (inputs.isEmpty())
        throw Error(ErrorCode::Internal, QStringLiteral("the model has no input signature"));
    const bool oneImage = inputs.size() == 1 && inputs.first().type == QLatin1String("image");
    if (value.isArray())
        return fromArray(value.toArray(), inputs, index);
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (oneImage && object.contains(QStringLiteral("b64")))
            return Instance{{inputs.first().name, decodeImage(value, index, inputs.first().name)}};
        Instance instance;
        bool anyText = false;
        for (const Input& input : inputs) {
            const QJsonValue field = object.value(input.name);
            if (field.isUndefined()) {
                if (input.type != QLatin1String("text"))
                    throw invalid(index, QStringLiteral("missing %1 '%2' (the inputs are %3)")
                                             .arg(input.type == QLatin1String("image") ? QStringLiteral("image") : QStringLiteral("feature"), input.name, names(inputs)));
                continue;
            }
            instance.insert(input.name, convert(field, input, index));
            anyText = anyText || input.type == QLatin1String("text");
        }
        if (!anyText && allOfType(inputs, "text"))
            throw invalid(index, QStringLiteral("give at least one of the text fields %1").arg(names(inputs)));
        return instance;
    }
    if (value.isString()) {
        if (oneImage)
            return Instance{{inputs.first().name, decodeImage(value, index, inputs.first().name)}};
        if (allOfType(inputs, "text"))
            return Instance{{inputs.first().name, value.toString()}};
    }
    if (value.isDouble() && inputs.size() == 1 && inputs.first().type == QLatin1String("number"))
        return Instance{{inputs.first().name, convert(value, inputs.first(), index)}};
    throw invalid(index, QStringLiteral("expected an array of %1 %2 (%3) or an object of named fields, not %4")
                             .arg(inputs.size())
                             .arg(inputs.size() == 1 ? QStringLiteral("value") : QStringLiteral("values"), names(inputs), describe(value)));
}

QVector<Instance> JsonInstances::parse(const QJsonValue& body, const QJsonArray& signature)
{
    if (!body.isObject())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("the body must be a JSON object {\"instances\": [...]}, not %1").arg(describe(body)));
    const QJsonObject object = body.toObject();
    QVector<Instance> instances;
    if (object.contains(QStringLiteral("instances"))) {
        const QJsonValue list = object.value(QStringLiteral("instances"));
        if (!list.isArray())
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("\"instances\" must be an array, not %1").arg(describe(list)));
        const QJsonArray array = list.toArray();
        instances.reserve(array.size());
        for (int i = 0; i < array.size(); ++i)
            instances << instance(array.at(i), signature, i);
    } else if (object.contains(QStringLiteral("values"))) {
        const QJsonValue list = object.value(QStringLiteral("values"));
        if (!list.isArray())
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("\"values\" must be an array, not %1").arg(describe(list)));
        const QJsonArray array = list.toArray();
        bool numbers = !array.isEmpty();
        for (const QJsonValue& value : array)
            numbers = numbers && value.isDouble();
        // A flat list of numbers: one instance each for a one-input model, else one row.
        if (numbers && signature.size() != 1) {
            instances << instance(array, signature, 0);
        } else {
            instances.reserve(array.size());
            for (int i = 0; i < array.size(); ++i)
                instances << instance(array.at(i), signature, i);
        }
    } else {
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("the body needs \"instances\": [...] (or the seed services' \"values\": [...])"));
    }
    if (instances.isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("no instances to predict: the list is empty"));
    return instances;
}

}  // namespace mb::serve
