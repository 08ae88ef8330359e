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
    // Throws Corrupt for a damaged, foreign or incompatible bundle.
    static TrainedModel fromBundle(const QByteArray& bytes, const QString& source);
};

}  // namespace mb::training
