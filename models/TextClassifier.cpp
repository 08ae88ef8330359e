#include "TextClassifier.h"

#include <torch/torch.h>

#include <stdexcept>

namespace mb::models {

TextClassifierImpl::TextClassifierImpl(TextClassifierOptions options)
    : m_options(std::move(options))
{
    reset();
}

void TextClassifierImpl::reset()
{
    const TextClassifierOptions& o = m_options;
    if (o.num_classes() < 1 || o.num_buckets() < 2 || o.embedding_dim() < 0 || o.hidden() < 0
        || !(o.dropout() >= 0 && o.dropout() < 1) || (o.embedding_dim() == 0 && o.hidden() > 0))
        throw std::invalid_argument("TextClassifier: need num_classes >= 1, num_buckets >= 2, "
                                    "embedding_dim >= 0, hidden >= 0 (0 for a linear model) and 0 <= dropout < 1");

    const bool linear = o.embedding_dim() == 0;
    const int64_t width = linear ? o.num_classes() : o.embedding_dim();
    m_embedding = register_module("embedding",
        torch::nn::EmbeddingBag(torch::nn::EmbeddingBagOptions(o.num_buckets(), width)
                                    .mode(o.weighted() ? torch::nn::EmbeddingBagMode(torch::kSum) : torch::nn::EmbeddingBagMode(torch::kMean))
                                    .sparse(o.sparse())));
    {
        torch::NoGradGuard noGrad;
        if (linear) {
            // A linear model starts where an L2-regularised solver does: every score zero.
            m_embedding->weight.zero_();
        } else {
            // fastText's initialisation, uniform in +-1/dim, instead of EmbeddingBag's N(0, 1):
            // most rows of the table are n-grams that training touches rarely or never (the
            // unique words of one product name, hash buckets no training n-gram lands in). Near
            // zero they add little to the mean of a new document; at N(0, 1) they add random
            // vectors far longer than what training writes, and drown the n-grams that were learnt.
            const double bound = 1.0 / double(o.embedding_dim());
            m_embedding->weight.uniform_(-bound, bound);
        }
    }
    m_scale = linear ? register_buffer("scale", torch::ones({1})) : torch::Tensor();
    m_idf = o.weighted() ? register_buffer("idf", torch::ones({o.num_buckets()})) : torch::Tensor();
    m_hidden = nullptr;
    m_out = nullptr;
    if (linear)
        return;
    int64_t in = width;
    if (o.hidden() > 0) {
        m_hidden = register_module("hidden", torch::nn::Linear(in, o.hidden()));
        in = o.hidden();
    }
    m_out = register_module("out", torch::nn::Linear(in, o.num_classes()));
}

torch::Tensor TextClassifierImpl::forward(const torch::Tensor& indices, const torch::Tensor& offsets, const torch::Tensor& weights)
{
    if (indices.dim() != 1 || offsets.dim() != 1 || indices.scalar_type() != torch::kLong
        || offsets.scalar_type() != torch::kLong || offsets.numel() == 0)
        throw std::invalid_argument(
            "TextClassifier: expected indices [N] and offsets [B >= 1], both int64; got "
            + c10::str(indices.sizes(), " ", indices.scalar_type(), " and ", offsets.sizes(), " ",
                offsets.scalar_type()));
    if (m_options.weighted()
        && (!weights.defined() || weights.dim() != 1 || weights.scalar_type() != torch::kFloat
            || weights.numel() != indices.numel()))
        throw std::invalid_argument("TextClassifier: a weighted model needs weights [N] float32, one per index");
    torch::Tensor t = m_options.weighted() ? m_embedding->forward(indices, offsets, weights)
                                           : m_embedding->forward(indices, offsets);
    if (m_options.dropout() > 0 && is_training())
        t = torch::dropout(t, m_options.dropout(), true);
    if (isLinear())
        return t * m_scale;
    if (!m_hidden.is_empty())
        t = m_hidden->forward(t).relu_();
    return m_out->forward(t);
}

std::vector<torch::Tensor> TextClassifierImpl::sparseParameters() const
{
    return { m_embedding->weight };
}

std::vector<torch::Tensor> TextClassifierImpl::denseParameters() const
{
    std::vector<torch::Tensor> out;
    for (const torch::Tensor& p : parameters()) {
        if (!p.is_same(m_embedding->weight))
            out.push_back(p);
    }
    return out;
}

std::pair<torch::Tensor, torch::Tensor> TextClassifierImpl::toTensors(const TokenBatch& batch)
{
    const auto copy = [](const std::vector<int64_t>& v) {
        return torch::from_blob(
            const_cast<int64_t*>(v.data()), { static_cast<int64_t>(v.size()) }, torch::kLong)
            .clone();
    };
    return { copy(batch.indices), copy(batch.offsets) };
}

}  // namespace mb::models
