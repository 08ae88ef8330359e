#include "JobProgress.h"

#include <algorithm>

namespace mb {

double JobProgress::fraction() const
{
    double ofTraining = 0;
    const int epochs = refitEpochs > 0 ? refitEpochs : maxEpochs;
    if (epochs > 0) {
        const double inEpoch = batches > 0 ? double(batch) / double(batches) : 0;
        const double done = std::max(0, epoch - 1) + inEpoch;
        ofTraining = std::clamp(done / double(epochs), 0.0, 1.0);
    }
    if (trials <= 0)
        return ofTraining;
    return std::clamp((std::max(0, trial - 1) + ofTraining) / double(trials), 0.0, 1.0);
}

QJsonObject JobProgress::toJson() const
{
    QJsonObject json{{QStringLiteral("dataset"), dataset},
                     {QStringLiteral("epoch"), epoch},
                     {QStringLiteral("max_epochs"), maxEpochs},
                     {QStringLiteral("batch"), batch},
                     {QStringLiteral("batches"), batches},
                     {QStringLiteral("fraction"), fraction()},
                     {QStringLiteral("batch_loss"), batchLoss},
                     {QStringLiteral("train_loss"), trainLoss},
                     {QStringLiteral("val_loss"), valLoss},
                     {QStringLiteral("samples_per_second"), samplesPerSecond},
                     {QStringLiteral("eta_seconds"), etaSeconds}};
    if (!modelVersion.isEmpty())
        json.insert(QStringLiteral("model_version"), modelVersion);
    if (refitEpochs > 0)
        json.insert(QStringLiteral("refit_epochs"), refitEpochs);
    if (trials > 0) {
        json.insert(QStringLiteral("trial"), trial);
        json.insert(QStringLiteral("trials"), trials);
    }
    return json;
}

}  // namespace mb
