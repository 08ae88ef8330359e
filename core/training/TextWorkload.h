#pragma once

// Internal to core.

#include "training/Workload.h"

#include "HashingTokenizer.h"
#include "TextClassifier.h"
#include "TfidfWeighting.h"

namespace mb::training {

// Text columns joined -> hashed word and character n-grams (models::HashingTokenizer) ->
// fastText-style TextClassifier. Documents are tokenised once; batches only pack ids.
class TextWorkload : public Workload {
public:
    void prepare(const DatasetVersion& data, const TrainConfig& config, const QStringList& labels) override;
    QString kind() const override;
    QStringList preparationKeys() const override;
    void build(const TrainConfig& config) override;
    Inputs batch(Split split, const std::vector<int64_t>& positions, bool augment, std::mt19937_64& rng) const override;
    torch::Tensor forward(const Inputs& inputs) override;
    std::vector<torch::Tensor> sparseParameters() override;
    torch::Tensor sparseScale() const override;
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
    static models::HashingTokenizerOptions tokenizerOptions(const TrainConfig& config);
    // The documents at `positions` as model inputs: indices and offsets, and the weights when
    // `weights` is given (one list per document, as long as its ids).
    static Inputs pack(const std::vector<std::vector<int64_t>>& documents, const std::vector<std::vector<float>>* weights,
                       const std::vector<int64_t>& positions);
    // A document's ids, and with TF-IDF weighting (`weighted`) its weights under `idf`.
    models::WeightedDocument encodeDocument(const std::vector<models::TextField>& fields, bool weighted, const float* idf) const;
    double m_tokenDropout = 0;
    bool m_weighted = false;  // the bag is TF-IDF weighted (text.weighting: tfidf)

    QStringList m_textColumns;
    models::HashingTokenizer m_tokenizer;
    models::TextClassifier m_net{nullptr};
    std::vector<std::vector<int64_t>> m_documents[3];  // token ids per split
    std::vector<std::vector<float>> m_weights[3];      // their TF-IDF weights (weighted only)
    std::vector<float> m_idf;                          // fitted on the training split (weighted only)
};

}  // namespace mb::training
