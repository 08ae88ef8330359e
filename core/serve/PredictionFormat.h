#pragma once

#include "Instance.h"
#include "JsonWriter.h"

#include <QByteArray>

namespace mb::serve {

// How predictions are written in API answers as JSON (CSV answers use mb::PredictionCsv).
class PredictionFormat {
public:
    // {"confidence", "label", "top": [{"label", "probability"}]} or {"value"} (regression).
    static void write(JsonWriter& out, const Prediction& prediction, bool regression);
    // The predict endpoint's answer: {"model": "name@3", "predictions": [...]}.
    static QByteArray answer(const QString& ref, const QVector<Prediction>& predictions, bool regression);
};

}  // namespace mb::serve
