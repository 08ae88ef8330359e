#pragma once

#include "Instance.h"

#include <QByteArray>
#include <QStringList>
#include <QVector>

namespace mb {

// The columns that predictions add to a CSV's rows, as `modelbench-cli predict` and the
// API's predict.csv write them: label, confidence, top1, p1, ... (or prediction, for a
// regression). Pure functions: thread-safe.
class PredictionCsv {
public:
    static QStringList csvHeader(bool regression, int topK);
    static QStringList csvFields(const Prediction& prediction, bool regression, int topK);
    // The rows with the prediction columns appended (a column whose name is taken gets a
    // "predicted_" prefix), written as canonical CSV.
    static QByteArray csv(const QStringList& columns, const QVector<QStringList>& rows, const QVector<Prediction>& predictions,
                          bool regression, int topK);
};

}  // namespace mb
