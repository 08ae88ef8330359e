#pragma once

#include "ModelVersionInfo.h"
#include "RunInfo.h"

#include <QJsonObject>
#include <QTextStream>

namespace mb::cli {

// How model versions and runs look on the command line.
class ModelPresenter {
public:
    static QJsonObject toJson(const RunInfo& run);
    // "accuracy 0.963  macro F1 0.962  min F1 0.941" or "MAE 41.2  RMSE 52.3  R² 0.48".
    static QString scoreLine(const QJsonObject& report);
    static void printMetrics(QTextStream& out, const QJsonObject& metrics);
};

}  // namespace mb::cli
