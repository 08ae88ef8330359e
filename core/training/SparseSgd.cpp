#include "training/SparseSgd.h"

#include <stdexcept>

namespace mb::training {
namespace {

constexpr double kFoldBelow = 1e-6;  // a scale this small is folded into the table

}  // namespace

SparseSgd::SparseSgd(std::vector<torch::Tensor> parameters, torch::Tensor scale, double lr, double weightDecay)
    : m_parameters(std::move(parameters)), m_scale(std::move(scale)), m_lr(0), m_weightDecay(weightDecay)
{
    setLearningRate(lr);
}

void SparseSgd::setLearningRate(double lr)
{
    if (!(lr * m_weightDecay < 1))
        throw std::invalid_argument("SGD: lr * weight_decay must be below 1, or the decay overshoots zero");
    m_lr = lr;
}

void SparseSgd::zeroGrad()
{
    for (torch::Tensor& p : m_parameters)
        p.mutable_grad() = torch::Tensor();
}

void SparseSgd::step()
{
    torch::NoGradGuard noGrad;
    const double keep = 1.0 - m_lr * m_weightDecay;
    const double scale = m_scale.defined() ? m_scale.item<double>() : 1.0;
    for (torch::Tensor& p : m_parameters) {
        if (!p.grad().defined())
            continue;
        if (m_scale.defined()) {
            // scale' * p' = keep * scale * p - lr * (grad / scale), the gradient of the true
            // weights being the table's divided by the scale. index_add_ sums the entries of
            // rows that repeat, so an uncoalesced gradient needs no sorting first.
            const double alpha = -m_lr / (scale * scale * keep);
            if (p.grad().is_sparse())
                p.index_add_(0, p.grad()._indices()[0], p.grad()._values(), alpha);
            else
                p.add_(p.grad(), alpha);
            continue;
        }
        // A dense gradient becomes sparse in its first dimension only (to_sparse() would make
        // every element an entry): one value row per nonzero table row, each decayed once.
        const torch::Tensor grad = p.grad().is_sparse() ? p.grad().coalesce() : p.grad().to_sparse(1);
        const torch::Tensor rows = grad.indices()[0];
        p.index_copy_(0, rows, p.index_select(0, rows).mul_(keep).sub_(grad.values(), m_lr));
    }
    if (!m_scale.defined())
        return;
    const double next = scale * keep;
    if (next < kFoldBelow) {
        for (torch::Tensor& p : m_parameters)
            p.mul_(next);
        m_scale.fill_(1.0);
    } else {
        m_scale.fill_(next);
    }
}

}  // namespace mb::training
