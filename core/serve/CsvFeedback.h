#pragma once

#include "CsvInstances.h"
#include "FeedbackStore.h"
#include "ModelVersionInfo.h"

namespace mb::serve {

// Human-verified labels sent along with rows to predict.csv: a row whose feedback column is
// filled is a correction of `version`'s prediction for it. The column is never a model input
// (CsvInstances reads only the signature's inputs); it stays in the echoed CSV like any
// other column.
class CsvFeedback {
public:
    static QString defaultColumn() { return QStringLiteral("HUMAN_VERIFIED_LABEL"); }

    // The filled rows of `column` as feedback (source api): the label is the column's value,
    // the input the row's other fields (the model's numeric inputs as numbers, the rest as
    // written). Empty when the CSV has no such column.
    static QVector<Feedback> collect(const CsvInstances& csv, const QString& column, const ModelVersionInfo& version);
};

}  // namespace mb::serve
