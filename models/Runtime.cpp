#include "Runtime.h"

#include <opencv2/core/version.hpp>
#include <torch/torch.h>

#include <algorithm>

namespace mb::models {

void setComputeThreads(int threads)
{
    at::set_num_threads(std::max(1, threads));
}

int computeThreads()
{
    return at::get_num_threads();
}

std::string libtorchVersion()
{
    return TORCH_VERSION;
}

std::string opencvVersion()
{
    return CV_VERSION;
}

}  // namespace mb::models
