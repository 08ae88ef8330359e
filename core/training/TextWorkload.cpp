#include "training/TextWorkload.h"

#include "Error.h"
#include "ScriptModuleBuilder.h"
#include "training/PreparedStream.h"

#include <QJsonArray>

#include <algorithm>
#include <numeric>

namespace mb::training {

models::HashingTokenizerOptions TextWorkload::tokenizerOptions(const TrainConfig& config)
{
    models::HashingTokenizerOptions options;
    options.num_buckets = config.buckets;
    options.min_word_ngram = 1;
    options.max_word_ngram = config.wordNgrams;
    options.min_char_ngram = config.charNgramMax > 0 ? config.charNgramMin : 0;
    options.max_char_ngram = config.charNgramMax;
    options.field_tags = config.fieldTags;
    options.char_ngrams_of_tokens = config.charNgramsOf == QLatin1String("tokens");
    return options;
}

void TextWorkload::prepare(const DatasetVersion& data, const TrainConfig& config, const QStringList& labels)
{
    prepareTargets(data, labels);
    m_tokenDropout = config.tokenDropout;
    m_weighted = config.textWeighting == QLatin1String("tfidf");
    m_textColumns = data.schema.columnsWithRole(ColumnRole::Text);
    try {
        m_tokenizer = models::HashingTokenizer(tokenizerOptions(config));
    } catch (const std::invalid_argument& error) {
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("text settings: %1").arg(QString::fromStdString(error.what())));
    }
    std::vector<std::vector<bool>> isChar[3];
    for (size_t split = 0; split < 3; ++split) {
        m_documents[split].clear();
        m_documents[split].reserve(rows(Split(split)).size());
        for (int64_t row : rows(Split(split))) {
            std::vector<models::TextField> fields;
            for (const QString& column : std::as_const(m_textColumns))
                fields.push_back({column.toStdString(), cellOf(data, column, row).toString().toStdString()});
            isChar[split].emplace_back();
            m_documents[split].push_back(m_tokenizer.encodeFields(fields, m_weighted ? &isChar[split].back() : nullptr));
        }
    }
    m_idf.clear();
    for (auto& weights : m_weights)
        weights.clear();
    if (!m_weighted)
        return;
    // The idf is fitted on the training split only; every split is weighed with it.
    m_idf = models::TfidfWeighting::fitIdf(m_documents[size_t(Split::Train)], m_tokenizer.options().num_buckets);
    for (size_t split = 0; split < 3; ++split) {
        for (size_t d = 0; d < m_documents[split].size(); ++d) {
            models::WeightedDocument weighted = models::TfidfWeighting::weigh(m_documents[split][d], isChar[split][d], m_idf.data(), int64_t(m_idf.size()));
            m_documents[split][d] = std::move(weighted.ids);
            m_weights[split].push_back(std::move(weighted.weights));
        }
    }
}

models::WeightedDocument TextWorkload::encodeDocument(const std::vector<models::TextField>& fields, bool weighted, const float* idf) const
{
    if (!weighted)
        return {m_tokenizer.encodeFields(fields), {}};
    std::vector<bool> isChar;
    const std::vector<int64_t> ids = m_tokenizer.encodeFields(fields, &isChar);
    return models::TfidfWeighting::weigh(ids, isChar, idf, m_tokenizer.options().num_buckets);
}

QString TextWorkload::kind() const
{
    return QStringLiteral("text");
}

QStringList TextWorkload::preparationKeys() const
{
    // Every text.* key but those only the network and its optimiser read: a new tokenisation
    // setting keys the cache without being listed here, and a training-only key listed by
    // mistake would cost a cache miss, never a stale preparation.
    static const QStringList trainingOnly = {
        QStringLiteral("text.dim"), QStringLiteral("text.hidden"), QStringLiteral("text.dropout"),
        QStringLiteral("text.embedding_lr_scale"), QStringLiteral("text.token_dropout"), QStringLiteral("text.embedding_weight_decay")};
    QStringList keys;
    for (const QString& key : TrainConfig::keys()) {
        if (key.startsWith(QLatin1String("text.")) && !trainingOnly.contains(key))
            keys << key;
    }
    return keys;
}

void TextWorkload::writePrepared(PreparedWriter& out) const
{
    for (const auto& documents : m_documents)
        out.writeIdLists(documents);
    if (!m_weighted)
        return;
    out.writeTensor(torch::from_blob(const_cast<float*>(m_idf.data()), {int64_t(m_idf.size())}, torch::kFloat));
    for (const auto& weights : m_weights)
        out.writeFloatLists(weights);
}

