#pragma once

#include "DataTable.h"
#include "DatasetSchema.h"

#include <QJsonObject>
#include <QVector>

class QIODevice;

namespace mb {

// Rows given as objects of column name -> value (the API's JSON rows, a CSV body read by its
// header, the inputs kept with feedback) turned into a DataTable with exactly the columns,
// order and types of a dataset's schema, ready to be appended to one of its versions.
// Pure functions: thread-safe.
class DatasetRows {
public:
    enum class UnknownColumns {
        Reject,  // a key the dataset has no column for is an error (typos in API rows)
        Ignore,  // such keys are left out (feedback inputs carry whatever the client sent)
    };

    // Numbers are taken from JSON numbers or from text that reads as one; text columns take
    // strings (and numbers, written in their shortest form). Input and label columns need a
    // value; ignored columns may be left out (an empty text, a missing number). Throws
    // InvalidArgument naming `source`, the 0-based row and the column at fault.
    static DataTable fromObjects(const QVector<QJsonObject>& rows, const DatasetSchema& schema, const QString& source,
                                 UnknownColumns unknown = UnknownColumns::Reject);

    // A CSV with a header line, each record as an object of column name -> field text.
    // Throws InvalidArgument (CsvReader's messages, prefixed by `source`) for malformed CSV
    // or a CSV without a header.
    static QVector<QJsonObject> objectsFromCsv(QIODevice& device, const QString& source);
};

}  // namespace mb
