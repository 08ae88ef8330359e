#pragma once

#include "CsvReader.h"
#include "DatasetSchema.h"

#include <QStringList>

#include <optional>

namespace mb {

// How a CSV file becomes a table with column roles. Every field has a default that suits
// a typical file; the CLI flags and the import wizard set them.
struct TableImportOptions {
    enum class Missing {
        Reject,  // a missing value is an error naming file, line and column (default)
        Mean,    // numeric features: replaced by the column's mean
        Drop,    // rows with a missing value in a used column are left out
    };

    CsvOptions csv;  // delimiter and header: detected by default
    // The label column, by name or 0-based index. Default (empty): the column named label,
    // target, class, category or y (any case), else an error asking for it.
    QString label;
    // Numeric input columns. Default (empty, and `text` empty too): every other numeric
    // column except identifier-like ones (named id or *_id).
    QStringList features;
    // Text input columns. Default (empty, and `features` empty too): every other non-numeric
    // column except identifier-like ones (every value distinct and without spaces).
    // When `features` or `text` is given, the columns named in neither are ignored.
    QStringList text;
    // Columns never used as input (kept in the data and in exports).
    QStringList ignore;
    Missing missing = Missing::Reject;
    // Classification or regression. Default: regression for a numeric label with fractions,
    // or with more than 20 distinct values making up over 5% of the rows; else classification.
    std::optional<LabelKind> task;
    // A column holding train/val/test per row, used instead of a random split.
    QString splitColumn;
};

}  // namespace mb
