#pragma once

#include "ModelSignature.h"

#include <QJsonObject>

namespace mb::serve {

// The JSON Schema (the OpenAPI 3.0 dialect) of a model's predict request, made from its
// input signature: what JsonInstances accepts, written down for clients and Swagger UI.
//   numeric features  an array of numbers in signature order, or an object of named numbers
//   text fields       a string (the first field), or an object of named strings (at least one)
//   one image         a base64 string, or {"b64": "..."}
class SignatureSchema {
public:
    // {"type": "object", "required": ["instances"], "properties": {"instances": ...}, "example":
    // ...}
    static QJsonObject predictRequest(const ModelSignature& signature);
    // The schema of one instance.
    static QJsonObject instance(const ModelSignature& signature);
    // One instance a client could send (zeros, "text", a placeholder image); null for an
    // image model (no meaningful example).
    static QJsonValue exampleInstance(const ModelSignature& signature);
};

}  // namespace mb::serve
