#pragma once

// Internal to core.

#include "training/Workload.h"

#include "GestureCNN.h"
#include "ImagePipeline.h"

namespace mb::training {

// Encoded images -> grayscale, optional deskew, resize, normalise (OpenCV, models::ImagePipeline)
// -> GestureCNN. Training batches get small random affine warps when augment is on.
class ImageWorkload : public Workload {
public:
    void prepare(const DatasetVersion& data, const TrainConfig& config, const QStringList& labels) override;
    QString kind() const override;
    QStringList preparationKeys() const override;
    void build(const TrainConfig& config) override;
    Inputs batch(Split split, const std::vector<int64_t>& positions, bool augment, std::mt19937_64& rng) const override;
    torch::Tensor forward(const Inputs& inputs) override;
    QJsonObject state() const override;
    void restore(const QJsonObject& state) override;
    QJsonArray inputSignature() const override;
    Inputs encode(const QVector<Instance>& instances) const override;
    Instance instanceOf(const DatasetVersion& data, qsizetype row) const override;
    QJsonObject exportTorchScript(models::ScriptModuleBuilder& script) const override;

protected:
    void writePrepared(PreparedWriter& out) const override;
    void readPrepared(PreparedReader& in, const TrainConfig& config) override;
    void appendPrepared(Split from, Split to) override;

private:
    torch::Tensor stack(const std::vector<std::vector<float>>& images) const;

    QString m_imageColumn;
    models::ImagePipeline m_pipeline;
    models::GestureCNN m_net{nullptr};
    std::vector<std::vector<float>> m_prepared[3];  // per split, before normalisation
};

}  // namespace mb::training
