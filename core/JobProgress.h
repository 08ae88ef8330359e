#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace mb {

// How far a training job has come, as the status bar, the Train view and GET /api/v1/jobs/{id}
// show it. A plain value type.
struct JobProgress {
    QString dataset;               // the dataset version being trained on, "wine@1"
    int epoch = 0;                 // the epoch in progress (1-based; 0 before the first)
    int maxEpochs = 0;             // the config's upper bound; early stopping may end sooner
    int refitEpochs = 0;           // while the refit trains: its epochs, which `epoch` then counts
    int batch = 0;                 // within the epoch
    int batches = 0;
    double batchLoss = 0;          // running mean over the epoch so far
    double trainLoss = 0;          // of the last finished epoch
    double valLoss = 0;
    double samplesPerSecond = 0;
    double etaSeconds = 0;         // if every epoch runs
    QString modelVersion;          // "wine@3", once registered
    int trial = 0;                 // a grid search: the combination in progress (1-based)
    int trials = 0;                //   of how many; 0 for a single training

    // 0..1 of maxEpochs (of refitEpochs during the refit), counting the part of the epoch in
    // progress; of a grid search, the finished combinations plus that share of the one in
    // progress.
    double fraction() const;
    QJsonObject toJson() const;
};

}  // namespace mb

Q_DECLARE_METATYPE(mb::JobProgress)
