#include "GestureCNN.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace mb::models {
namespace {

// relu(max_pool2d(x, 2)) for float NCHW input, which equals max_pool2d(relu(x), 2) as ReLU is
// monotonic, in one pass. Why not LibTorch's ops: in 1.13 the NCHW max_pool2d CPU kernel takes
// about a quarter of a training step of the default network (it is slower than the convolution
// forward), and a ReLU before the pool reads and writes the full-size map twice more (forward
// and backward). This kernel keeps, per output, which of the four inputs won (1 byte instead of
// an int64 index; 4 = none, the output was clamped to 0), so backward is a single write pass.
// Ties go to the first maximum in row-major order and NaN propagates, as in max_pool2d; odd
// trailing rows/columns are dropped (floor mode). First-order gradients only.
class ReluMaxPool2x2 : public torch::autograd::Function<ReluMaxPool2x2> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input)
    {
        const torch::Tensor x = input.contiguous();
        const int64_t planes = x.size(0) * x.size(1), h = x.size(2), w = x.size(3);
        const int64_t ho = h / 2, wo = w / 2;
        torch::Tensor out = torch::empty({ x.size(0), x.size(1), ho, wo }, x.options());
        torch::Tensor winner = torch::empty(out.sizes(), x.options().dtype(torch::kByte));
        const float* src = x.data_ptr<float>();
        float* dst = out.data_ptr<float>();
        uint8_t* win = winner.data_ptr<uint8_t>();
        at::parallel_for(0, planes, grainPlanes(h * w), [&](int64_t begin, int64_t end) {
            for (int64_t p = begin; p < end; ++p) {
                const float* in = src + p * h * w;
                float* o = dst + p * ho * wo;
                uint8_t* k = win + p * ho * wo;
                for (int64_t i = 0; i < ho; ++i) {
                    const float* r0 = in + 2 * i * w;
                    const float* r1 = r0 + w;
                    float* orow = o + i * wo;
                    uint8_t* krow = k + i * wo;
                    // Written so that it compiles without data-dependent branches (maxss and
                    // 0/1 arithmetic): on random activations branches mispredict half the time,
                    // which made a straightforward loop 2.5x slower. Each comparison keeps the
                    // earlier value on a tie, so the first maximum wins as in max_pool2d.
                    int nans = 0;
                    for (int64_t j = 0; j < wo; ++j) {
                        const float a = r0[2 * j], b = r0[2 * j + 1];
                        const float c = r1[2 * j], d = r1[2 * j + 1];
                        const float m0 = a < b ? b : a, m1 = c < d ? d : c;
                        const float m = m0 < m1 ? m1 : m0;
                        const int right0 = b > a, right1 = d > c, lower = m1 > m0;
                        const int pass = m > 0.0f;
                        const int arg = lower * (2 + right1) + (1 - lower) * right0;
                        orow[j] = 0.0f < m ? m : 0.0f;
                        krow[j] = static_cast<uint8_t>(pass * arg + (1 - pass) * 4);
                        nans |= (a != a) | (b != b) | (c != c) | (d != d);
                    }
                    if (nans != 0)
                        nanRow(r0, r1, orow, krow, wo);
                }
            }
        });
        ctx->save_for_backward({ winner });
        ctx->saved_data["h"] = h;
        ctx->saved_data["w"] = w;
        return out;
    }

    static torch::autograd::variable_list backward(
        torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads)
    {
        const torch::Tensor winner = ctx->get_saved_variables()[0];
        const torch::Tensor g = grads[0].contiguous();
        const int64_t h = ctx->saved_data["h"].toInt(), w = ctx->saved_data["w"].toInt();
        const int64_t planes = winner.size(0) * winner.size(1), ho = h / 2, wo = w / 2;
        // Every element is written below (odd tails explicitly), so no zero-fill pass.
        torch::Tensor gradIn = torch::empty({ winner.size(0), winner.size(1), h, w }, g.options());
        const float* gs = g.data_ptr<float>();
        const uint8_t* win = winner.data_ptr<uint8_t>();
        float* gi = gradIn.data_ptr<float>();
        at::parallel_for(0, planes, grainPlanes(h * w), [&](int64_t begin, int64_t end) {
            for (int64_t p = begin; p < end; ++p) {
                const float* go = gs + p * ho * wo;
                const uint8_t* k = win + p * ho * wo;
                float* plane = gi + p * h * w;
                for (int64_t i = 0; i < ho; ++i) {
                    float* r0 = plane + 2 * i * w;
                    float* r1 = r0 + w;
                    for (int64_t j = 0; j < wo; ++j) {
                        const float v = go[i * wo + j];
                        const uint8_t arg = k[i * wo + j];
                        r0[2 * j] = keepIf(v, arg == 0);
                        r0[2 * j + 1] = keepIf(v, arg == 1);
                        r1[2 * j] = keepIf(v, arg == 2);
                        r1[2 * j + 1] = keepIf(v, arg == 3);
                    }
                    if (w % 2 != 0) {
                        r0[w - 1] = 0.0f;
                        r1[w - 1] = 0.0f;
                    }
                }
                if (h % 2 != 0)
                    std::fill(plane + (h - 1) * w, plane + h * w, 0.0f);
            }
        });
        return { gradIn };
    }

