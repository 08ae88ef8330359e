#pragma once

#include <torch/arg.h>
#include <torch/nn/cloneable.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace mb::models {

// Options of GestureCNN, in LibTorch's TORCH_ARG style. The defaults are the plain-PyTorch
// anchor's image model (shared/bench/pytorch_train_anchor.py), so benchmarks compare like with
// like: conv32-relu-pool, conv64-relu-pool, flatten, fc128-relu, fc. The deeper variant
// conv32-bn-relu x2, pool, conv64-bn-relu x2, pool, dropout, global average pool, fc is
//   GestureCNNOptions(n).convs_per_block(2).batch_norm(true).dropout(0.25).global_pool(true).hidden(0)
struct GestureCNNOptions {
    explicit GestureCNNOptions(int64_t num_classes)
        : num_classes_(num_classes)
    {
    }
    // Output logits (>= 1).
    TORCH_ARG(int64_t, num_classes);
    // Input [B, in_channels, height, width]; in_channels >= 1, height and width in [2, 1024].
    TORCH_ARG(int64_t, in_channels) = 1;
    TORCH_ARG(int64_t, height) = 28;
    TORCH_ARG(int64_t, width) = 28;
    // Output channels of each block (one or more, each >= 1). A block is convs_per_block 3x3
    // convolutions (padding 1), each followed by optional batch norm and ReLU, then a 2x2 max
    // pool, which is skipped when it would leave the feature map smaller than 2x2 (so 8x8 and
    // smaller inputs work).
    TORCH_ARG(std::vector<int64_t>, channels) = std::vector<int64_t> { 32, 64 };
    // In [1, 4].
    TORCH_ARG(int64_t, convs_per_block) = 1;
    TORCH_ARG(bool, batch_norm) = false;
    // Dropout on the pooled features while training, in [0, 1).
    TORCH_ARG(double, dropout) = 0.0;
    // false: flatten the last feature map; true: average it to one value per channel
    // (adaptive average pool to 1x1), which has far fewer head weights.
    TORCH_ARG(bool, global_pool) = false;
    // Width of a hidden fully connected layer (with ReLU) before the output; 0 = none.
    TORCH_ARG(int64_t, hidden) = 128;
};

// The small convolutional network of the stroke/image gesture workload.
// forward(x [B, in_channels, height, width] float) -> logits [B, num_classes].
// On float CPU tensors the ReLU + 2x2 max pool of each block runs as one fused kernel with the
// same outputs and gradients as LibTorch's relu + max_pool2d (about 25% less time per training
// step of the default network); double backward through it is not supported.
//
// Thread-safety: forward() in eval mode under a NoGradGuard may run on several threads at once;
// training (train mode, backward, optimiser steps) needs exclusive access.
// Ownership: create it through the GestureCNN holder (a shared_ptr), which owns the parameters.
class GestureCNNImpl : public torch::nn::Cloneable<GestureCNNImpl> {
public:
    // Throws std::invalid_argument if an option is out of range.
    explicit GestureCNNImpl(GestureCNNOptions options);

    const GestureCNNOptions& options() const { return m_options; }

    void reset() override;
    // Throws std::invalid_argument if x is not [B, in_channels, height, width].
    torch::Tensor forward(const torch::Tensor& x);

private:
    GestureCNNOptions m_options;
    std::vector<torch::nn::Conv2d> m_convs;
    std::vector<torch::nn::BatchNorm2d> m_norms;  // parallel to m_convs when batch_norm
    std::vector<bool> m_poolAfter;  // parallel to m_convs
    torch::nn::Linear m_hidden { nullptr };
    torch::nn::Linear m_out { nullptr };
};

TORCH_MODULE(GestureCNN);

}  // namespace mb::models
