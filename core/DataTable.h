#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

#include <vector>

namespace mb {

enum class ColumnType { Numeric, Text };

// One column of a DataTable: numbers or texts, never both.
struct DataColumn {
    QString name;
    ColumnType type = ColumnType::Numeric;
    std::vector<double> numbers;  // when Numeric
    QStringList texts;            // when Text

    qsizetype size() const { return type == ColumnType::Numeric ? qsizetype(numbers.size()) : texts.size(); }
    // The value as text: numbers in their shortest exact form ("0.1", "3", "1e+20").
    QString text(qsizetype row) const;
};

// A column-oriented table: the in-memory form of a dataset version's rows. A plain value;
// copies are cheap for text columns (implicitly shared) and deep for numbers.
struct DataTable {
    QVector<DataColumn> columns;

    qsizetype rowCount() const { return columns.isEmpty() ? 0 : columns.first().size(); }
    int columnCount() const { return columns.size(); }
    // -1 when no column has that name.
    int indexOf(const QString& name) const;
    QStringList columnNames() const;
    // Appends `other`'s rows; its columns must match by name and type (checked by the caller).
    void append(const DataTable& other);
    // Keeps only the rows whose index is listed, in that order.
    DataTable selectRows(const std::vector<qsizetype>& rows) const;
};

// Formats a double in its shortest exact form, as canonical CSV stores numbers.
QString formatNumber(double value);

}  // namespace mb
