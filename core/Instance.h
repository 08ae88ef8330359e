#pragma once

#include <QString>
#include <QVariantMap>
#include <QVector>

namespace mb {

// One input to predict on, by input name: numbers for numeric features, strings for text
// columns, encoded image bytes (QByteArray) for an image. A plain value type.
using Instance = QVariantMap;

// What a model says of one instance.
struct Prediction {
    QString label;                         // classification: the best class
    double confidence = 0;                 // its probability
    QVector<QPair<QString, double>> top;   // best classes first, with probabilities
    double value = 0;                      // regression: the predicted number
};

}  // namespace mb
