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
    if (o.num_classes() < 1 || o.num_buckets() < 2 || o.embedding_dim() < 1 || o.hidden() < 0
        || !(o.dropout() >= 0 && o.dropout() < 1))
        throw std::invalid_argument("TextClassifier: need num_classes >= 1, num_buckets >= 2, "
                                    "embedding_dim >= 1, hidden >= 0 and 0 <= dropout < 1");

    m_embedding = register_module("embedding",
        torch::nn::EmbeddingBag(torch::nn::EmbeddingBagOptions(o.num_buckets(), o.embedding_dim())
                                    .mode(torch::kMean)
                                    .sparse(o.sparse())));
    // fastText's initialisation, uniform in +-1/dim, instead of EmbeddingBag's N(0, 1): most
    // rows of the table are n-grams that training touches rarely or never (the unique words of
    // one product name, hash buckets no training n-gram lands in). Near zero they add little to
    // the mean of a new document; at N(0, 1) they add random vectors far longer than what
    // training writes, and drown the n-grams that were learnt.
    {
        torch::NoGradGuard noGrad;
        const double bound = 1.0 / double(o.embedding_dim());
        m_embedding->weight.uniform_(-bound, bound);
    }
    int64_t width = o.embedding_dim();
    if (o.hidden() > 0) {
        m_hidden = register_module("hidden", torch::nn::Linear(width, o.hidden()));
        width = o.hidden();
    } else {
        m_hidden = nullptr;
    }
    m_out = register_module("out", torch::nn::Linear(width, o.num_classes()));
}

torch::Tensor TextClassifierImpl::forward(const torch::Tensor& indices, const torch::Tensor& offsets)
{
    if (indices.dim() != 1 || offsets.dim() != 1 || indices.scalar_type() != torch::kLong
        || offsets.scalar_type() != torch::kLong || offsets.numel() == 0)
        throw std::invalid_argument(
            "TextClassifier: expected indices [N] and offsets [B >= 1], both int64; got "
            + c10::str(indices.sizes(), " ", indices.scalar_type(), " and ", offsets.sizes(), " ",
                offsets.scalar_type()));
    torch::Tensor t = m_embedding->forward(indices, offsets);
    if (m_options.dropout() > 0 && is_training())
        t = torch::dropout(t, m_options.dropout(), true);
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
