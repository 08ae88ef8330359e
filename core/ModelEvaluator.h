#pragma once

#include "DatasetVersion.h"
#include "Instance.h"
#include "StoredPrediction.h"

#include <QJsonArray>
#include <QJsonObject>

namespace mb {

class Predictor;
class Workspace;

struct EvaluationOutcome {
    QString model;                        // "wine@2"
    QString dataset;                      // "wine@1"
    QString split;                        // train | val | test | all
    QJsonObject report;                   // ClassificationReport or RegressionReport JSON
    QVector<StoredPrediction> predictions;
    // Set when the rows include some the model was trained on (its own dataset version's
    // training rows, and its validation rows after a refit): those figures are not held out.
    QString caution;
};

// Runs a registered model version over a dataset version and scores it; the predictions are
// stored for inspection. Holds a reference to the workspace; one thread.
class ModelEvaluator {
public:
    explicit ModelEvaluator(const Workspace& workspace) : m_workspace(workspace) {}

    // `split`: train, val, test or all. Throws InvalidArgument when the dataset lacks the
    // model's inputs or labels.
    EvaluationOutcome evaluate(const QString& modelRef, const QString& datasetRef, const QString& split) const;

    // The rows of `data` as instances for a model with these `inputs` (its signature).
    static QVector<Instance> instancesOf(const DatasetVersion& data, const QJsonArray& inputs, const std::vector<qsizetype>& rows,
                                         const Workspace& workspace);

private:
    const Workspace& m_workspace;
};

}  // namespace mb
