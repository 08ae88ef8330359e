#include "SignatureSchema.h"

#include <QJsonArray>

namespace mb::serve {
namespace {

QJsonObject typed(const char* type)
{
    return QJsonObject { { QStringLiteral("type"), QLatin1String(type) } };
}

QJsonObject base64Image(const SignatureInput& input)
{
    QJsonObject schema { { QStringLiteral("type"), QStringLiteral("string") },
        { QStringLiteral("format"), QStringLiteral("byte") } };
    QString description = QStringLiteral(
        "'%1': an encoded image (PNG, JPEG, ...) in base64; a data: URL prefix is allowed")
                              .arg(input.name);
    if (input.width > 0 && input.height > 0)
        description
            += QStringLiteral("; the model resizes it to %1x%2").arg(input.width).arg(input.height);
    schema.insert(QStringLiteral("description"), description);
    return schema;
}

QJsonObject schemaOf(const SignatureInput& input)
{
    if (input.isImage())
        return base64Image(input);
    QJsonObject schema = typed(input.isText() ? "string" : "number");
    schema.insert(QStringLiteral("description"),
        input.isText() ? QStringLiteral("text field '%1'").arg(input.name)
                       : QStringLiteral("feature '%1'").arg(input.name));
    return schema;
}

// {"a": ..., "b": ...}: every numeric or image input required, text fields optional (one
// of them is enough).
QJsonObject namedFields(const ModelSignature& signature)
{
    QJsonObject properties;
    QJsonArray required;
    bool allText = !signature.inputs.isEmpty();
    for (const SignatureInput& input : signature.inputs) {
        properties.insert(input.name, schemaOf(input));
        if (!input.isText())
            required.append(input.name);
        allText = allText && input.isText();
    }
    QJsonObject object = typed("object");
    object.insert(QStringLiteral("properties"), properties);
    if (!required.isEmpty())
        object.insert(QStringLiteral("required"), required);
    if (allText)
        object.insert(QStringLiteral("minProperties"), 1);
    return object;
}

// [v1, v2, ...] in signature order.
QJsonObject positional(const ModelSignature& signature)
{
    QJsonObject array = typed("array");
    const bool allNumbers
        = signature.inputsOfType(QStringLiteral("number")).size() == signature.inputs.size();
    const bool allText
        = signature.inputsOfType(QStringLiteral("text")).size() == signature.inputs.size();
    array.insert(QStringLiteral("items"),
        allNumbers    ? typed("number")
            : allText ? typed("string")
                      : QJsonObject {});
    array.insert(QStringLiteral("minItems"), int(signature.inputs.size()));
    array.insert(QStringLiteral("maxItems"), int(signature.inputs.size()));
    array.insert(QStringLiteral("description"),
        QStringLiteral("values in this order: %1")
            .arg(signature.names().join(QLatin1String(", "))));
    return array;
}

}  // namespace

QJsonObject SignatureSchema::instance(const ModelSignature& signature)
{
    const QVector<SignatureInput> images = signature.inputsOfType(QStringLiteral("image"));
    if (signature.inputs.size() == 1 && images.size() == 1) {
        QJsonObject wrapped = typed("object");
        wrapped.insert(QStringLiteral("properties"),
            QJsonObject { { QStringLiteral("b64"), base64Image(images.first()) } });
        wrapped.insert(QStringLiteral("required"), QJsonArray { QStringLiteral("b64") });
        return QJsonObject { { QStringLiteral("oneOf"),
            QJsonArray { base64Image(images.first()), wrapped, namedFields(signature) } } };
    }
    QJsonArray forms { positional(signature), namedFields(signature) };
    if (signature.inputsOfType(QStringLiteral("text")).size() == signature.inputs.size())
        forms.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
            { QStringLiteral("description"),
                QStringLiteral("the text of field '%1'").arg(signature.inputs.first().name) } });
    if (signature.inputs.size() == 1 && signature.inputs.first().isNumber())
        forms.append(schemaOf(signature.inputs.first()));
    return QJsonObject { { QStringLiteral("oneOf"), forms } };
}

QJsonValue SignatureSchema::exampleInstance(const ModelSignature& signature)
{
    QJsonArray values;
    for (const SignatureInput& input : signature.inputs) {
        if (input.isImage())
            return QJsonValue::Null;
        values.append(input.isText() ? QJsonValue(QStringLiteral("text")) : QJsonValue(0.0));
    }
    return values;
}

QJsonObject SignatureSchema::predictRequest(const ModelSignature& signature)
{
    QJsonObject instances = typed("array");
    instances.insert(QStringLiteral("minItems"), 1);
    instances.insert(QStringLiteral("items"), instance(signature));
    QJsonObject request = typed("object");
    request.insert(QStringLiteral("required"), QJsonArray { QStringLiteral("instances") });
    request.insert(
        QStringLiteral("properties"), QJsonObject { { QStringLiteral("instances"), instances } });
    const QJsonValue example = exampleInstance(signature);
    if (!example.isNull())
        request.insert(QStringLiteral("example"),
            QJsonObject { { QStringLiteral("instances"), QJsonArray { example } } });
    return request;
}

}  // namespace mb::serve
