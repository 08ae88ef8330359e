#include "training/SparseAdam.h"

#include <cmath>

namespace mb::training {

SparseAdam::SparseAdam(std::vector<torch::Tensor> parameters, double lr, double beta1, double beta2, double eps)
    : m_parameters(std::move(parameters)), m_lr(lr), m_beta1(beta1), m_beta2(beta2), m_eps(eps)
{
    for (const torch::Tensor& p : m_parameters) {
        m_first.push_back(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
        m_second.push_back(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
    }
}

void SparseAdam::zeroGrad()
{
    for (torch::Tensor& p : m_parameters)
        p.mutable_grad() = torch::Tensor();
}

void SparseAdam::step()
{
    torch::NoGradGuard noGrad;
    ++m_steps;
    const double correction1 = 1.0 - std::pow(m_beta1, double(m_steps));
    const double correction2 = 1.0 - std::pow(m_beta2, double(m_steps));
    for (size_t i = 0; i < m_parameters.size(); ++i) {
        torch::Tensor& p = m_parameters[i];
        if (!p.grad().defined())
            continue;
        const torch::Tensor& grad = p.grad();
        if (grad.is_sparse() && p.dim() == 2 && p.scalar_type() == torch::kFloat32 && p.is_contiguous()
            && grad.sparse_dim() == 1 && grad._values().scalar_type() == torch::kFloat32) {
            fusedStep(i, correction1, correction2);
            continue;
        }
        // Anything else (a dense gradient, another dtype or layout): the same update with tensor ops.
        torch::Tensor g = grad.is_sparse() ? grad : grad.to_sparse();
        g = g.coalesce();
        const torch::Tensor rows = g.indices()[0];
        const torch::Tensor values = g.values();
        torch::Tensor first = m_first[i].index_select(0, rows).mul_(m_beta1).add_(values, 1.0 - m_beta1);
        torch::Tensor second = m_second[i].index_select(0, rows).mul_(m_beta2).addcmul_(values, values, 1.0 - m_beta2);
        m_first[i].index_copy_(0, rows, first);
        m_second[i].index_copy_(0, rows, second);
        const torch::Tensor update = (first / correction1).div_((second / correction2).sqrt_().add_(m_eps)).mul_(-m_lr);
        p.index_add_(0, rows, update);
    }
}

// The sparse gradient of an EmbeddingBag is uncoalesced: one value row per index of the batch,
// rows repeating. Coalescing (a sort) and a dozen index_select / index_copy passes cost more
// than the rest of a training step; summing the duplicates into a scratch buffer and updating
// each touched row once, in one pass over its moments, does the same arithmetic in O(indices).
void SparseAdam::fusedStep(size_t i, double correction1, double correction2)
{
    torch::Tensor& p = m_parameters[i];
    const torch::Tensor grad = p.grad();
    const torch::Tensor indices = grad._indices().select(0, 0).contiguous();
    const torch::Tensor values = grad._values().contiguous();
    const int64_t rows = p.size(0);
    const int64_t dim = p.size(1);
    const int64_t n = indices.numel();
    const int64_t* idx = indices.data_ptr<int64_t>();
    const float* val = values.data_ptr<float>();

    if (int64_t(m_slot.size()) != rows)
        m_slot.assign(size_t(rows), -1);
    m_touched.clear();
    m_sum.clear();
    for (int64_t k = 0; k < n; ++k) {
        const int64_t r = idx[k];
        TORCH_CHECK(r >= 0 && r < rows, "SparseAdam: gradient row ", r, " is out of range");
        int64_t slot = m_slot[size_t(r)];
        if (slot < 0) {
            slot = int64_t(m_touched.size());
            m_slot[size_t(r)] = slot;
            m_touched.push_back(r);
            m_sum.resize(m_sum.size() + size_t(dim), 0.0f);
        }
        float* sum = m_sum.data() + slot * dim;
        const float* v = val + k * dim;
        for (int64_t d = 0; d < dim; ++d)
            sum[d] += v[d];
    }

    float* weight = p.data_ptr<float>();
    float* first = m_first[i].data_ptr<float>();
    float* second = m_second[i].data_ptr<float>();
    const float b1 = float(m_beta1), b2 = float(m_beta2);
    const float c1 = float(1.0 - m_beta1), c2 = float(1.0 - m_beta2);
    // update = -lr * (m / correction1) / (sqrt(v / correction2) + eps)
    const float stepSize = float(m_lr / correction1);
    const float invSqrtCorrection2 = float(1.0 / std::sqrt(correction2));
    const float eps = float(m_eps);
    for (size_t j = 0; j < m_touched.size(); ++j) {
        const int64_t r = m_touched[j];
        m_slot[size_t(r)] = -1;
        const float* g = m_sum.data() + int64_t(j) * dim;
        float* w = weight + r * dim;
        float* m = first + r * dim;
        float* v = second + r * dim;
        for (int64_t d = 0; d < dim; ++d) {
            m[d] = b1 * m[d] + c1 * g[d];
            v[d] = b2 * v[d] + c2 * g[d] * g[d];
            w[d] -= stepSize * m[d] / (std::sqrt(v[d]) * invSqrtCorrection2 + eps);
        }
    }
}

}  // namespace mb::training
