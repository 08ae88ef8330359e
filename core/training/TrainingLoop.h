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
    // After run(): folds the validation rows into the training split (see
    // Workload::foldValidationIntoTraining), builds the network afresh and trains it for
    // `epochs` epochs on them, with run()'s calibration. False when cancelled.
    bool refit(int epochs);
    // The outputs on `split`'s rows, or on its first `count` rows.
    SplitOutputs outputs(Split split, int64_t count = -1);

    // Scores of a split's outputs: accuracy, macro_f1, ... or mae, rmse, r2.
    QMap<QString, double> scores(const SplitOutputs& outputs, Split split) const;
    ClassificationReport classificationReport(const SplitOutputs& outputs, Split split) const;
    RegressionReport regressionReport(const SplitOutputs& outputs, Split split) const;

private:
    struct Optimizers {
        std::unique_ptr<torch::optim::Optimizer> dense;
        std::unique_ptr<SparseOptimizer> sparse;  // the sparse parameters', when there are any
    };
    struct EpochPass {
        double loss = 0;  // mean over the rows trained on
        int64_t seen = 0;
        double samplesPerSecond = 0;
        bool cancelled = false;
    };
    Optimizers makeOptimizers() const;
    // One pass over the training split in a fresh shuffle of `order` (positions in it), of
    // `epochs` in all; `step` counts the batches trained so far.
    EpochPass trainEpoch(int epoch, int epochs, Optimizers& optimizers, std::vector<int64_t>& order, std::mt19937_64& rng, int64_t& step);
    // Class weights of the loss, from the training split's class counts (class_weights: balanced).
    void weighClasses();
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
    double m_temperature = 1;  // calibrate()'s
    int m_refitEpochs = 0;     // set while refit() trains
};

}  // namespace mb::training
