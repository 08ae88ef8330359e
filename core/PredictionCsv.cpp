#include "PredictionCsv.h"

#include "CanonicalCsv.h"
#include "DataTable.h"

namespace mb {

QStringList PredictionCsv::csvHeader(bool regression, int topK)
{
    if (regression)
        return {QStringLiteral("prediction")};
    QStringList header = {QStringLiteral("label"), QStringLiteral("confidence")};
    for (int i = 1; i <= topK; ++i)
        header << QStringLiteral("top%1").arg(i) << QStringLiteral("p%1").arg(i);
    return header;
}

QStringList PredictionCsv::csvFields(const Prediction& prediction, bool regression, int topK)
{
    if (regression)
        return {formatNumber(prediction.value)};
    QStringList fields = {prediction.label, QString::number(prediction.confidence, 'f', 6)};
    for (int i = 0; i < topK; ++i) {
        if (i < prediction.top.size())
            fields << prediction.top.at(i).first << QString::number(prediction.top.at(i).second, 'f', 6);
        else
            fields << QString() << QString();
    }
    return fields;
}

QByteArray PredictionCsv::csv(const QStringList& columns, const QVector<QStringList>& rows, const QVector<Prediction>& predictions,
                                 bool regression, int topK)
{
    DataTable table;
    const auto addColumn = [&table](const QString& name) {
        DataColumn column;
        column.name = name;
        column.type = ColumnType::Text;
        table.columns << column;
    };
    for (const QString& column : columns)
        addColumn(column);
    for (const QString& column : csvHeader(regression, topK))
        addColumn(table.indexOf(column) >= 0 ? QStringLiteral("predicted_") + column : column);
    for (qsizetype r = 0; r < rows.size() && r < predictions.size(); ++r) {
        QStringList fields = rows.at(r).mid(0, columns.size());
        while (fields.size() < columns.size())
            fields << QString();
        fields += csvFields(predictions.at(r), regression, topK);
        for (int c = 0; c < fields.size(); ++c)
            table.columns[c].texts << fields.at(c);
    }
    return CanonicalCsv::write(table);
}

}  // namespace mb
