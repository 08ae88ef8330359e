#pragma once

// Internal to core.

#include "training/SparseOptimizer.h"

#include <torch/torch.h>

#include <vector>

namespace mb::training {

// Plain SGD with L2 weight decay for parameters with sparse gradients (an EmbeddingBag table).
// With `scale`, the one-element buffer by which a linear TextClassifier multiplies its table,
// the decay is exact and costs nothing per row: the true weights are scale * table, so a step
// shrinks `scale` by (1 - lr * decay) and writes the gradient into the touched rows only,
// divided by the scales before and after (the trick of SGD solvers for linear SVMs). When the
// scale gets tiny it is folded back into the table. Without `scale`, the decay shrinks the rows
// the step touches. One thread.
class SparseSgd : public SparseOptimizer {
public:
    // Throws std::invalid_argument if lr * weightDecay >= 1 (the decay would flip the weights).
    SparseSgd(std::vector<torch::Tensor> parameters, torch::Tensor scale, double lr, double weightDecay);

    // Same check as the constructor.
    void setLearningRate(double lr) override;
    void zeroGrad() override;
    void step() override;

private:
    std::vector<torch::Tensor> m_parameters;
    torch::Tensor m_scale;
    double m_lr;
    double m_weightDecay;
};

}  // namespace mb::training
