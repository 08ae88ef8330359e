#pragma once

#include "Instance.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace mb::serve {

// How predictions are written in API answers as JSON (CSV answers use mb::PredictionCsv).
class PredictionFormat {
public:
    // {"label", "confidence", "top": [{"label", "probability"}]} or {"value"} (regression).
    static QJsonObject toJson(const Prediction& prediction, bool regression);
    static QJsonArray toJson(const QVector<Prediction>& predictions, bool regression);

    static QStringList csvFields(const Prediction& prediction, bool regression, int topK);
    // The CSV rows with the prediction columns appended (a column whose name is taken gets
    // a "predicted_" prefix), written as canonical CSV.
    static QByteArray csv(const QStringList& columns, const QVector<QStringList>& rows, const QVector<Prediction>& predictions,
                          bool regression, int topK);
};

}  // namespace mb::serve
