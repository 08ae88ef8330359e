#pragma once

// Internal to core: included only by core's training and inference .cpp files.

#include "DatasetVersion.h"
#include "Instance.h"
#include "TrainConfig.h"

#include <QJsonObject>

#include <torch/torch.h>

#include <functional>
#include <random>
#include <vector>

namespace mb::models {
class ScriptModuleBuilder;
}

namespace mb::training {

class PreparedReader;
class PreparedWriter;

// The tensors a model takes for a batch: one for tabular and image models, indices and
// offsets for the text model.
using Inputs = std::vector<torch::Tensor>;

// How one kind of data becomes tensors and which network reads them: fitted preprocessing,
// prepared splits for training, and the same encoding for instances at prediction time.
// Owns its module. Not thread-safe: one trainer or one predictor uses it.
class Workload {
public:
    virtual ~Workload() = default;

    // Where the bytes of artifacts that rows refer to (images) come from.
    using BlobResolver = std::function<QByteArray(const QString& hash)>;
    void setBlobResolver(BlobResolver resolver) { m_blobs = std::move(resolver); }

    // Fits the preprocessing on the training rows and prepares every split.
    // `labels` are the class names (empty for regression).
    virtual void prepare(const DatasetVersion& data, const TrainConfig& config, const QStringList& labels) = 0;
    // The preparation cache (see PreparationCache) keeps what prepare() produced, so a run
    // that changes only training settings loads it instead of preparing again.
    // The kind of preparation: tabular | image | text (mlp and linear share theirs).
    virtual QString kind() const = 0;
    // The config keys prepare() reads. With the dataset version, kind() and the pipeline
    // version they key the cached preparation; a key missing here would let a changed
    // setting reuse a stale preparation, so a workload lists generously.
    virtual QStringList preparationKeys() const = 0;
    // What prepare() produced, fitted preprocessing and prepared splits, as bytes.
    QByteArray savePrepared() const;
    // Instead of prepare(): restores what savePrepared() wrote after preparing the same data
    // with the same values of preparationKeys(). Throws Corrupt when `bytes` are not such a
    // preparation; the workload must then be prepared afresh.
    void loadPrepared(const QByteArray& bytes, const DatasetVersion& data, const TrainConfig& config, const QStringList& labels);

    // Builds the network for `config` (after prepare(), or restore() for a bundle); module()
    // then holds it.
    virtual void build(const TrainConfig& config) = 0;
    const std::shared_ptr<torch::nn::Module>& module() const { return m_module; }
    // Outputs of the network: one per class, or 1 for regression.
    int64_t outputs() const { return isRegression() ? 1 : m_labels.size(); }

    // Rows of `split` (dataset row indices) and their targets: class ids (int64) or, for
    // regression, standardised values (float; values() undoes the scaling).
    const std::vector<int64_t>& rows(Split split) const { return m_rows[size_t(split)]; }
    int64_t count(Split split) const { return int64_t(rows(split).size()); }
    const torch::Tensor& targets(Split split) const { return m_targets[size_t(split)]; }
    bool isRegression() const { return m_labels.isEmpty(); }
    const QStringList& labels() const { return m_labels; }
    torch::Tensor values(const torch::Tensor& standardised) const { return standardised * m_targetStd + m_targetMean; }
    // For a refit: the validation split's rows, targets and prepared inputs go to the end of
    // the training split (whose first rows stay where they were), and validation is left
    // empty. The preprocessing stays as fitted on the training rows.
    void foldValidationIntoTraining();

    // `batch(split, positions)` picks rows by their position within the split.
    virtual Inputs batch(Split split, const std::vector<int64_t>& rows, bool augment, std::mt19937_64& rng) const = 0;
    virtual torch::Tensor forward(const Inputs& inputs) = 0;

    // The weights as bytes, and back (a LibTorch archive of module(); TorchScript for imports).
    virtual std::string saveWeights() const;
    virtual void loadWeights(const std::string& bytes);

    // Parameters trained with a sparse-gradient optimiser (the text embedding), if any.
    virtual std::vector<torch::Tensor> sparseParameters() { return {}; }
    // The scale the sparse parameters are multiplied by in forward() (a linear text model's),
    // for SparseSgd's decay; undefined when there is none.
    virtual torch::Tensor sparseScale() const { return {}; }

    // Preprocessing state for the bundle header, and its inverse. Subclasses extend
    // commonState() / restoreCommon() (labels and target scaling).
    virtual QJsonObject state() const = 0;
    virtual void restore(const QJsonObject& state) = 0;
    // What a prediction request must contain: [{"name", "type"}], for signatures and OpenAPI.
    virtual QJsonArray inputSignature() const = 0;
    // Encodes instances for forward(); throws InvalidArgument naming the instance and field.
    virtual Inputs encode(const QVector<Instance>& instances) const = 0;
    // Puts the trained network (and what preprocessing is plain tensor maths) into `script`
    // as TorchScript; returns what its forward() takes, for the signature file.
    virtual QJsonObject exportTorchScript(models::ScriptModuleBuilder& script) const = 0;

    // The dataset rows of `rows` as instances (to predict on a dataset through encode()).
    virtual Instance instanceOf(const DatasetVersion& data, qsizetype row) const = 0;

protected:
    // TorchScript that turns logits `out` into what the app returns: probabilities, or the
    // value on the target's scale.
    QString scriptOutput() const;

    std::shared_ptr<torch::nn::Module> m_module;
    BlobResolver m_blobs;

    // Splits the rows and converts the label column into targets.
    void prepareTargets(const DatasetVersion& data, const QStringList& labels);
    // The prepared splits, written after state() by savePrepared(), and read back by
    // loadPrepared() (after restore() and prepareTargets()). readPrepared() also takes from
    // `config` whatever prepare() keeps of it for training.
    virtual void writePrepared(PreparedWriter& out) const = 0;
    virtual void readPrepared(PreparedReader& in, const TrainConfig& config) = 0;
    // Moves the prepared inputs of split `from` to the end of split `to`'s.
    virtual void appendPrepared(Split from, Split to) = 0;
    template <typename T>
    static void moveToEnd(std::vector<T>& from, std::vector<T>& to)
    {
        to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
        from.clear();
    }
    // Throws Corrupt unless a cached split holds as many rows as the data has in `split`.
    void checkPreparedCount(Split split, size_t prepared) const;
    QJsonObject commonState() const;
    void restoreCommon(const QJsonObject& state);
    // A value of `data`'s column `name` as an instance field.
    static QVariant cellOf(const DatasetVersion& data, const QString& name, qsizetype row);

private:
    QStringList m_labels;
    std::vector<int64_t> m_rows[3];
    torch::Tensor m_targets[3];
    double m_targetMean = 0;
    double m_targetStd = 1;
};

// The workload for a model type: mlp | linear -> tabular, text, cnn.
std::unique_ptr<Workload> makeWorkload(const QString& modelType);

}  // namespace mb::training
