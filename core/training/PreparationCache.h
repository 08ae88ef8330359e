#pragma once

// Internal to core.

#include "DatasetVersion.h"
#include "TrainConfig.h"

#include <QString>
#include <QStringList>

namespace mb {
class PreparationStore;
class TrainingObserver;
}  // namespace mb

namespace mb::training {

class Workload;

// Prepares a workload's data through the preparation cache: tokenised documents, decoded and
// resized images, fitted scalers are made once per (dataset version, workload kind, values of
// the workload's preparationKeys(), pipeline version) and loaded from the workspace after
// that, so changing only the learning rate does not tokenise 60k descriptions again.
// Stateless apart from the store it writes through; use on the training thread.
class PreparationCache {
public:
    explicit PreparationCache(const PreparationStore& store) : m_store(store) {}

    // The cache key of preparing the data of the dataset version with hash `datasetHash` for
    // `workload` under `config`.
    static QString key(const QString& datasetHash, const Workload& workload, const TrainConfig& config);

    // Loads `workload`'s preparation from the cache, or prepares it and stores it there, and
    // tells `observer` which ("preparing data (cached)" or "preparing data"). Returns true
    // when it came from the cache. A missing or damaged cached preparation is dropped and the
    // data prepared afresh; failing to store one is reported and otherwise ignored: the cache
    // never fails a training. Errors of prepare() itself propagate.
    bool prepare(Workload& workload, const DatasetVersion& data, const TrainConfig& config, const QStringList& labels,
                 TrainingObserver* observer) const;

private:
    const PreparationStore& m_store;
};

}  // namespace mb::training
