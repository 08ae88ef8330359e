#pragma once

#include <torch/arg.h>
#include <torch/nn/cloneable.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace mb::models {

// Options of TabularMLP, in LibTorch's TORCH_ARG style: TabularMLPOptions(64, 16).hidden({256}).
struct TabularMLPOptions {
    TabularMLPOptions(int64_t in_features, int64_t out_features)
        : in_features_(in_features)
        , out_features_(out_features)
    {
    }
    // Input features per row (>= 1).
    TORCH_ARG(int64_t, in_features);
    // Outputs: classes for classification (logits), 1 or more for regression (>= 1).
    TORCH_ARG(int64_t, out_features);
    // Widths of the hidden layers, in order; empty gives a linear model. Each >= 1.
    TORCH_ARG(std::vector<int64_t>, hidden) = std::vector<int64_t> { 128, 64 };
    // "relu", "gelu" or "tanh".
    TORCH_ARG(std::string, activation) = "relu";
    // Dropout after each hidden activation while training, in [0, 1).
    TORCH_ARG(double, dropout) = 0.1;
    // BatchNorm1d between each hidden Linear and its activation.
    TORCH_ARG(bool, batch_norm) = false;
};

// The multilayer perceptron of the tabular workloads (sensor gestures, regression):
// [Linear -> (BatchNorm1d) -> activation -> (Dropout)] per hidden width -> Linear.
// forward(x [B, in_features] float) -> [B, out_features] (no softmax: logits or values).
//
// Thread-safety: forward() in eval mode under a NoGradGuard may run on several threads at once;
// training (train mode, backward, optimiser steps) needs exclusive access.
// Ownership: create it through the TabularMLP holder (a shared_ptr), which owns the parameters.
class TabularMLPImpl : public torch::nn::Cloneable<TabularMLPImpl> {
public:
    // Throws std::invalid_argument if an option is out of range.
    explicit TabularMLPImpl(TabularMLPOptions options);

    const TabularMLPOptions& options() const { return m_options; }

    void reset() override;
    // Throws std::invalid_argument if x is not [B, in_features].
    torch::Tensor forward(const torch::Tensor& x);

private:
    enum class Activation { ReLU, GELU, Tanh };

    TabularMLPOptions m_options;
    Activation m_activation = Activation::ReLU;
    std::vector<torch::nn::Linear> m_hidden;
    std::vector<torch::nn::BatchNorm1d> m_norms;
    torch::nn::Linear m_out { nullptr };
};

TORCH_MODULE(TabularMLP);

}  // namespace mb::models
