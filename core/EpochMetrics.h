#pragma once

#include <QMap>
#include <QString>

namespace mb {

// What one training epoch achieved, as observers and the registry see it.
struct EpochMetrics {
    int epoch = 0;                 // 1-based
    double trainLoss = 0;
    double valLoss = 0;
    QMap<QString, double> val;     // accuracy, macro_f1, min_f1, weighted_f1 | mae, rmse, r2
    double seconds = 0;            // wall time of the epoch
    double samplesPerSecond = 0;   // training samples per second
    double lr = 0;                 // learning rate used
    double etaSeconds = 0;         // estimated time left, if every epoch runs
};

// Progress inside an epoch, reported a few times per second at most.
struct BatchProgress {
    int epoch = 0;
    int batch = 0;                 // 1-based
    int batches = 0;
    double loss = 0;               // running mean over the epoch so far
    double samplesPerSecond = 0;
    double etaSeconds = 0;
    int refitEpochs = 0;           // a batch of the refit (config key refit): its number of epochs; 0 before it
};

}  // namespace mb
