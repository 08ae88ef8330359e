#pragma once

#include "DataTable.h"
#include "DatasetSchema.h"
#include "DatasetSplit.h"
#include "TableImportOptions.h"

#include <QStringList>

#include <vector>

namespace mb {

// A CSV file read into a typed table with roles, ready to become a dataset version.
struct LoadedTable {
    DataTable table;
    DatasetSchema schema;
    CsvDialect dialect;
    std::vector<Split> split;  // from the split column; empty when there is none
    QStringList notices;       // what was decided on the user's behalf (ignored ids, ...)
};

// Reads a CSV file into a LoadedTable: detects the dialect and each column's type (numeric
// when every present value is a number), resolves roles and the label kind, and applies the
// missing-value policy. Streams the file twice (types first, values second), so memory holds
// only the typed columns. Every problem is an mb::Error(InvalidArgument) naming the file,
// line and column. Thread-safe: no shared state.
class CsvTableLoader {
public:
    static LoadedTable load(const QString& path, const TableImportOptions& options);

    // Reads another file (an append, a separate test file) with exactly the columns and
    // roles of `schema`, matched by name.
    static LoadedTable loadLike(const QString& path, const DatasetSchema& schema, const TableImportOptions& options);
};

}  // namespace mb
