#pragma once

#include "Instance.h"
#include "ModelSignature.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace mb::serve {

// An Open Inference Protocol (v2) infer request read against a model's input signature:
//   {"id": ..., "inputs": [{"name", "datatype", "shape", "data"}], "outputs": [{"name"}]}
// How tensors map to the signature:
//   numeric features  one tensor of datatype FP32, FP64, INT32 or INT64 (any name; metadata
//                     calls it "features"), shape [batch, features] with the features in
//                     signature order (or [batch] for a one-feature model); data flat in
//                     row-major order or nested. INT tensors must hold whole numbers.
//   text fields       BYTES tensors of shape [batch] (or [batch, 1]), one per field, named
//                     after it; a model whose inputs are all text also takes one BYTES tensor
//                     of another name, holding the text of its first field
//   an image          a BYTES tensor named after the image input (or the only BYTES
//                     tensor), each element the base64 of an encoded image
// Rows then go through JsonInstances, so values are checked as on the predict route.
struct OipInferRequest {
    QJsonValue id;  // echoed in the response; undefined when not sent
    QVector<Instance> instances;
    QStringList outputs;  // the outputs asked for; empty: all

    // Throws InvalidArgument naming the tensor at fault: a wrong datatype, a shape that
    // does not fit the data or the model, an input the model does not have.
    static OipInferRequest parse(const QJsonValue& body, const QJsonObject& signature);
    // The model's inputs as v2 metadata tensors [{"name", "datatype", "shape"}] (batch -1);
    // the features tensor lists its columns under "parameters".
    static QJsonArray inputMetadata(const ModelSignature& signature);
};

}  // namespace mb::serve
