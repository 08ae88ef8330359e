#include "training/TextWorkload.h"

#include "Error.h"

#include <QJsonArray>

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
            m_documents[split].push_back(m_tokenizer.encode(parts.join(QLatin1Char(' ')).toStdString()));
        }
    }
}

void TextWorkload::build(const TrainConfig& config)
{
    models::TextClassifierOptions options(outputs());
    options.num_buckets(m_tokenizer.options().num_buckets).embedding_dim(config.embeddingDim).hidden(config.textHidden);
    m_net = models::TextClassifier(options);
    m_module = m_net.ptr();
}

Inputs TextWorkload::pack(const std::vector<std::vector<int64_t>>& documents, const std::vector<int64_t>& positions) const
{
    const auto [indices, offsets] = models::TextClassifierImpl::toTensors(models::HashingTokenizer::pack(documents, positions));
    return {indices, offsets};
}

Inputs TextWorkload::batch(Split split, const std::vector<int64_t>& positions, bool, std::mt19937_64&) const
{
    return pack(m_documents[size_t(split)], positions);
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
        documents.push_back(m_tokenizer.encode(parts.join(QLatin1Char(' ')).toStdString()));
    }
    std::vector<int64_t> positions(documents.size());
    std::iota(positions.begin(), positions.end(), 0);
    return pack(documents, positions);
}

Instance TextWorkload::instanceOf(const DatasetVersion& data, qsizetype row) const
{
    Instance instance;
    for (const QString& column : m_textColumns)
        instance.insert(column, cellOf(data, column, row));
    return instance;
}

}  // namespace mb::training
