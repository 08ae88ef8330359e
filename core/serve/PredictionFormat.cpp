#include "PredictionFormat.h"

#include "CanonicalCsv.h"
#include "DataTable.h"

namespace mb::serve {

QJsonObject PredictionFormat::toJson(const Prediction& prediction, bool regression)
{
    if (regression)
        return QJsonObject{{QStringLiteral("value"), prediction.value}};
    QJsonArray top;
    for (const auto& [label, probability] : prediction.top)
        top.append(QJsonObject{{QStringLiteral("label"), label}, {QStringLiteral("probability"), probability}});
    return QJsonObject{{QStringLiteral("label"), prediction.label}, {QStringLiteral("confidence"), prediction.confidence}, {QStringLiteral("top"), top}};
}

QJsonArray PredictionFormat::toJson(const QVector<Prediction>& predictions, bool regression)
{
    QJsonArray array;
    for (const Prediction& prediction : predictions)
        array.append(toJson(prediction, regression));
    return array;
}

}  // namespace mb::serve
