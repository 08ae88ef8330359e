#pragma once

#include "CsvReader.h"
#include "DatasetSchema.h"
#include "TableImportOptions.h"

#include <QList>
#include <QStringList>

namespace mb::ui {

// What the import wizard shows of a CSV file before importing it: the first rows exactly as
// the reader splits them with the chosen options, and what core would make of the whole file
// (types, roles, row count), or core's error ("data.csv:17: expected 5 fields, found 4").
struct CsvPreview {
    CsvDialect dialect;           // detected or as chosen; empty columns when unreadable
    QList<QStringList> rows;      // at most the requested number of records
    bool loaded = false;          // core read the whole file: schema, rowCount and notices hold
    DatasetSchema schema;
    qint64 rowCount = 0;
    QStringList notices;          // what core decided on the user's behalf
    QString error;                // core's message when reading or checking failed

    // Reads the first `maxRows` records, then loads the file as the import would (a full
    // pass, so the error of a bad line anywhere shows before importing). Blocking, thread-safe:
    // run it off the GUI thread. Never throws; failures land in `error`.
    static CsvPreview read(const QString& path, const TableImportOptions& options, int maxRows = 50);
};

}  // namespace mb::ui
