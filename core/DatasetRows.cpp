#include "DatasetRows.h"

#include "CsvReader.h"
#include "Error.h"

#include <QSet>

#include <cmath>

namespace mb {
namespace {

Error badValue(const QString& source, qsizetype row, const QString& column, const QString& why)
{
    return Error(ErrorCode::InvalidArgument, QStringLiteral("%1: row %2, column '%3': %4").arg(source).arg(row).arg(column, why));
}

// The cell of a numeric column: NaN marks a missing value, as CsvTableLoader stores it.
double numberOf(const QJsonValue& value, const ColumnSpec& spec, const QString& source, qsizetype row)
{
    if (value.isDouble())
        return value.toDouble();
    if (value.isString()) {
        const QString text = value.toString().trimmed();
        if (text.isEmpty())
            return std::nan("");
        bool ok = false;
        const double number = text.toDouble(&ok);
        if (ok && std::isfinite(number))
            return number;
        throw badValue(source, row, spec.name, QStringLiteral("'%1' is not a number").arg(text.left(40)));
    }
    if (value.isUndefined() || value.isNull())
        return std::nan("");
    throw badValue(source, row, spec.name, QStringLiteral("expected a number"));
}

QString textOf(const QJsonValue& value, const ColumnSpec& spec, const QString& source, qsizetype row)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return formatNumber(value.toDouble());
    if (value.isUndefined() || value.isNull())
        return {};
    throw badValue(source, row, spec.name, QStringLiteral("expected a string"));
}

bool needsValue(const ColumnSpec& spec)
{
    return spec.role != ColumnRole::Ignore;
}

}  // namespace

DataTable DatasetRows::fromObjects(const QVector<QJsonObject>& rows, const DatasetSchema& schema, const QString& source,
                                   UnknownColumns unknown)
{
    QSet<QString> known;
    DataTable table;
    for (const ColumnSpec& spec : schema.columns) {
        known.insert(spec.name);
        DataColumn column;
        column.name = spec.name;
        column.type = spec.type;
        table.columns << column;
    }
    for (qsizetype row = 0; row < rows.size(); ++row) {
        const QJsonObject& object = rows.at(row);
        if (unknown == UnknownColumns::Reject) {
            for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
                if (!known.contains(it.key())) {
                    QStringList names;
                    for (const ColumnSpec& spec : schema.columns)
                        names << spec.name;
                    throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: row %2: the dataset has no column '%3' (its columns: %4)")
                                                                .arg(source).arg(row).arg(it.key(), names.join(QLatin1String(", "))));
                }
            }
        }
        for (int c = 0; c < schema.columns.size(); ++c) {
            const ColumnSpec& spec = schema.columns.at(c);
            const QJsonValue value = object.value(spec.name);
            DataColumn& column = table.columns[c];
            if (spec.type == ColumnType::Numeric) {
                const double number = numberOf(value, spec, source, row);
                if (std::isnan(number) && needsValue(spec))
                    throw badValue(source, row, spec.name, QStringLiteral("a value is required"));
                column.numbers.push_back(number);
            } else {
                const QString text = textOf(value, spec, source, row);
                if (text.trimmed().isEmpty() && needsValue(spec))
                    throw badValue(source, row, spec.name, QStringLiteral("a value is required"));
                column.texts << text;
            }
        }
    }
    return table;
}

QVector<QJsonObject> DatasetRows::objectsFromCsv(QIODevice& device, const QString& source)
{
    CsvOptions options;
    options.header = CsvOptions::Header::Yes;
    options.sourceName = source;
    QVector<QJsonObject> rows;
    CsvReader reader(options);
    reader.read(device, [&](const CsvRecord& record) {
        const QStringList& columns = reader.dialect().columns;
        QJsonObject object;
        for (int c = 0; c < columns.size(); ++c)
            object.insert(columns.at(c), record.fields.at(c));
        rows << object;
    });
    return rows;
}

}  // namespace mb
