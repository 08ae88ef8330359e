#pragma once

// Internal to core.

#include "training/Workload.h"

#include "MutualInfoSelector.h"
#include "StandardScaler.h"
#include "TabularMLP.h"

namespace mb::training {

// Numeric features -> optional mutual-information selection -> standardisation -> MLP (or a
// linear model). Fitted on the training split only.
class TabularWorkload : public Workload {
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
    torch::Tensor toTensor(std::vector<float> rows) const;

    QStringList m_features;                  // inputs, in the dataset's order
    models::MutualInfoSelector m_selector;   // fitted only when features.select_top_k > 0
    models::StandardScaler m_scaler;
    models::TabularMLP m_net{nullptr};
    torch::Tensor m_x[3];                    // prepared features per split
};

}  // namespace mb::training
