#include "DataTable.h"

#include <QLocale>

namespace mb {

QString formatNumber(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QString DataColumn::text(qsizetype row) const
{
    return type == ColumnType::Numeric ? formatNumber(numbers[size_t(row)]) : texts.at(row);
}

int DataTable::indexOf(const QString& name) const
{
    for (int i = 0; i < columns.size(); ++i) {
        if (columns.at(i).name == name)
            return i;
    }
    return -1;
}

QStringList DataTable::columnNames() const
{
    QStringList names;
    for (const DataColumn& column : columns)
        names << column.name;
    return names;
}

void DataTable::append(const DataTable& other)
{
    for (int i = 0; i < columns.size(); ++i) {
        DataColumn& column = columns[i];
        const DataColumn& source = other.columns.at(i);
        if (column.type == ColumnType::Numeric)
            column.numbers.insert(column.numbers.end(), source.numbers.begin(), source.numbers.end());
        else
            column.texts += source.texts;
    }
}

DataTable DataTable::selectRows(const std::vector<qsizetype>& rows) const
{
    DataTable result;
    for (const DataColumn& column : columns) {
        DataColumn selected;
        selected.name = column.name;
        selected.type = column.type;
        if (column.type == ColumnType::Numeric) {
            selected.numbers.reserve(rows.size());
            for (qsizetype row : rows)
                selected.numbers.push_back(column.numbers[size_t(row)]);
        } else {
            selected.texts.reserve(qsizetype(rows.size()));
            for (qsizetype row : rows)
                selected.texts << column.texts.at(row);
        }
        result.columns << selected;
    }
    return result;
}

}  // namespace mb
