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
        torch::Tensor grad = p.grad();
        if (!grad.is_sparse()) {
            grad = grad.to_sparse();
        }
        grad = grad.coalesce();
        const torch::Tensor rows = grad.indices()[0];
        const torch::Tensor values = grad.values();
        torch::Tensor first = m_first[i].index_select(0, rows).mul_(m_beta1).add_(values, 1.0 - m_beta1);
        torch::Tensor second = m_second[i].index_select(0, rows).mul_(m_beta2).addcmul_(values, values, 1.0 - m_beta2);
        m_first[i].index_copy_(0, rows, first);
        m_second[i].index_copy_(0, rows, second);
        const torch::Tensor update = (first / correction1).div_((second / correction2).sqrt_().add_(m_eps)).mul_(-m_lr);
        p.index_add_(0, rows, update);
    }
}

}  // namespace mb::training
