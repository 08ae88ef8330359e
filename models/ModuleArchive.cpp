#include "ModuleArchive.h"

#include <torch/serialize.h>

#include <sstream>
#include <stdexcept>

namespace mb::models {

std::string saveModule(const torch::nn::Module& module)
{
    torch::serialize::OutputArchive archive;
    module.save(archive);
    std::ostringstream out;
    archive.save_to(out);
    return out.str();
}

void loadModule(torch::nn::Module& module, const std::string& bytes)
{
    try {
        std::istringstream in(bytes);
        torch::serialize::InputArchive archive;
        archive.load_from(in);
        module.load(archive);
    } catch (const c10::Error& error) {
        throw std::invalid_argument(std::string("the weights do not fit this model: ") + error.what_without_backtrace());
    }
}

}  // namespace mb::models
