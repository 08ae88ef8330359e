#pragma once

// Internal to core.

namespace mb::training {

// An optimiser for parameters with sparse gradients (a text model's table), which LibTorch's
// optimisers do not take: SparseAdam, SparseSgd.
class SparseOptimizer {
public:
    virtual ~SparseOptimizer() = default;
    virtual void setLearningRate(double lr) = 0;
    virtual void zeroGrad() = 0;
    virtual void step() = 0;
};

}  // namespace mb::training
