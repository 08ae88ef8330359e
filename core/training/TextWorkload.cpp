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
            std::vector<models::TextField> fields;
            for (const QString& column : std::as_const(m_textColumns))
                fields.push_back({column.toStdString(), cellOf(data, column, row).toString().toStdString()});
            m_documents[split].push_back(m_tokenizer.encodeFields(fields));
        }
    }
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
}

void TextWorkload::readPrepared(PreparedReader& in, const TrainConfig& config)
{
    m_tokenDropout = config.tokenDropout;
    for (size_t split = 0; split < 3; ++split) {
        m_documents[split] = in.readIdLists();
        checkPreparedCount(Split(split), m_documents[split].size());
        for (const std::vector<int64_t>& ids : m_documents[split]) {
            const auto [lowest, highest] = std::minmax_element(ids.begin(), ids.end());
            if (ids.empty() || *lowest < 0 || *highest >= m_tokenizer.options().num_buckets)
                throw Error(ErrorCode::Corrupt, QStringLiteral("cached preparation: a document's token ids do not fit the tokenizer"));
        }
    }
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
    return {indices, offsets};
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
    return m_net->forward(inputs.at(0), inputs.at(1));
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
        documents.push_back(m_tokenizer.encodeFields(fields));
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
