#pragma once

#include <QString>
#include <QVector>

namespace mb {

// A model version's prediction for one dataset row, kept for inspection.
struct StoredPrediction {
    qint64 row = 0;                        // row index in the dataset version
    QString split;                         // train | val | test
    QString truth;
    QString predicted;
    double confidence = 0;
    QVector<QPair<QString, double>> top;   // best first
};

}  // namespace mb
