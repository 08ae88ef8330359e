#pragma once

#include "Instance.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <memory>

namespace mb {

// A loaded model version that answers predictions. Made from a bundle file; knows its inputs
// (signature) and labels. predict() is thread-safe (calls are serialised); the server's
// batching queue gives each model one worker, so they rarely wait. Shared by shared_ptr.
class Predictor {
public:
    // Throws Corrupt for a damaged or foreign bundle, naming `source`.
    static std::shared_ptr<Predictor> fromBundle(const QByteArray& bytes, const QString& source = QStringLiteral("bundle"));
    // Wraps a TorchScript file made elsewhere and its signature ({"inputs": [names], "labels":
    // [...], "output": "logits" | "probabilities" | "values"}) into a bundle file. Throws
    // InvalidArgument when the model does not run on the signature's inputs.
    static QByteArray bundleFromTorchScript(const QByteArray& script, const QJsonObject& signature, const QString& source);
    ~Predictor();

    QString task() const;                 // classification | regression
    QString modelType() const;
    QStringList labels() const;           // empty for regression
    QJsonArray inputs() const;            // [{"name", "type"}]
    QJsonObject header() const;           // the bundle's header

    // One prediction per instance, in order; `topK` classes with probabilities. Throws
    // InvalidArgument naming the instance and field for bad input.
    QVector<Prediction> predict(const QVector<Instance>& instances, int topK = 5) const;

    // Writes the network as a TorchScript file that plain PyTorch loads (torch.jit.load) and
    // returns its signature: what forward() takes and returns, labels, task.
    QJsonObject exportTorchScript(const QString& path) const;

private:
    Predictor();
    struct Impl;
    std::unique_ptr<Impl> d;
};

}  // namespace mb
