#include "training/TextWorkload.h"

#include "Error.h"
#include "ScriptModuleBuilder.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
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
    return options;
}

void TextWorkload::prepare(const DatasetVersion& data, const TrainConfig& config, const QStringList& labels)
{
    prepareTargets(data, labels);
    m_tokenDropout = config.tokenDropout;
    m_textColumns = data.schema.columnsWithRole(ColumnRole::Text);
    try {
        m_tokenizer = models::HashingTokenizer(tokenizerOptions(config));
    } catch (const std::invalid_argument& error) {
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("text settings: %1").arg(QString::fromStdString(error.what())));
    }
    for (size_t split = 0; split < 3; ++split) {
        m_documents[split].clear();
        m_documents[split].reserve(rows(Split(split)).size());
        for (int64_t row : rows(Split(split))) {
            QStringList parts;
            for (const QString& column : std::as_const(m_textColumns))
                parts << cellOf(data, column, row).toString();
            m_documents[split].push_back(expIds(parts));
            QStringList joinedParts = parts;
            if (qgetenv("MB_FIELDS") == "rep" && !parts.isEmpty())
                joinedParts.prepend(parts.first());
            const int64_t w = int64_t(m_tokenizer.words(joinedParts.join(QLatin1Char(' ')).toStdString()).size());
            int64_t nw = 0;
            for (int64_t n = 1; n <= m_tokenizer.options().max_word_ngram; ++n)
                nw += std::max<int64_t>(0, w - n + 1);
            m_wordCounts[split].push_back(nw);
        }
    }
    m_idf.assign(size_t(m_tokenizer.options().num_buckets), 0.0f);
    std::vector<int64_t> seen(size_t(m_tokenizer.options().num_buckets), -1);
    const auto& train = m_documents[size_t(Split::Train)];
    for (size_t d = 0; d < train.size(); ++d)
        for (int64_t t : train[d])
            if (seen[size_t(t)] != int64_t(d)) {
                seen[size_t(t)] = int64_t(d);
                m_idf[size_t(t)] += 1;
            }
    const double n = double(train.size());
    for (float& v : m_idf)
        v = float(std::log((1 + n) / (1 + v)) + 1);
}

void TextWorkload::build(const TrainConfig& config)
{
    models::TextClassifierOptions options(outputs());
    options.num_buckets(m_tokenizer.options().num_buckets).embedding_dim(config.embeddingDim).hidden(config.textHidden).dropout(config.textDropout);
    m_net = models::TextClassifier(options);
    m_module = m_net.ptr();
}

Inputs TextWorkload::pack(const std::vector<std::vector<int64_t>>& documents, const std::vector<int64_t>& positions) const
{
    const auto [indices, offsets] = models::TextClassifierImpl::toTensors(models::HashingTokenizer::pack(documents, positions));
    static const QByteArray mode = qgetenv("MB_WEIGHT");
    if (mode.isEmpty())
        return {indices, offsets};
    std::vector<float> weights;
    for (int64_t pos : positions) {
        const auto& ids = documents[size_t(pos)];
        const size_t n = ids.size();
        const size_t first = weights.size();
        if (mode == "sqrt") {
            weights.insert(weights.end(), n, float(1.0 / std::sqrt(double(n))));
        } else if (mode == "idf" || mode == "idfmean" || mode == "idfsqrt") {
            double sum = 0, sq = 0;
            for (int64_t t : ids) {
                const float v = m_idf.empty() ? 1.0f : m_idf[size_t(t)];
                weights.push_back(v);
                sum += v;
                sq += double(v) * v;
            }
            const double norm = mode == "idf" ? std::sqrt(sq) : mode == "idfsqrt" ? std::sqrt(sum * double(n)) : sum;
            for (size_t k = first; k < weights.size(); ++k)
                weights[k] = float(weights[k] / norm);
        } else if (mode == "blocks") {
            const auto* counts = &m_wordCounts[0];
            int64_t nw = 0;
            for (size_t s = 0; s < 3; ++s)
                if (&documents == &m_documents[s])
                    counts = &m_wordCounts[s];
            nw = std::min<int64_t>((*counts)[size_t(pos)], int64_t(n));
            const int64_t nc = int64_t(n) - nw;
            for (int64_t k = 0; k < int64_t(n); ++k)
                weights.push_back(nc == 0 || nw == 0 ? float(1.0 / double(n)) : k < nw ? float(0.5 / double(nw)) : float(0.5 / double(nc)));
        }
    }
    const torch::Tensor w = torch::from_blob(weights.data(), {int64_t(weights.size())}, torch::kFloat32).clone();
    return {indices, offsets, w};
}

