#pragma once

#include <torch/nn/module.h>

#include <string>

namespace mb::models {

// A module's parameters and buffers as bytes (a LibTorch archive), and back. load() needs a
// module of the same architecture; it throws std::invalid_argument when the bytes do not fit.
std::string saveModule(const torch::nn::Module& module);
void loadModule(torch::nn::Module& module, const std::string& bytes);

}  // namespace mb::models
