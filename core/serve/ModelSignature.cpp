#include "ModelSignature.h"

#include <QJsonArray>

namespace mb::serve {

ModelSignature ModelSignature::of(const QJsonObject& signature)
{
    ModelSignature result;
    for (const QJsonValue& value : signature.value(QStringLiteral("inputs")).toArray()) {
        const QJsonObject object = value.toObject();
        SignatureInput input;
        input.name = object.value(QStringLiteral("name")).toString();
        input.type = object.value(QStringLiteral("type")).toString(QStringLiteral("number"));
        input.width = object.value(QStringLiteral("width")).toInt();
        input.height = object.value(QStringLiteral("height")).toInt();
        result.inputs.append(input);
    }
    for (const QJsonValue& label : signature.value(QStringLiteral("labels")).toArray())
        result.labels.append(label.toString());
    return result;
}

QVector<SignatureInput> ModelSignature::inputsOfType(const QString& type) const
{
    QVector<SignatureInput> matching;
    for (const SignatureInput& input : inputs) {
        if (input.type == type)
            matching.append(input);
    }
    return matching;
}

QStringList ModelSignature::names() const
{
    QStringList list;
    for (const SignatureInput& input : inputs)
        list.append(input.name);
    return list;
}

}  // namespace mb::serve
