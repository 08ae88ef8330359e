#pragma once

#include <QJsonObject>
#include <QStringList>
#include <QVector>

namespace mb::serve {

// One input of a model's signature: {"name", "type": number|text|image, "width", "height"}.
struct SignatureInput {
    QString name;
    QString type;  // number | text | image
    int width = 0;  // images only: the size the model resizes to
    int height = 0;

    bool isNumber() const { return type == QLatin1String("number"); }
    bool isText() const { return type == QLatin1String("text"); }
    bool isImage() const { return type == QLatin1String("image"); }
};

// A model version's signature ({"inputs": [...], "labels": [...]}, as ModelVersionInfo keeps
// it) read into values, for the protocol adapters (OpenAPI schemas, Open Inference Protocol)
// that describe or address a model's inputs. A plain value type.
struct ModelSignature {
    QVector<SignatureInput> inputs;  // in the signature's order
    QStringList labels;  // class labels in output order; empty for regression

    static ModelSignature of(const QJsonObject& signature);

    // The inputs of one type, in order.
    QVector<SignatureInput> inputsOfType(const QString& type) const;
    QStringList names() const;
};

}  // namespace mb::serve
