#pragma once

#include <torch/nn/module.h>

#include <string>

namespace torch::jit {
struct Module;
}

namespace mb::models {

// Builds a TorchScript module from trained tensors and TorchScript source, so that plain
// PyTorch (`torch.jit.load`) runs the model without Modelbench. Tensors are attributes named
// after their module path with '.' replaced by '_' ("hidden0.weight" -> hidden0_weight).
class ScriptModuleBuilder {
public:
    ScriptModuleBuilder();
    ~ScriptModuleBuilder();

    // Every parameter and buffer of `module` (num_batches_tracked excluded).
    void addModule(const torch::nn::Module& module);
    void addTensor(const std::string& name, const torch::Tensor& tensor);
    // Compiles `source` (methods such as `def forward(self, x): ...`). Throws
    // std::invalid_argument with the compiler's message if it does not compile.
    void define(const std::string& source);
    // Writes the module to `path` (a .pt file).
    void save(const std::string& path) const;
    torch::jit::Module& module();

private:
    std::unique_ptr<torch::jit::Module> m_module;
};

}  // namespace mb::models
