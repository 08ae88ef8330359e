#include "training/ImageWorkload.h"

#include "Error.h"
#include "GestureCNN.h"

#include <QJsonArray>

namespace mb::training {
namespace {

std::vector<uint8_t> bytesOf(const QByteArray& data)
{
    return std::vector<uint8_t>(data.cbegin(), data.cend());
}

}  // namespace

void ImageWorkload::prepare(const DatasetVersion& data, const TrainConfig& config, const QStringList& labels)
{
    prepareTargets(data, labels);
    m_imageColumn = data.schema.columnsWithRole(ColumnRole::Image).value(0);
    const DataColumn& images = data.table.columns.at(data.table.indexOf(m_imageColumn));
    models::ImagePipelineOptions options;
    options.width = config.imageSize;
    options.height = config.imageSize;
    options.deskew = config.deskew;
    m_pipeline = models::ImagePipeline(options);
    for (size_t split = 0; split < 3; ++split) {
        m_prepared[split].clear();
        for (int64_t row : rows(Split(split))) {
            const QString hash = images.texts.at(row);
            try {
                m_prepared[split].push_back(m_pipeline.prepare(bytesOf(m_blobs(hash))));
            } catch (const std::invalid_argument& error) {
                throw Error(ErrorCode::Corrupt, QStringLiteral("image %1 of the dataset cannot be decoded: %2").arg(hash, QString::fromStdString(error.what())));
            }
        }
    }
    m_pipeline.fit(m_prepared[0]);
}

void ImageWorkload::build(const TrainConfig& config)
{
    models::GestureCNNOptions options(outputs());
    options.height(m_pipeline.options().height).width(m_pipeline.options().width).dropout(config.dropout).batch_norm(config.batchNorm);
    m_net = models::GestureCNN(options);
    m_module = m_net.ptr();
}

torch::Tensor ImageWorkload::stack(const std::vector<std::vector<float>>& images) const
{
    const int64_t h = m_pipeline.options().height, w = m_pipeline.options().width;
    torch::Tensor batch = torch::empty({int64_t(images.size()), 1, h, w}, torch::kFloat32);
    float* out = batch.data_ptr<float>();
    for (const std::vector<float>& image : images) {
        const std::vector<float> normalized = m_pipeline.normalize(image);
        std::copy(normalized.begin(), normalized.end(), out);
        out += h * w;
    }
    return batch;
}

Inputs ImageWorkload::batch(Split split, const std::vector<int64_t>& positions, bool augment, std::mt19937_64& rng) const
{
    std::vector<std::vector<float>> images;
    images.reserve(positions.size());
    std::mt19937 warp{static_cast<uint32_t>(rng())};
    for (int64_t position : positions) {
        const std::vector<float>& image = m_prepared[size_t(split)][size_t(position)];
        images.push_back(augment ? m_pipeline.augment(image, warp) : image);
    }
    return {stack(images)};
}

torch::Tensor ImageWorkload::forward(const Inputs& inputs)
{
    return m_net->forward(inputs.at(0));
}

QJsonObject ImageWorkload::state() const
{
    QJsonObject state = commonState();
    state.insert(QStringLiteral("image_column"), m_imageColumn);
    state.insert(QStringLiteral("pipeline"), QString::fromStdString(m_pipeline.serialize()));
    return state;
}

void ImageWorkload::restore(const QJsonObject& state)
{
    restoreCommon(state);
    m_imageColumn = state.value(QStringLiteral("image_column")).toString();
    m_pipeline = models::ImagePipeline::deserialize(state.value(QStringLiteral("pipeline")).toString().toStdString());
}

QJsonArray ImageWorkload::inputSignature() const
{
    return {QJsonObject{{QStringLiteral("name"), m_imageColumn},
                        {QStringLiteral("type"), QStringLiteral("image")},
                        {QStringLiteral("width"), qint64(m_pipeline.options().width)},
                        {QStringLiteral("height"), qint64(m_pipeline.options().height)}}};
}

Inputs ImageWorkload::encode(const QVector<Instance>& instances) const
{
    std::vector<std::vector<float>> images;
    for (qsizetype i = 0; i < instances.size(); ++i) {
        const auto it = instances.at(i).constFind(m_imageColumn);
        if (it == instances.at(i).constEnd())
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("instance %1: missing image '%2'").arg(i).arg(m_imageColumn));
        if (it->typeId() != QMetaType::QByteArray)
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("instance %1: '%2' must be an encoded image").arg(i).arg(m_imageColumn));
        try {
            images.push_back(m_pipeline.prepare(bytesOf(it->toByteArray())));
        } catch (const std::invalid_argument& error) {
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("instance %1: the image cannot be decoded (%2)").arg(i).arg(QString::fromStdString(error.what())));
        }
    }
    return {stack(images)};
}

Instance ImageWorkload::instanceOf(const DatasetVersion& data, qsizetype row) const
{
    return {{m_imageColumn, m_blobs(cellOf(data, m_imageColumn, row).toString())}};
}

}  // namespace mb::training
