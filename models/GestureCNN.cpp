#include "GestureCNN.h"

#include <torch/torch.h>

#include <stdexcept>

namespace mb::models {

GestureCNNImpl::GestureCNNImpl(GestureCNNOptions options)
    : m_options(std::move(options))
{
    reset();
}

void GestureCNNImpl::reset()
{
    const GestureCNNOptions& o = m_options;
    auto fail = [](const std::string& what) { throw std::invalid_argument("GestureCNN: " + what); };
    if (o.num_classes() < 1)
        fail("num_classes must be at least 1");
    if (o.in_channels() < 1 || o.height() < 2 || o.height() > 1024 || o.width() < 2 || o.width() > 1024)
        fail("in_channels must be >= 1 and height, width in [2, 1024]");
    if (o.channels().empty())
        fail("channels needs at least one block");
    for (int64_t c : o.channels()) {
        if (c < 1)
            fail("channels must be at least 1");
    }
    if (o.convs_per_block() < 1 || o.convs_per_block() > 4)
        fail("convs_per_block must be in [1, 4]");
    if (!(o.dropout() >= 0.0 && o.dropout() < 1.0))
        fail("dropout must be in [0, 1)");
    if (o.hidden() < 0)
        fail("hidden must be >= 0 (0 = none)");

    // Cloneable::clone() calls reset() on a copy: rebuild every submodule from scratch.
    m_convs.clear();
    m_norms.clear();
    m_poolAfter.clear();
    int64_t in = o.in_channels(), h = o.height(), w = o.width();
    for (size_t b = 0; b < o.channels().size(); ++b) {
        const int64_t out = o.channels()[b];
        for (int64_t k = 0; k < o.convs_per_block(); ++k) {
            const std::string name = std::to_string(b) + "_" + std::to_string(k);
            // A bias in front of BatchNorm is cancelled by its mean subtraction: skip the work.
            m_convs.push_back(register_module(
                "conv" + name, torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1).bias(!o.batch_norm()))));
            if (o.batch_norm())
                m_norms.push_back(register_module("norm" + name, torch::nn::BatchNorm2d(out)));
            m_poolAfter.push_back(false);
            in = out;
        }
        if (h / 2 >= 2 && w / 2 >= 2) {
            m_poolAfter.back() = true;
            h /= 2;
            w /= 2;
        }
    }
    const int64_t features = o.global_pool() ? in : in * h * w;
    if (o.hidden() > 0) {
        m_hidden = register_module("hidden", torch::nn::Linear(features, o.hidden()));
        m_out = register_module("out", torch::nn::Linear(o.hidden(), o.num_classes()));
    } else {
        m_hidden = nullptr;
        m_out = register_module("out", torch::nn::Linear(features, o.num_classes()));
    }
}

torch::Tensor GestureCNNImpl::forward(const torch::Tensor& x)
{
    const GestureCNNOptions& o = m_options;
    if (x.dim() != 4 || x.size(1) != o.in_channels() || x.size(2) != o.height() || x.size(3) != o.width())
        throw std::invalid_argument("GestureCNN: expected input [B, " + std::to_string(o.in_channels()) + ", "
                                    + std::to_string(o.height()) + ", " + std::to_string(o.width()) + "], got "
                                    + c10::str(x.sizes()));
    torch::Tensor t = x;
    for (size_t i = 0; i < m_convs.size(); ++i) {
        t = m_convs[i]->forward(t);
        if (!m_norms.empty())
            t = m_norms[i]->forward(t);
        // In place: neither convolution's nor batch norm's backward needs its own output.
        t = torch::relu_(t);
        if (m_poolAfter[i])
            t = torch::max_pool2d(t, 2);
    }
    t = o.global_pool() ? t.mean({ 2, 3 }) : t.flatten(1);
    if (is_training() && o.dropout() > 0.0)
        t = torch::dropout(t, o.dropout(), /*train=*/true);
    if (!m_hidden.is_empty())
        t = m_hidden->forward(t).relu_();
    return m_out->forward(t);
}

}  // namespace mb::models
