#pragma once

#include "Evaluation.h"
#include "ModelVersionInfo.h"
#include "StoredPrediction.h"

#include <QByteArray>
#include <QHash>
#include <QStringList>
#include <QVector>

namespace mb {

class Workspace;

// What the Inspect view shows of a model version on a dataset version's split: the stored
// predictions, the report computed from them, and each row's input for display.
struct Inspection {
    ModelVersionInfo version;
    QString datasetRef;                 // "gestures-images@1"
    QString datasetName;                // "gestures-images"
    qint64 datasetVersionId = 0;
    QString split;                      // train | val | test | all
    QVector<StoredPrediction> predictions;
    // Computed from `predictions`; its labels are the model's, then any truth label the
    // model does not know (data it was not trained on).
    ClassificationReport report;
    QStringList inputs;                 // one short text per prediction (text fields, or features)
    QVector<QByteArray> images;         // one encoded image per prediction for image data, else empty
    QHash<qint64, QString> corrections; // dataset row -> its latest corrected label (feedback)
};

// Assembles Inspections from the registry: stored predictions (a training stores them for
// its dataset version; `evaluate` for others), the dataset's rows and image artifacts, and
// the labels people corrected (FeedbackStore).
// Holds a reference to the workspace; any one thread (slow: run it off the GUI thread).
class PredictionInspector {
public:
    explicit PredictionInspector(const Workspace& workspace) : m_workspace(workspace) {}

    // `split`: train, val, test or all. No stored predictions give an empty Inspection (the
    // caller may evaluate first). Throws NotFound for an unknown version or dataset, and
    // InvalidArgument for a regression model (nothing to inspect as classes).
    Inspection inspect(qint64 modelVersionId, const QString& datasetRef, const QString& split) const;

private:
    const Workspace& m_workspace;
};

}  // namespace mb
