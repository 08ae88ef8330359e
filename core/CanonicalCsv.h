#pragma once

#include "DataTable.h"
#include "DatasetSchema.h"

#include <QByteArray>

namespace mb {

// The stored form of a dataset version's rows: UTF-8, comma-separated, LF line ends, a
// header, RFC 4180 quoting only where needed, numbers in their shortest exact form. The
// same table always gives the same bytes, so its hash identifies the content.
class CanonicalCsv {
public:
    static QByteArray write(const DataTable& table);
    // Reads bytes written by write() back into a table typed by `schema`. Throws Corrupt
    // when they do not match the schema.
    static DataTable read(const QByteArray& bytes, const DatasetSchema& schema);
};

}  // namespace mb
