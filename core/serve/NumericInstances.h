#pragma once

#include "Instance.h"
#include "ModelSignature.h"

#include <QByteArray>

#include <optional>

namespace mb::serve {

// The predict path's shortcut for its most common body: {"instances": [[n, n, ...], ...]}
// for a model whose inputs are all numbers, read straight from the bytes into instances,
// without building a JSON document first.
//
// It reads only what it is sure of: exactly that shape (JSON whitespace allowed), one JSON
// number per input in every row, each finite as a double. Anything else, well-formed or
// not, gives std::nullopt, and the caller hands the body to the general path
// (HttpRequest::jsonBody + JsonInstances), which reads or refuses it with its own messages.
// So this never refuses a request itself, and what it accepts it reads into the same values
// the general path would, bit for bit (TestNumericInstances compares the two).
class NumericInstances {
public:
    static std::optional<QVector<Instance>> read(const QByteArray& body, const ModelSignature& signature);
};

}  // namespace mb::serve
