#include "ScriptModuleBuilder.h"

#include <torch/script.h>

#include <algorithm>
#include <stdexcept>

namespace mb::models {

ScriptModuleBuilder::ScriptModuleBuilder() : m_module(std::make_unique<torch::jit::Module>("ModelbenchModel")) {}
ScriptModuleBuilder::~ScriptModuleBuilder() = default;

void ScriptModuleBuilder::addTensor(const std::string& name, const torch::Tensor& tensor)
{
    m_module->register_buffer(name, tensor.detach().clone().contiguous());
}

void ScriptModuleBuilder::addModule(const torch::nn::Module& module)
{
    const auto add = [this](std::string name, const torch::Tensor& tensor) {
        if (name.size() >= 19 && name.compare(name.size() - 19, 19, "num_batches_tracked") == 0)
            return;
        std::replace(name.begin(), name.end(), '.', '_');
        addTensor(name, tensor);
    };
    for (const auto& item : module.named_parameters())
        add(item.key(), item.value());
    for (const auto& item : module.named_buffers())
        add(item.key(), item.value());
}

void ScriptModuleBuilder::define(const std::string& source)
{
    try {
        m_module->define(source);
    } catch (const c10::Error& error) {
        throw std::invalid_argument(std::string("TorchScript does not compile: ") + error.what_without_backtrace());
    }
}

void ScriptModuleBuilder::save(const std::string& path) const
{
    m_module->save(path);
}

torch::jit::Module& ScriptModuleBuilder::module()
{
    return *m_module;
}

}  // namespace mb::models
