#include "training/SparseAdam.h"

#include <cmath>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace mb::training {
namespace {

// The moments of a 2^20 x 64 table are 512 MiB that a step reads at a few thousand random rows:
// with 4 KiB pages nearly every row costs a TLB miss. Huge pages (where the kernel grants them
// on request) make that walk cheap. Best effort: nothing changes if it is refused.
void adviseHugePages(const torch::Tensor& t)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr uintptr_t kHuge = uintptr_t(2) << 20;
    const size_t bytes = size_t(t.numel()) * t.element_size();
    if (bytes < 2 * kHuge)
        return;
    const auto begin = (reinterpret_cast<uintptr_t>(t.data_ptr()) + kHuge - 1) & ~(kHuge - 1);
    const auto end = (reinterpret_cast<uintptr_t>(t.data_ptr()) + bytes) & ~(kHuge - 1);
    if (end > begin)
        madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
    (void)t;
#endif
}

inline void prefetchRange(const void* p, size_t bytes)
{
#if defined(__GNUC__)
    const char* c = static_cast<const char*>(p);
    for (size_t b = 0; b < bytes; b += 64)
        __builtin_prefetch(c + b, 1, 1);
#else
    (void)p;
    (void)bytes;
#endif
}

}  // namespace

SparseAdam::SparseAdam(std::vector<torch::Tensor> parameters, double lr, double beta1, double beta2, double eps, double weightDecay)
    : m_parameters(std::move(parameters)), m_lr(lr), m_beta1(beta1), m_beta2(beta2), m_eps(eps), m_weightDecay(weightDecay)
{
    for (const torch::Tensor& p : m_parameters) {
        // Both moments of a row side by side ([rows, 2, ...]): one random access per row, not two.
        std::vector<int64_t> shape = p.sizes().vec();
        shape.insert(shape.begin() + (shape.empty() ? 0 : 1), 2);
        torch::Tensor moments = torch::empty(shape, p.options().memory_format(torch::MemoryFormat::Contiguous));
        adviseHugePages(moments);
        moments.zero_();
        m_moments.push_back(moments);
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
            && grad.sparse_dim() == 1 && grad._values().scalar_type() == torch::kFloat32
            && p.size(0) <= std::numeric_limits<int32_t>::max()) {
            fusedStep(i, correction1, correction2);
            continue;
        }
        // Anything else (a dense gradient, another dtype or shape): the same update with tensor ops.
        torch::Tensor g = grad.is_sparse() ? grad : grad.to_sparse(1);  // one entry per row
        g = g.coalesce();
        const torch::Tensor rows = g.indices()[0];
        const torch::Tensor values = g.values();
        torch::Tensor firstAll = m_moments[i].select(1, 0);
        torch::Tensor secondAll = m_moments[i].select(1, 1);
        torch::Tensor first = firstAll.index_select(0, rows).mul_(m_beta1).add_(values, 1.0 - m_beta1);
        torch::Tensor second = secondAll.index_select(0, rows).mul_(m_beta2).addcmul_(values, values, 1.0 - m_beta2);
        firstAll.index_copy_(0, rows, first);
        secondAll.index_copy_(0, rows, second);
        const torch::Tensor update = (first / correction1).div_((second / correction2).sqrt_().add_(m_eps)).mul_(-m_lr);
        if (m_weightDecay > 0)
            update.sub_(p.index_select(0, rows), m_lr * m_weightDecay);
        p.index_add_(0, rows, update);
    }
}

