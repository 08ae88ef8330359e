#pragma once

#include <string>

namespace mb::models {

// Process-wide compute settings and library versions. No torch types cross this header.

// Sets the number of intra-op threads LibTorch uses (at least 1). Call before heavy work;
// training, serving and the GUI share the cores, so this is chosen on purpose.
void setComputeThreads(int threads);
int computeThreads();

std::string libtorchVersion();
std::string opencvVersion();

}  // namespace mb::models
