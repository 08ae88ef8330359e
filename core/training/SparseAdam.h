#pragma once

// Internal to core.

#include "training/SparseOptimizer.h"

#include <torch/torch.h>

#include <vector>

namespace mb::training {

// Lazy Adam for parameters with sparse gradients (an EmbeddingBag with sparse=true): only the
// rows a batch touched have their moments and values updated, as torch.optim.SparseAdam does.
// LibTorch's C++ Adam refuses sparse gradients; a dense Adam over a 2^20-row table would
// touch every row every step. One thread.
class SparseAdam : public SparseOptimizer {
public:
    SparseAdam(std::vector<torch::Tensor> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
               double weightDecay = 0);

    void setLearningRate(double lr) override { m_lr = lr; }
    void zeroGrad() override;
    void step() override;

private:
    // One float32 matrix with an uncoalesced sparse gradient (the usual case), without tensor ops.
    void fusedStep(size_t i, double correction1, double correction2);

    std::vector<torch::Tensor> m_parameters;
    std::vector<torch::Tensor> m_moments;  // per parameter [rows, 2, ...]: first and second moment of each row
    double m_lr;
    double m_beta1;
    double m_beta2;
    double m_eps;
    double m_weightDecay;
    int64_t m_steps = 0;
    // Scratch of fusedStep(), kept between steps: the slot of each row in m_sum (-1 = none),
    // the rows touched by the step and their summed gradients.
    std::vector<int32_t> m_slot;
    std::vector<int64_t> m_touched;
    std::vector<float> m_sum;
};

}  // namespace mb::training
