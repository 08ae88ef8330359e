#pragma once

#include "DatasetWriter.h"

#include <QJsonObject>
#include <QString>
#include <QVector>

namespace mb {

class Workspace;

// One correction: the label a person says is right, either for a row of a dataset version
// (datasetVersionId + rowIndex) or for an instance that is not in any dataset (input, e.g. a
// row sent to predict.csv). A plain value type.
struct Feedback {
    qint64 id = 0;                 // set by the store
    qint64 datasetVersionId = 0;   // with rowIndex: the row's version; alone: the dataset the input belongs to
    qint64 rowIndex = -1;          // 0-based row of that version; -1 for an input
    qint64 modelVersionId = 0;     // the version whose prediction was corrected; 0: none
    QJsonObject input;             // column -> value, when it is not a dataset row
    QString label;                 // the corrected label (a number for regression)
    QString source;                // gui | api | cli
    QString createdAt;             // set by the store
    // Filled by list(): "wine@2" and "wine-mlp@3"; empty when not set (or the version was deleted).
    QString datasetRef;
    QString modelRef;

    bool isRow() const { return rowIndex >= 0; }
    QJsonObject toJson() const;
};

// Which feedback list() returns: empty fields match everything.
struct FeedbackFilter {
    QString model;                 // a model name
    QString dataset;               // a dataset name
};

// What applyToDataset() made.
struct AppliedFeedback {
    CommittedVersion version;      // created is false when there was nothing new to apply
    int relabelled = 0;            // rows whose label was corrected
    int appended = 0;              // inputs added as rows
};

// Corrected labels in the registry's `feedback` table, from the workbench, the API and the
// CLI, and their way back into the data: applyToDataset() makes a new dataset version with
// the corrections in it. Holds a reference to the workspace; thread-safe as Workspace is.
class FeedbackStore {
public:
    explicit FeedbackStore(const Workspace& workspace) : m_workspace(workspace) {}

    // Stores every entry, or none: throws InvalidArgument (an empty label, an unknown source,
    // a row index outside its version, neither a row nor an input, a non-numeric label for a
    // regression dataset) or NotFound (an unknown dataset or model version), naming the
    // entry. An input without a dataset takes the dataset version its model was trained on.
    // Returns the new ids in order.
    QVector<qint64> add(const QVector<Feedback>& entries) const;
    // Oldest first.
    QVector<Feedback> list(const FeedbackFilter& filter = {}) const;
    // Throws NotFound.
    void remove(qint64 id) const;

    // A new version of dataset `datasetName` made from its latest version: the rows that
    // feedback corrects take the corrected label (the latest correction of a row wins) and
    // the inputs of input feedback are appended as rows, through DatasetImporter::appendTo,
    // so the version is hashed, immutable and a child of the latest. Feedback already in the
    // latest version (recorded in its source) is not applied again; with nothing new the
    // latest version is returned with created = false. Row feedback counts when it is on a
    // version whose rows the latest keeps in place (an append or an earlier feedback version
    // of it). Throws NotFound for an unknown dataset, InvalidArgument naming the feedback
    // whose label or input does not fit the dataset.
    AppliedFeedback applyToDataset(const QString& datasetName) const;

private:
    const Workspace& m_workspace;
};

}  // namespace mb
