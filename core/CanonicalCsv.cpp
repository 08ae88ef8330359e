#include "CanonicalCsv.h"

#include "CsvReader.h"
#include "Error.h"

#include <QBuffer>

namespace mb {
namespace {

void appendField(QByteArray& out, const QString& field)
{
    const QByteArray utf8 = field.toUtf8();
    const bool quote = utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r') ||
                       (!utf8.isEmpty() && (utf8.front() == ' ' || utf8.back() == ' '));
    if (!quote) {
        out += utf8;
        return;
    }
    out += '"';
    for (char c : utf8) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

}  // namespace

QByteArray CanonicalCsv::write(const DataTable& table)
{
    QByteArray out;
    for (int c = 0; c < table.columnCount(); ++c) {
        if (c > 0)
            out += ',';
        appendField(out, table.columns.at(c).name);
    }
    out += '\n';
    const qsizetype rows = table.rowCount();
    for (qsizetype row = 0; row < rows; ++row) {
        for (int c = 0; c < table.columnCount(); ++c) {
            if (c > 0)
                out += ',';
            const DataColumn& column = table.columns.at(c);
            if (column.type == ColumnType::Numeric)
                out += formatNumber(column.numbers[size_t(row)]).toLatin1();
            else
                appendField(out, column.texts.at(row));
        }
        out += '\n';
    }
    return out;
}

DataTable CanonicalCsv::read(const QByteArray& bytes, const DatasetSchema& schema)
{
    DataTable table;
    for (const ColumnSpec& spec : schema.columns) {
        DataColumn column;
        column.name = spec.name;
        column.type = spec.type;
        table.columns << column;
    }
    QByteArray copy = bytes;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    CsvOptions options;
    options.delimiter = ',';
    options.header = CsvOptions::Header::Yes;
    options.sourceName = QStringLiteral("stored dataset");
    try {
        CsvReader reader(options);
        reader.read(buffer, [&](const CsvRecord& record) {
            if (record.fields.size() != table.columnCount())
                throw Error(ErrorCode::Corrupt, QStringLiteral("stored dataset has %1 columns, its schema %2").arg(record.fields.size()).arg(table.columnCount()));
            for (int c = 0; c < table.columnCount(); ++c) {
                DataColumn& column = table.columns[c];
                if (column.type == ColumnType::Text) {
                    column.texts << record.fields.at(c);
                    continue;
                }
                bool ok = false;
                const double value = record.fields.at(c).toDouble(&ok);
                if (!ok)
                    throw Error(ErrorCode::Corrupt, QStringLiteral("stored dataset line %1: '%2' is not a number").arg(record.line).arg(record.fields.at(c).left(40)));
                column.numbers.push_back(value);
            }
        });
        if (reader.dialect().columns != table.columnNames())
            throw Error(ErrorCode::Corrupt, QStringLiteral("stored dataset's columns do not match its schema"));
    } catch (const Error& error) {
        if (error.code() == ErrorCode::Corrupt)
            throw;
        throw Error(ErrorCode::Corrupt, QStringLiteral("stored dataset is damaged: %1").arg(error.message()));
    }
    return table;
}

}  // namespace mb
