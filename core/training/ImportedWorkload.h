#pragma once

// Internal to core.

#include "training/Workload.h"

#include <torch/script.h>

namespace mb::training {

// A TorchScript model made elsewhere (torch.jit.save), with a signature naming its numeric
// inputs, its labels and what its forward() returns: logits, probabilities or values. It
// predicts; it does not train.
class ImportedWorkload : public Workload {
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
    std::string saveWeights() const override;
    void loadWeights(const std::string& bytes) override;

protected:
    void writePrepared(PreparedWriter& out) const override;
    void readPrepared(PreparedReader& in, const TrainConfig& config) override;
    void appendPrepared(Split from, Split to) override;

private:
    QStringList m_inputs;
    QString m_output;            // logits | probabilities | values
    std::string m_script;        // the TorchScript file's bytes
    torch::jit::Module m_jit;
};

}  // namespace mb::training