std::vector<int64_t> TextWorkload::expIds(const QStringList& parts) const
{
    static const QByteArray mode = qgetenv("MB_FIELDS");
    QStringList joinedParts = parts;
    if (mode == "rep" && !parts.isEmpty())
        joinedParts.prepend(parts.first());
    std::vector<int64_t> ids;
    if (mode != "sep")
        ids = m_tokenizer.encode(joinedParts.join(QLatin1Char(' ')).toStdString());
    if (mode == "tagw" || mode == "tagall" || mode == "sep" || mode == "tagname" || mode == "tagnamec") {
        for (qsizetype f = 0; f < parts.size(); ++f) {
            if ((mode == "tagname" || mode == "tagnamec") && f > 0)
                break;
            m_tokenizer.encodeTagged(parts[f].toStdString(), std::to_string(f), mode == "tagall" || mode == "sep" || mode == "tagnamec", ids);
        }
    }
    if (ids.size() > 1 && ids[0] == 0)
        ids.erase(ids.begin());
    if (ids.empty())
        ids.push_back(0);
    return ids;
}

Inputs TextWorkload::batch(Split split, const std::vector<int64_t>& positions, bool augment, std::mt19937_64& rng) const
{
    if (!augment || split != Split::Train || m_tokenDropout <= 0)
        return pack(m_documents[size_t(split)], positions);
    // Token dropout: each n-gram of a training document is kept with probability 1 - p (at
    // least one is), so the model cannot lean on a few rare n-grams of each document.
    std::vector<std::vector<int64_t>> dropped;
    dropped.reserve(positions.size());
    std::bernoulli_distribution keep(1.0 - m_tokenDropout);
    const auto& documents = m_documents[size_t(split)];
    for (int64_t pos : positions) {
        const std::vector<int64_t>& ids = documents.at(size_t(pos));
        std::vector<int64_t> kept;
        kept.reserve(ids.size());
        for (int64_t id : ids) {
            if (keep(rng))
                kept.push_back(id);
        }
        if (kept.empty())
            kept.push_back(ids[std::uniform_int_distribution<size_t>(0, ids.size() - 1)(rng)]);
        dropped.push_back(std::move(kept));
    }
    std::vector<int64_t> all(dropped.size());
    std::iota(all.begin(), all.end(), 0);
    return pack(dropped, all);
}

torch::Tensor TextWorkload::forward(const Inputs& inputs)
{
    return inputs.size() > 2 ? m_net->forward(inputs.at(0), inputs.at(1), inputs.at(2)) : m_net->forward(inputs.at(0), inputs.at(1));
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
    std::vector<std::vector<int64_t>> documents;
    documents.reserve(size_t(instances.size()));
    for (qsizetype i = 0; i < instances.size(); ++i) {
        QStringList parts;
        bool any = false;
        for (const QString& column : m_textColumns) {
            const auto it = instances.at(i).constFind(column);
            if (it == instances.at(i).constEnd())
                continue;
            if (it->typeId() != QMetaType::QString)
                throw Error(ErrorCode::InvalidArgument, QStringLiteral("instance %1: '%2' must be text").arg(i).arg(column));
            parts << it->toString();
            any = true;
        }
        if (!any)
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("instance %1: give at least one of the text fields %2")
                                                        .arg(i).arg(m_textColumns.join(QLatin1String(", "))));
        documents.push_back(expIds(parts));
    }
    std::vector<int64_t> positions(documents.size());
    std::iota(positions.begin(), positions.end(), 0);
    return pack(documents, positions);
}

QJsonObject TextWorkload::exportTorchScript(models::ScriptModuleBuilder& script) const
{
    script.addModule(*m_module);
    QString source = QStringLiteral("def forward(self, indices, offsets):\n"
                                    "    bag = torch.embedding_bag(self.embedding_weight, indices, offsets, False, 1, False, None, False)\n"
                                    "    t = bag[0]\n");
    if (m_net->options().hidden() > 0)
        source += QStringLiteral("    t = torch.relu(torch.matmul(t, self.hidden_weight.t()) + self.hidden_bias)\n");
    source += QStringLiteral("    out = torch.matmul(t, self.out_weight.t()) + self.out_bias\n") + scriptOutput();
    script.define(source.toStdString());
    return QJsonObject{{QStringLiteral("forward"), QStringLiteral("indices: int64 [N], offsets: int64 [batch]: EmbeddingBag layout of the "
                                                                  "documents' hashed n-gram ids (see tokenizer)")},
                       {QStringLiteral("tokenizer"), QString::fromStdString(m_tokenizer.serialize())}};
}

Instance TextWorkload::instanceOf(const DatasetVersion& data, qsizetype row) const
{
    Instance instance;
    for (const QString& column : m_textColumns)
        instance.insert(column, cellOf(data, column, row));
    return instance;
}

}  // namespace mb::training