void TextWorkload::readPrepared(PreparedReader& in, const TrainConfig& config)
{
    m_tokenDropout = config.tokenDropout;
    m_weighted = config.textWeighting == QLatin1String("tfidf");
    for (size_t split = 0; split < 3; ++split) {
        m_documents[split] = in.readIdLists();
        checkPreparedCount(Split(split), m_documents[split].size());
        for (const std::vector<int64_t>& ids : m_documents[split]) {
            const auto [lowest, highest] = std::minmax_element(ids.begin(), ids.end());
            if (ids.empty() || *lowest < 0 || *highest >= m_tokenizer.options().num_buckets)
                throw Error(ErrorCode::Corrupt, QStringLiteral("cached preparation: a document's token ids do not fit the tokenizer"));
        }
    }
    m_idf.clear();
    for (auto& weights : m_weights)
        weights.clear();
    if (!m_weighted)
        return;
    const torch::Tensor idf = in.readTensor();
    if (idf.dim() != 1 || idf.scalar_type() != torch::kFloat || idf.numel() != m_tokenizer.options().num_buckets)
        throw Error(ErrorCode::Corrupt, QStringLiteral("cached preparation: the idf does not fit the tokenizer"));
    m_idf.assign(idf.data_ptr<float>(), idf.data_ptr<float>() + idf.numel());
    for (size_t split = 0; split < 3; ++split) {
        m_weights[split] = in.readFloatLists();
        bool aligned = m_weights[split].size() == m_documents[split].size();
        for (size_t d = 0; aligned && d < m_weights[split].size(); ++d)
            aligned = m_weights[split][d].size() == m_documents[split][d].size();
        if (!aligned)
            throw Error(ErrorCode::Corrupt, QStringLiteral("cached preparation: the TF-IDF weights do not match the documents"));
    }
}

void TextWorkload::appendPrepared(Split from, Split to)
{
    moveToEnd(m_documents[size_t(from)], m_documents[size_t(to)]);
    moveToEnd(m_weights[size_t(from)], m_weights[size_t(to)]);
}

void TextWorkload::build(const TrainConfig& config)
{
    models::TextClassifierOptions options(outputs());
    options.num_buckets(m_tokenizer.options().num_buckets).embedding_dim(config.embeddingDim).hidden(config.textHidden).dropout(config.textDropout);
    options.weighted(config.textWeighting == QLatin1String("tfidf"));
    m_net = models::TextClassifier(options);
    m_module = m_net.ptr();
    if (options.weighted() && !m_idf.empty()) {
        torch::NoGradGuard noGrad;
        m_net->idf().copy_(torch::from_blob(m_idf.data(), {int64_t(m_idf.size())}, torch::kFloat));
    }
}

Inputs TextWorkload::pack(const std::vector<std::vector<int64_t>>& documents, const std::vector<std::vector<float>>* weights,
                          const std::vector<int64_t>& positions)
{
    const auto [indices, offsets] = models::TextClassifierImpl::toTensors(models::HashingTokenizer::pack(documents, positions));
    if (!weights)
        return {indices, offsets};
    torch::Tensor values = torch::empty({indices.size(0)}, torch::kFloat);
    float* out = values.data_ptr<float>();
    for (int64_t pos : positions) {
        const std::vector<float>& w = weights->at(size_t(pos));
        out = std::copy(w.begin(), w.end(), out);
    }
    return {indices, offsets, values};
}

Inputs TextWorkload::batch(Split split, const std::vector<int64_t>& positions, bool augment, std::mt19937_64& rng) const
{
    const std::vector<std::vector<float>>* weights = m_weighted ? &m_weights[size_t(split)] : nullptr;
    if (!augment || split != Split::Train || m_tokenDropout <= 0)
        return pack(m_documents[size_t(split)], weights, positions);
    // Token dropout: each n-gram of a training document is kept with probability 1 - p (at
    // least one is), so the model cannot lean on a few rare n-grams of each document.
    std::vector<std::vector<int64_t>> dropped;
    std::vector<std::vector<float>> droppedWeights;
    dropped.reserve(positions.size());
    std::bernoulli_distribution keep(1.0 - m_tokenDropout);
    const auto& documents = m_documents[size_t(split)];
    for (int64_t pos : positions) {
        const std::vector<int64_t>& ids = documents.at(size_t(pos));
        std::vector<int64_t> kept;
        std::vector<float> keptWeights;
        kept.reserve(ids.size());
        const auto take = [&](size_t k) {
            kept.push_back(ids[k]);
            if (weights)
                keptWeights.push_back((*weights)[size_t(pos)][k]);
        };
        for (size_t k = 0; k < ids.size(); ++k) {
            if (keep(rng))
                take(k);
        }
        if (kept.empty())
            take(std::uniform_int_distribution<size_t>(0, ids.size() - 1)(rng));
        dropped.push_back(std::move(kept));
        droppedWeights.push_back(std::move(keptWeights));
    }
    std::vector<int64_t> all(dropped.size());
    std::iota(all.begin(), all.end(), 0);
    return pack(dropped, weights ? &droppedWeights : nullptr, all);
}

