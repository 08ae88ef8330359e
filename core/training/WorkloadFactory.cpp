#include "Error.h"
#include "training/ImageWorkload.h"
#include "training/ImportedWorkload.h"
#include "training/TabularWorkload.h"
#include "training/TextWorkload.h"

namespace mb::training {

std::unique_ptr<Workload> makeWorkload(const QString& modelType)
{
    if (modelType == QLatin1String("mlp") || modelType == QLatin1String("linear"))
        return std::make_unique<TabularWorkload>();
    if (modelType == QLatin1String("text"))
        return std::make_unique<TextWorkload>();
    if (modelType == QLatin1String("imported"))
        return std::make_unique<ImportedWorkload>();
    if (modelType == QLatin1String("cnn"))
        return std::make_unique<ImageWorkload>();
    throw Error(ErrorCode::InvalidArgument, QStringLiteral("unknown model type '%1'").arg(modelType));
}

}  // namespace mb::training
