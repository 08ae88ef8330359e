#pragma once

#include "Instance.h"

#include <QJsonArray>
#include <QJsonValue>

namespace mb::serve {

// Reads the instances of a JSON predict request by a model's input signature
// ([{"name", "type": number|text|image}]). Accepted bodies:
//   {"instances": [...]} where an instance is
//     - an array of values, one per input in the signature's order: [5.1, 3.5, 1.4, 0.2]
//     - an object of named fields: {"sepal_length": 5.1, ...} (fields that are not inputs are
//       ignored; a text model needs at least one of its text fields)
//     - a string: the text of a model whose inputs are all text (it fills the first), or the
//       base64 image of a one-image model ("data:image/png;base64," prefixes are allowed)
//     - {"b64": "..."}: the image of a one-image model
//     - a number, for a model with one numeric input
//   {"values": [10.0]}: the seed services' shape: numbers, one instance each for a
//     one-input model, or one row of all the inputs; or rows [[...], [...]].
// Numbers must be JSON numbers, texts JSON strings, images base64 strings.
class JsonInstances {
public:
    // Throws InvalidArgument naming the instance's index and the field at fault.
    static QVector<Instance> parse(const QJsonValue& body, const QJsonArray& inputs);
    static Instance instance(const QJsonValue& value, const QJsonArray& inputs, int index);
};

}  // namespace mb::serve
