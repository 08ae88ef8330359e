#pragma once

#include "CsvReader.h"
#include "Instance.h"

#include <QJsonArray>

class QIODevice;

namespace mb {

// A CSV read as prediction inputs: each row an instance holding the model's inputs (matched
// to columns by name, or by position when the file has no header and exactly the inputs'
// count of columns), and the row's fields as written, so results can be appended to them.
struct CsvInstances {
    QStringList columns;               // the file's columns
    QVector<QStringList> rows;         // the file's fields per row
    QVector<qint64> lines;             // the line of each row
    QVector<Instance> instances;

    // Throws InvalidArgument naming file, line and column: a missing input column, a value
    // that is not a number for a numeric input. Image inputs cannot come from a CSV.
    static CsvInstances read(QIODevice& device, const QJsonArray& inputs, const QString& sourceName);
};

}  // namespace mb