torch::Tensor TextWorkload::forward(const Inputs& inputs)
{
    return m_net->forward(inputs.at(0), inputs.at(1), inputs.size() > 2 ? inputs[2] : torch::Tensor());
}

torch::Tensor TextWorkload::sparseScale() const
{
    return m_net->scale();
}

std::vector<torch::Tensor> TextWorkload::sparseParameters()
{
    return m_net->sparseParameters();
}

QJsonObject TextWorkload::state() const
{
    QJsonObject state = commonState();
    state.insert(QStringLiteral("text_columns"), QJsonArray::fromStringList(m_textColumns));
    state.insert(QStringLiteral("tokenizer"), QString::fromStdString(m_tokenizer.serialize()));
    return state;
}

void TextWorkload::restore(const QJsonObject& state)
{
    restoreCommon(state);
    m_textColumns.clear();
    for (const QJsonValue& value : state.value(QStringLiteral("text_columns")).toArray())
        m_textColumns << value.toString();
    m_tokenizer = models::HashingTokenizer::deserialize(state.value(QStringLiteral("tokenizer")).toString().toStdString());
}

QJsonArray TextWorkload::inputSignature() const
{
    QJsonArray inputs;
    for (const QString& name : m_textColumns)
        inputs.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("type"), QStringLiteral("text")}});
    return inputs;
}

Inputs TextWorkload::encode(const QVector<Instance>& instances) const
{
    const bool weighted = m_net->options().weighted();
    const float* idf = weighted ? m_net->idf().data_ptr<float>() : nullptr;
    std::vector<std::vector<int64_t>> documents;
    std::vector<std::vector<float>> weights;
    documents.reserve(size_t(instances.size()));
    for (qsizetype i = 0; i < instances.size(); ++i) {
        std::vector<models::TextField> fields;
        for (const QString& column : m_textColumns) {
            const auto it = instances.at(i).constFind(column);
            if (it == instances.at(i).constEnd())
                continue;
            if (it->typeId() != QMetaType::QString)
                throw Error(ErrorCode::InvalidArgument, QStringLiteral("instance %1: '%2' must be text").arg(i).arg(column));
            fields.push_back({column.toStdString(), it->toString().toStdString()});
        }
        if (fields.empty())
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("instance %1: give at least one of the text fields %2")
                                                        .arg(i).arg(m_textColumns.join(QLatin1String(", "))));
        models::WeightedDocument document = encodeDocument(fields, weighted, idf);
        documents.push_back(std::move(document.ids));
        weights.push_back(std::move(document.weights));
    }
    std::vector<int64_t> positions(documents.size());
    std::iota(positions.begin(), positions.end(), 0);
    return pack(documents, weighted ? &weights : nullptr, positions);
}

QJsonObject TextWorkload::exportTorchScript(models::ScriptModuleBuilder& script) const
{
    script.addModule(*m_module);
    const models::TextClassifierOptions& o = m_net->options();
    // embedding_bag(weight, indices, offsets, scale_grad_by_freq, mode (0 sum, 1 mean), sparse, per_sample_weights, include_last_offset)
    QString source = o.weighted() ? QStringLiteral("def forward(self, indices, offsets, weights):\n"
                                                   "    bag = torch.embedding_bag(self.embedding_weight, indices, offsets, False, 0, False, weights, False)\n")
                                  : QStringLiteral("def forward(self, indices, offsets):\n"
                                                   "    bag = torch.embedding_bag(self.embedding_weight, indices, offsets, False, 1, False, None, False)\n");
    source += QStringLiteral("    t = bag[0]\n");
    if (m_net->isLinear()) {
        source += QStringLiteral("    out = t * self.scale\n");
    } else {
        if (o.hidden() > 0)
            source += QStringLiteral("    t = torch.relu(torch.matmul(t, self.hidden_weight.t()) + self.hidden_bias)\n");
        source += QStringLiteral("    out = torch.matmul(t, self.out_weight.t()) + self.out_bias\n");
    }
    script.define((source + scriptOutput()).toStdString());
    QString inputs = QStringLiteral("indices: int64 [N], offsets: int64 [batch]: EmbeddingBag layout of the documents' hashed n-gram ids (see tokenizer)");
    if (o.weighted())
        inputs += QStringLiteral("; weights: float32 [N]: each id's TF-IDF weight, (1 + ln tf) * idf[id] with the module's idf buffer, "
                                 "word and character n-grams each scaled to unit length");
    return QJsonObject{{QStringLiteral("forward"), inputs}, {QStringLiteral("tokenizer"), QString::fromStdString(m_tokenizer.serialize())}};
}

Instance TextWorkload::instanceOf(const DatasetVersion& data, qsizetype row) const
{
    Instance instance;
    for (const QString& column : m_textColumns)
        instance.insert(column, cellOf(data, column, row));
    return instance;
}

}  // namespace mb::training
