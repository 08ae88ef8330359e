#pragma once

#include "HashingTokenizer.h"

#include <torch/arg.h>
#include <torch/nn/cloneable.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace mb::models {

// Options of TextClassifier, in LibTorch's TORCH_ARG style.
struct TextClassifierOptions {
    explicit TextClassifierOptions(int64_t num_classes)
        : num_classes_(num_classes)
    {
    }
    // Output logits (>= 1).
    TORCH_ARG(int64_t, num_classes);
    // Rows of the embedding table; must equal the tokenizer's num_buckets (>= 2).
    TORCH_ARG(int64_t, num_buckets) = int64_t(1) << 20;
    // Embedding width (>= 1), or 0 for a linear model: the table then holds each n-gram's
    // class scores (num_classes wide, starting at zero), the bag is the logits, and there is no
    // hidden or output layer.
    TORCH_ARG(int64_t, embedding_dim) = 64;
    // The bag is the weighted sum of the rows (weights given to forward(), TF-IDF in practice)
    // instead of their mean; the module then also keeps the idf of every bucket as the buffer
    // `idf`, for whoever computes the weights.
    TORCH_ARG(bool, weighted) = false;
    // Width of a hidden layer (Linear + ReLU) between the bag and the output; 0 = none, the
    // fastText default.
    TORCH_ARG(int64_t, hidden) = 0;
    // Dropout on the document vector (the bag mean) while training, in [0, 1).
    TORCH_ARG(double, dropout) = 0;
    // Sparse embedding gradients: a step touches only the rows in the batch instead of the whole
    // table. Needs an optimiser that accepts sparse gradients (LibTorch's Adam does not).
    TORCH_ARG(bool, sparse) = true;
};

// fastText-style text classifier: the mean of the hashed n-gram embeddings of a document
// (EmbeddingBag, mode mean) -> optional hidden layer -> Linear. Mirrors the anchor's text model
// (shared/bench/pytorch_train_anchor.py) with the defaults.
// forward(indices [N] int64, offsets [B] int64) -> logits [B, num_classes], in EmbeddingBag
// layout (see TokenBatch); toTensors() makes the two tensors from HashingTokenizer's output.
// Weighted, forward() also takes weights [N] float32, one per index.
// Linear (embedding_dim 0), the logits are scale * (weighted sum of the rows), where `scale`
// is a one-element buffer: an SGD step with L2 decay shrinks it instead of every row of the
// table (see SparseSgd).
//
// Thread-safety: forward() in eval mode under a NoGradGuard may run on several threads at once;
// training needs exclusive access.
// Ownership: create it through the TextClassifier holder (a shared_ptr), which owns the
// parameters. The default table is 2^20 x 64 floats = 256 MiB.
class TextClassifierImpl : public torch::nn::Cloneable<TextClassifierImpl> {
public:
    // Throws std::invalid_argument if an option is out of range.
    explicit TextClassifierImpl(TextClassifierOptions options);

    const TextClassifierOptions& options() const { return m_options; }

    void reset() override;
    // Throws std::invalid_argument if the tensors are not 1-D int64 or offsets is empty.
    // Weighted: throws unless `weights` is 1-D float32 with one weight per index.
    torch::Tensor forward(const torch::Tensor& indices, const torch::Tensor& offsets, const torch::Tensor& weights = {});

    bool isLinear() const { return m_options.embedding_dim() == 0; }
    // The one-element scale of a linear model's logits; undefined otherwise.
    const torch::Tensor& scale() const { return m_scale; }
    // The idf buffer [num_buckets] of a weighted model; undefined otherwise.
    const torch::Tensor& idf() const { return m_idf; }

    // The embedding table (sparse gradients when options().sparse()) and all other parameters,
    // for an optimiser per kind.
    std::vector<torch::Tensor> sparseParameters() const;
    std::vector<torch::Tensor> denseParameters() const;

    // (indices, offsets) int64 tensors holding a copy of the batch.
    static std::pair<torch::Tensor, torch::Tensor> toTensors(const TokenBatch& batch);

private:
    TextClassifierOptions m_options;
    torch::nn::EmbeddingBag m_embedding { nullptr };
    torch::nn::Linear m_hidden { nullptr };
    torch::nn::Linear m_out { nullptr };
    torch::Tensor m_scale;
    torch::Tensor m_idf;
};

TORCH_MODULE(TextClassifier);

}  // namespace mb::models
