#pragma once

#include "StoredPrediction.h"

#include <QVector>

namespace mb {

class Workspace;

// Per-row predictions of a model version on a dataset version, for the Inspect view and
// `evaluate`. Holds a reference to the workspace; thread-safe as Workspace is.
class PredictionStore {
public:
    explicit PredictionStore(const Workspace& workspace) : m_workspace(workspace) {}

    // Stores (or replaces) the predictions of these rows, in one transaction.
    void store(qint64 modelVersionId, qint64 datasetVersionId, const QVector<StoredPrediction>& predictions) const;
    // All rows, or those of one split ("" for all), ordered by row.
    QVector<StoredPrediction> load(qint64 modelVersionId, qint64 datasetVersionId, const QString& split = {}) const;

private:
    const Workspace& m_workspace;
};

}  // namespace mb
