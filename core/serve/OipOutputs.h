#pragma once

#include "Instance.h"
#include "ModelSignature.h"

#include <QJsonArray>
#include <QStringList>

namespace mb::serve {

// The outputs of a model under the Open Inference Protocol (v2), as metadata and as the
// tensors of an infer response. A classifier has
//   "label"          BYTES [batch]              the best class
//   "confidence"     FP32  [batch]              its probability
//   "probabilities"  FP32  [batch, classes]     every class, in the order of the labels
// and a regression model "value" FP32 [batch].
class OipOutputs {
public:
    static QStringList names(bool regression);
    static QJsonArray metadata(const ModelSignature& signature, bool regression);
    // Throws InvalidArgument for a requested name the model does not have.
    static void checkRequested(const QStringList& requested, bool regression);
    // `predictions` must carry every class in `top` (predict with top-k = the label count).
    // `requested` empty: every output.
    static QJsonArray tensors(const QVector<Prediction>& predictions,
        const ModelSignature& signature, bool regression, const QStringList& requested);
};

}  // namespace mb::serve
