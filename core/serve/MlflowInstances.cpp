#include "MlflowInstances.h"

#include "Error.h"
#include "JsonInstances.h"

#include <QJsonObject>

namespace mb::serve {
namespace {

const QStringList kFormats { QStringLiteral("dataframe_split"), QStringLiteral("dataframe_records"),
    QStringLiteral("instances"), QStringLiteral("inputs") };

Error invalid(const QString& message)
{
    return Error(ErrorCode::InvalidArgument, message);
}

QJsonArray arrayOf(const QJsonValue& value, const QString& what)
{
    if (!value.isArray())
        throw invalid(QStringLiteral("%1 must be a list").arg(what));
    return value.toArray();
}

QVector<Instance> rowsOf(const QJsonArray& rows, const QJsonArray& inputs)
{
    QVector<Instance> instances;
    instances.reserve(rows.size());
    for (int i = 0; i < rows.size(); ++i)
        instances << JsonInstances::instance(rows.at(i), inputs, i);
    return instances;
}

QVector<Instance> dataframeSplit(const QJsonValue& value, const QJsonArray& inputs)
{
    if (!value.isObject())
        throw invalid(QStringLiteral(
            "\"dataframe_split\" must be an object {\"columns\": [...], \"data\": [[...], ...]}"));
    const QJsonObject frame = value.toObject();
    const QJsonArray data = arrayOf(
        frame.value(QStringLiteral("data")), QStringLiteral("\"dataframe_split\".\"data\""));
    if (!frame.contains(QStringLiteral("columns")))
        return rowsOf(data, inputs);
    const QJsonArray columns = arrayOf(
        frame.value(QStringLiteral("columns")), QStringLiteral("\"dataframe_split\".\"columns\""));
    QVector<Instance> instances;
    instances.reserve(data.size());
    for (int i = 0; i < data.size(); ++i) {
        const QJsonArray row
            = arrayOf(data.at(i), QStringLiteral("\"dataframe_split\".\"data\"[%1]").arg(i));
        if (row.size() != columns.size())
            throw invalid(QStringLiteral("\"dataframe_split\": row %1 has %2 values for %3 columns")
                              .arg(i)
                              .arg(row.size())
                              .arg(columns.size()));
        QJsonObject named;
        for (int c = 0; c < columns.size(); ++c) {
            if (!columns.at(c).isString())
                throw invalid(QStringLiteral(
                    "\"dataframe_split\".\"columns\"[%1] must be a column name (a string)")
                                  .arg(c));
            named.insert(columns.at(c).toString(), row.at(c));
        }
        instances << JsonInstances::instance(named, inputs, i);
    }
    return instances;
}

// {"a": [1, 2], "b": [3, 4]} -> [{"a": 1, "b": 3}, {"a": 2, "b": 4}]
QJsonArray columnsToRows(const QJsonObject& columns, const QString& key)
{
    qsizetype length = -1;
    for (auto it = columns.constBegin(); it != columns.constEnd(); ++it) {
        const QJsonArray column
            = arrayOf(it.value(), QStringLiteral("\"%1\".\"%2\"").arg(key, it.key()));
        if (length >= 0 && column.size() != length)
            throw invalid(
                QStringLiteral("\"%1\": column '%2' has %3 values, the columns before it %4")
                    .arg(key, it.key())
                    .arg(column.size())
                    .arg(length));
        length = column.size();
    }
    QJsonArray rows;
    for (qsizetype i = 0; i < length; ++i) {
        QJsonObject row;
        for (auto it = columns.constBegin(); it != columns.constEnd(); ++it)
            row.insert(it.key(), it.value().toArray().at(i));
        rows.append(row);
    }
    return rows;
}

}  // namespace

QVector<Instance> MlflowInstances::parse(const QJsonValue& body, const QJsonArray& inputs)
{
    if (!body.isObject())
        throw invalid(QStringLiteral("the body must be a JSON object with one of the keys %1")
                          .arg(kFormats.join(QLatin1String(", "))));
    const QJsonObject object = body.toObject();
    QStringList given;
    for (const QString& format : kFormats) {
        if (object.contains(format))
            given << format;
    }
    if (given.size() != 1) {
        throw invalid(given.isEmpty() ? QStringLiteral("the body needs one of the keys %1")
                                            .arg(kFormats.join(QLatin1String(", ")))
                                      : QStringLiteral("give one of %1, not several")
                                            .arg(given.join(QLatin1String(", "))));
    }
    const QString format = given.first();
    const QJsonValue value = object.value(format);
    QVector<Instance> instances;
    if (format == QLatin1String("dataframe_split"))
        instances = dataframeSplit(value, inputs);
    else if (format == QLatin1String("dataframe_records"))
        instances = rowsOf(arrayOf(value, QStringLiteral("\"dataframe_records\"")), inputs);
    else if (value.isObject())
        instances = rowsOf(columnsToRows(value.toObject(), format), inputs);
    else
        instances = rowsOf(arrayOf(value, QStringLiteral("\"%1\"").arg(format)), inputs);
    if (instances.isEmpty())
        throw invalid(QStringLiteral("\"%1\" holds no rows to predict").arg(format));
    return instances;
}

}  // namespace mb::serve
