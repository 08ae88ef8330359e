#pragma once

// Internal to core.

#include "TrainConfig.h"
#include "training/Workload.h"

#include <QByteArray>
#include <QJsonObject>

namespace mb::training {

// A workload with its trained network: what a bundle holds, and how it is written and read.
struct TrainedModel {
    std::unique_ptr<Workload> workload;
    TrainConfig config;
    QString task;               // classification | regression
    QJsonObject header;         // as read from a bundle

    // The bundle file: header (model type, task, config, preprocessing, signature, metrics,
    // lineage, pipeline version) and the weights.
    QByteArray toBundle(const QJsonObject& metrics, const QString& datasetRef) const;
    QJsonObject signature() const;
    // Writes the network as TorchScript to `path` and returns the signature file's content
    // (what forward() takes, the labels, the task).
    QJsonObject exportTorchScript(const QString& path) const;
    // Throws Corrupt for a damaged, foreign or incompatible bundle.
    static TrainedModel fromBundle(const QByteArray& bytes, const QString& source);
    // A TorchScript file made elsewhere, described by a signature {"inputs": [names],
    // "labels": [...] (none for regression), "output": "logits" | "probabilities" | "values"}.
    // Throws InvalidArgument naming `source` when either does not fit.
    static TrainedModel fromTorchScript(const QByteArray& script, const QJsonObject& signature, const QString& source);
};

}  // namespace mb::training