// The sparse gradient of an EmbeddingBag is uncoalesced: one value row per index of the batch,
// rows repeating. Coalescing (a sort) and a dozen index_select / index_copy passes over the
// tables cost more than the rest of a training step; summing the duplicates into a scratch
// buffer and then updating each touched row once, in one pass over its weights and moments,
// does the same arithmetic in O(indices). The tables are far larger than the caches, so the
// rows are prefetched a few ahead.
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
    constexpr int64_t kAhead = 8;
    for (int64_t k = 0; k < n; ++k) {
#if defined(__GNUC__)
        if (k + kAhead < n && idx[k + kAhead] >= 0 && idx[k + kAhead] < rows)
            __builtin_prefetch(&m_slot[size_t(idx[k + kAhead])], 1, 1);
#endif
        const int64_t r = idx[k];
        TORCH_CHECK(r >= 0 && r < rows, "SparseAdam: gradient row ", r, " is out of range");
        int32_t slot = m_slot[size_t(r)];
        if (slot < 0) {
            slot = int32_t(m_touched.size());
            m_slot[size_t(r)] = slot;
            m_touched.push_back(r);
            m_sum.resize(m_sum.size() + size_t(dim), 0.0f);
        }
        float* sum = m_sum.data() + int64_t(slot) * dim;
        const float* v = val + k * dim;
        for (int64_t d = 0; d < dim; ++d)
            sum[d] += v[d];
    }

    float* weight = p.data_ptr<float>();
    float* moments = m_moments[i].data_ptr<float>();
    const float b1 = float(m_beta1), b2 = float(m_beta2);
    const float c1 = float(1.0 - m_beta1), c2 = float(1.0 - m_beta2);
    // w -= lr * (m / correction1) / (sqrt(v / correction2) + eps)
    const float stepSize = float(m_lr / correction1);
    const float invSqrtCorrection2 = float(1.0 / std::sqrt(correction2));
    const float eps = float(m_eps);
    const float decay = float(1.0 - m_lr * m_weightDecay);  // decoupled (AdamW) decay of a touched row
    const size_t touched = m_touched.size();
    for (size_t j = 0; j < touched; ++j) {
        if (j + kAhead < touched) {
            const int64_t ahead = m_touched[j + kAhead];
            prefetchRange(weight + ahead * dim, size_t(dim) * sizeof(float));
            prefetchRange(moments + ahead * 2 * dim, size_t(2 * dim) * sizeof(float));
        }
        const int64_t r = m_touched[j];
        m_slot[size_t(r)] = -1;
        const float* g = m_sum.data() + int64_t(j) * dim;
        float* w = weight + r * dim;
        float* m = moments + r * 2 * dim;
        float* v = m + dim;
        int64_t d = 0;
#if defined(__SSE2__)
        const __m128 vb1 = _mm_set1_ps(b1), vb2 = _mm_set1_ps(b2), vc1 = _mm_set1_ps(c1), vc2 = _mm_set1_ps(c2);
        const __m128 vstep = _mm_set1_ps(stepSize), vinv = _mm_set1_ps(invSqrtCorrection2), veps = _mm_set1_ps(eps);
        const __m128 vdecay = _mm_set1_ps(decay);
        for (; d + 4 <= dim; d += 4) {
            const __m128 gd = _mm_loadu_ps(g + d);
            const __m128 md = _mm_add_ps(_mm_mul_ps(vb1, _mm_loadu_ps(m + d)), _mm_mul_ps(vc1, gd));
            const __m128 vd = _mm_add_ps(_mm_mul_ps(vb2, _mm_loadu_ps(v + d)), _mm_mul_ps(vc2, _mm_mul_ps(gd, gd)));
            _mm_storeu_ps(m + d, md);
            _mm_storeu_ps(v + d, vd);
            const __m128 denom = _mm_add_ps(_mm_mul_ps(_mm_sqrt_ps(vd), vinv), veps);
            _mm_storeu_ps(w + d, _mm_sub_ps(_mm_mul_ps(_mm_loadu_ps(w + d), vdecay), _mm_div_ps(_mm_mul_ps(vstep, md), denom)));
        }
#endif
        for (; d < dim; ++d) {
            m[d] = b1 * m[d] + c1 * g[d];
            v[d] = b2 * v[d] + c2 * g[d] * g[d];
            w[d] = w[d] * decay - stepSize * m[d] / (std::sqrt(v[d]) * invSqrtCorrection2 + eps);
        }
    }
}

}  // namespace mb::training
