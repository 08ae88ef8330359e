#pragma once

// Internal to core.

#include "EpochMetrics.h"
#include "Evaluation.h"
#include "TrainConfig.h"
#include "Workload.h"
#include "training/SparseOptimizer.h"

#include <QVector>

#include <atomic>
#include <memory>

namespace mb {
class TrainingObserver;
}

namespace mb::training {

// The outputs of a model on one split, in the split's row order.
struct SplitOutputs {
    torch::Tensor probabilities;  // classification: [N, classes]
    torch::Tensor values;         // regression: [N], on the target's own scale
    double loss = 0;
};

struct LoopResult {
    QVector<EpochMetrics> history;
    int bestEpoch = 0;
    bool cancelled = false;
};

// Trains a prepared workload: shuffled mini-batches, the configured optimiser and schedule,
// validation after every epoch, early stopping on the selection metric, and the best epoch's
// weights restored at the end. Deterministic for a seed on CPU. One thread.
class TrainingLoop {
public:
    TrainingLoop(Workload& workload, const TrainConfig& config, const QStringList& labels, TrainingObserver* observer,
                 const std::atomic_bool* cancel);

    LoopResult run();
    SplitOutputs outputs(Split split);

    // Scores of a split's outputs: accuracy, macro_f1, ... or mae, rmse, r2.
    QMap<QString, double> scores(const SplitOutputs& outputs, Split split) const;
    ClassificationReport classificationReport(const SplitOutputs& outputs, Split split) const;
    RegressionReport regressionReport(const SplitOutputs& outputs, Split split) const;

private:
    torch::Tensor lossOf(const torch::Tensor& output, const torch::Tensor& target) const;
    // The learning rate of `epoch` (from 1) at global batch `step` (from 0).
    double learningRate(int epoch, int64_t step) const;
    std::unique_ptr<SparseOptimizer> makeSparseOptimizer(const std::vector<torch::Tensor>& sparse) const;
    // A hinge-trained linear model: scales its logits by the temperature that fits the
    // validation split best, so its softmax is a calibrated probability.
    void calibrate();
    double selectionScore(const EpochMetrics& epoch) const;

    Workload& m_workload;
    TrainConfig m_config;
    QStringList m_labels;
    TrainingObserver* m_observer;
    const std::atomic_bool* m_cancel;
    torch::Tensor m_classWeights;
};

}  // namespace mb::training