private:
    // max_pool2d's scan for a row that holds a NaN: NaN wins and propagates through the ReLU.
    static void nanRow(const float* r0, const float* r1, float* orow, uint8_t* krow, int64_t wo)
    {
        for (int64_t j = 0; j < wo; ++j) {
            const float v[4] = { r0[2 * j], r0[2 * j + 1], r1[2 * j], r1[2 * j + 1] };
            float m = v[0];
            uint8_t arg = 0;
            for (uint8_t q = 1; q < 4; ++q) {
                if (v[q] > m || std::isnan(v[q])) {
                    m = v[q];
                    arg = q;
                }
            }
            const bool pass = m > 0.0f || std::isnan(m);
            orow[j] = pass ? m : 0.0f;
            krow[j] = pass ? arg : 4;
        }
    }

    // v or +0, by masking the bits: a select would compile to a branch that mispredicts (6x
    // slower backward), and v * flag would turn an infinite gradient into NaN.
    static float keepIf(float v, bool keep)
    {
        uint32_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        bits &= 0u - static_cast<uint32_t>(keep);
        std::memcpy(&v, &bits, sizeof bits);
        return v;
    }

    // Enough planes per task that a thread gets about 32K elements (ATen's usual grain).
    static int64_t grainPlanes(int64_t planeSize)
    {
        return std::max<int64_t>(1, 32768 / std::max<int64_t>(1, planeSize));
    }
};

torch::Tensor reluMaxPool2x2(const torch::Tensor& x)
{
    if (x.scalar_type() != torch::kFloat || !x.device().is_cpu())
        return torch::max_pool2d(torch::relu(x), 2);
    return ReluMaxPool2x2::apply(x);
}

}  // namespace

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
    if (o.in_channels() < 1 || o.height() < 2 || o.height() > 1024 || o.width() < 2
        || o.width() > 1024)
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
            m_convs.push_back(register_module("conv" + name,
                torch::nn::Conv2d(
                    torch::nn::Conv2dOptions(in, out, 3).padding(1).bias(!o.batch_norm()))));
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
    if (x.dim() != 4 || x.size(1) != o.in_channels() || x.size(2) != o.height()
        || x.size(3) != o.width())
        throw std::invalid_argument("GestureCNN: expected input [B, "
            + std::to_string(o.in_channels()) + ", " + std::to_string(o.height()) + ", "
            + std::to_string(o.width()) + "], got " + c10::str(x.sizes()));
    torch::Tensor t = x;
    for (size_t i = 0; i < m_convs.size(); ++i) {
        t = m_convs[i]->forward(t);
        if (!m_norms.empty())
            t = m_norms[i]->forward(t);
        if (m_poolAfter[i]) {
            t = reluMaxPool2x2(t);
        } else {
            // In place: neither convolution's nor batch norm's backward needs its own output.
            t = torch::relu_(t);
        }
    }
    t = o.global_pool() ? t.mean({ 2, 3 }) : t.flatten(1);
    if (is_training() && o.dropout() > 0.0)
        t = torch::dropout(t, o.dropout(), /*train=*/true);
    if (!m_hidden.is_empty())
        t = m_hidden->forward(t).relu_();
    return m_out->forward(t);
}

}  // namespace mb::models
