#pragma once

#include "DataTable.h"
#include "DatasetSchema.h"
#include "DatasetSplit.h"
#include "DatasetVersionInfo.h"

#include <vector>

namespace mb {

// A dataset version loaded with its rows: what training, evaluation and export read.
struct DatasetVersion {
    DatasetVersionInfo info;
    DatasetSchema schema;
    DataTable table;
    std::vector<Split> split;  // one per row
};

}  // namespace mb
