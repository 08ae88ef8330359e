#include "JobProgress.h"

#include <algorithm>

namespace mb {

double JobProgress::fraction() const
{
    if (maxEpochs <= 0)
        return 0;
    const double inEpoch = batches > 0 ? double(batch) / double(batches) : 0;
    const double done = std::max(0, epoch - 1) + inEpoch;
    return std::clamp(done / double(maxEpochs), 0.0, 1.0);
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
    return json;
}

}  // namespace mb
