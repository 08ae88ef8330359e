#include "TabularMLP.h"

#include <torch/torch.h>

#include <stdexcept>

namespace mb::models {

TabularMLPImpl::TabularMLPImpl(TabularMLPOptions options)
    : m_options(std::move(options))
{
    reset();
}

void TabularMLPImpl::reset()
{
    const TabularMLPOptions& o = m_options;
    if (o.in_features() < 1 || o.out_features() < 1)
        throw std::invalid_argument("TabularMLP: in_features and out_features must be at least 1");
    for (int64_t width : o.hidden()) {
        if (width < 1)
            throw std::invalid_argument("TabularMLP: hidden widths must be at least 1");
    }
    if (!(o.dropout() >= 0.0 && o.dropout() < 1.0))
        throw std::invalid_argument("TabularMLP: dropout must be in [0, 1)");
    if (o.activation() == "relu")
        m_activation = Activation::ReLU;
    else if (o.activation() == "gelu")
        m_activation = Activation::GELU;
    else if (o.activation() == "tanh")
        m_activation = Activation::Tanh;
    else
        throw std::invalid_argument(
            "TabularMLP: activation must be relu, gelu or tanh, not '" + o.activation() + "'");

    // Cloneable::clone() calls reset() on a copy: rebuild every submodule from scratch.
    m_hidden.clear();
    m_norms.clear();
    int64_t width = o.in_features();
    for (size_t i = 0; i < o.hidden().size(); ++i) {
        const std::string index = std::to_string(i);
        // A bias in front of BatchNorm is cancelled by its mean subtraction: skip the work.
        m_hidden.push_back(register_module("hidden" + index,
            torch::nn::Linear(
                torch::nn::LinearOptions(width, o.hidden()[i]).bias(!o.batch_norm()))));
        if (o.batch_norm())
            m_norms.push_back(
                register_module("norm" + index, torch::nn::BatchNorm1d(o.hidden()[i])));
        width = o.hidden()[i];
    }
    m_out = register_module("out", torch::nn::Linear(width, o.out_features()));
}

torch::Tensor TabularMLPImpl::forward(const torch::Tensor& x)
{
    if (x.dim() != 2 || x.size(1) != m_options.in_features())
        throw std::invalid_argument("TabularMLP: expected input [B, "
            + std::to_string(m_options.in_features()) + "], got " + c10::str(x.sizes()));
    const double dropout = is_training() ? m_options.dropout() : 0.0;
    torch::Tensor h = x;
    for (size_t i = 0; i < m_hidden.size(); ++i) {
        h = m_hidden[i]->forward(h);
        if (!m_norms.empty())
            h = m_norms[i]->forward(h);
        switch (m_activation) {
        case Activation::ReLU:
            // In place: neither addmm's nor batch norm's backward needs its own output.
            h = torch::relu_(h);
            break;
        case Activation::GELU:
            h = torch::gelu(h);
            break;
        case Activation::Tanh:
            h = torch::tanh(h);
            break;
        }
        if (dropout > 0.0)
            h = torch::dropout(h, dropout, /*train=*/true);
    }
    return m_out->forward(h);
}

}  // namespace mb::models
