#pragma once

#include "EpochMetrics.h"
#include "RunInfo.h"

namespace mb {

// Receives a training's progress. Called on the training thread: implementations that touch
// the GUI queue a signal instead (see TrainingJob). onEpochEnd returning false stops training
// after that epoch, keeping the best model so far.
class TrainingObserver {
public:
    virtual ~TrainingObserver() = default;
    virtual void onStarted(const RunInfo& run, int maxEpochs) { Q_UNUSED(run) Q_UNUSED(maxEpochs) }
    virtual void onBatch(const BatchProgress& progress) { Q_UNUSED(progress) }
    virtual bool onEpochEnd(const EpochMetrics& epoch) { Q_UNUSED(epoch) return true; }
    virtual void onMessage(const QString& text) { Q_UNUSED(text) }
};

}  // namespace mb
