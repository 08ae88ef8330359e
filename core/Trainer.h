#pragma once

#include "EpochMetrics.h"
#include "ModelRegistry.h"
#include "ModelVersionInfo.h"
#include "RunInfo.h"
#include "StoredPrediction.h"

#include <QStringList>
#include <QVector>

#include <atomic>
#include <memory>

namespace mb {

class TrainingObserver;
class Workspace;

// What to train.
struct TrainRequest {
    QString dataset;             // "wine", "wine@2"
    QString configYaml;          // user config (may be empty: the workload's defaults)
    QString configSource = QStringLiteral("config");  // names the config in error messages
    QStringList overrides;       // "key=value" on top of the config
    QString modelName;           // registry name; default: the dataset's name
    bool force = false;          // train even when an identical run exists
    QString source = QStringLiteral("cli");           // cli | gui | api | search
    bool registerModel = true;   // false: keep the result in TrainOutcome::pending (grid search)
    // With registerModel false: an identical finished run that registered nothing counts as
    // cached too (its history and metrics are reused; no pending version comes with it).
    bool reuseUnregistered = false;
};

// A trained model not yet in the registry: what registerPending() needs.
struct PendingVersion {
    NewModelVersion version;
    QVector<StoredPrediction> predictions;
    qint64 runId = 0;
};

// What came of it.
struct TrainOutcome {
    RunInfo run;
    ModelVersionInfo version;
    bool cached = false;         // an identical run existed and was reused
    QVector<EpochMetrics> history;
    std::shared_ptr<PendingVersion> pending;  // set when registerModel was false
};

// Trains a model on a dataset version and registers the result: resolves the config, checks
// the run cache (dataset version + resolved config + pipeline version), records the run and
// its epochs as it goes, keeps the best epoch by the selection metric, evaluates on the
// validation and test splits, stores per-row predictions and registers a model version.
// Runs on the calling thread (TrainingJob runs it on a pool); `cancel` is checked between
// batches. Failures are recorded on the run and rethrown as mb::Error.
class Trainer {
public:
    explicit Trainer(const Workspace& workspace) : m_workspace(workspace) {}

    TrainOutcome train(const TrainRequest& request, TrainingObserver* observer = nullptr,
                       const std::atomic_bool* cancel = nullptr) const;

    // The run cache key of a dataset version hash and a resolved config.
    static QString runKey(const QString& datasetHash, const QString& resolvedConfigYaml);

    // Registers what a train() with registerModel = false produced, with its predictions.
    ModelVersionInfo registerPending(const PendingVersion& pending, const QString& actor) const;

private:
    const Workspace& m_workspace;
};

}  // namespace mb
