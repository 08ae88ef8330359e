#include "training/ImageWorkload.h"

#include "Error.h"
#include "ScriptModuleBuilder.h"
#include "GestureCNN.h"
#include "training/PreparedStream.h"

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

QString ImageWorkload::kind() const
{
    return QStringLiteral("image");
}

QStringList ImageWorkload::preparationKeys() const
{
    // image.augment is not here: augmentation warps batches while training.
    return {QStringLiteral("image.size"), QStringLiteral("image.deskew")};
}

void ImageWorkload::writePrepared(PreparedWriter& out) const
{
    for (const auto& images : m_prepared)
        out.writeFloatLists(images);
}

void ImageWorkload::readPrepared(PreparedReader& in, const TrainConfig&)
{
    const size_t pixels = size_t(m_pipeline.options().width * m_pipeline.options().height);
    for (size_t split = 0; split < 3; ++split) {
        m_prepared[split] = in.readFloatLists();
        checkPreparedCount(Split(split), m_prepared[split].size());
        for (const std::vector<float>& image : m_prepared[split]) {
            if (image.size() != pixels)
                throw Error(ErrorCode::Corrupt, QStringLiteral("cached preparation: an image of %1 pixels, the pipeline makes %2").arg(image.size()).arg(pixels));
        }
    }
}

void ImageWorkload::appendPrepared(Split from, Split to)
{
    moveToEnd(m_prepared[size_t(from)], m_prepared[size_t(to)]);
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

QJsonObject ImageWorkload::exportTorchScript(models::ScriptModuleBuilder& script) const
{
    script.addModule(*m_module);
    const models::GestureCNNOptions& o = m_net->options();
    QString source = QStringLiteral("def forward(self, x):\n    t = x.float()\n");
    int64_t h = o.height(), w = o.width();
    for (size_t b = 0; b < o.channels().size(); ++b) {
        for (int64_t k = 0; k < o.convs_per_block(); ++k) {
            const QString n = QStringLiteral("%1_%2").arg(b).arg(k);
            source += QStringLiteral("    t = torch.conv2d(t, self.conv%1_weight, %2, [1, 1], [1, 1], [1, 1], 1)\n")
                          .arg(n, o.batch_norm() ? QStringLiteral("None") : QStringLiteral("self.conv%1_bias").arg(n));
            if (o.batch_norm())
                source += QStringLiteral("    t = torch.batch_norm(t, self.norm%1_weight, self.norm%1_bias, self.norm%1_running_mean, "
                                         "self.norm%1_running_var, False, 0.1, 1e-05, False)\n").arg(n);
            source += QStringLiteral("    t = torch.relu(t)\n");
        }
        // The same rule as GestureCNN: pool while the feature map stays at least 2x2.
        if (h / 2 >= 2 && w / 2 >= 2) {
            source += QStringLiteral("    t = torch.max_pool2d(t, [2, 2], [2, 2], [0, 0], [1, 1], False)\n");
            h /= 2;
            w /= 2;
        }
    }
    source += o.global_pool() ? QStringLiteral("    t = torch.mean(t, [2, 3])\n") : QStringLiteral("    t = torch.flatten(t, 1)\n");
    if (o.hidden() > 0)
        source += QStringLiteral("    t = torch.relu(torch.matmul(t, self.hidden_weight.t()) + self.hidden_bias)\n");
    source += QStringLiteral("    out = torch.matmul(t, self.out_weight.t()) + self.out_bias\n") + scriptOutput();
    script.define(source.toStdString());
    return QJsonObject{{QStringLiteral("forward"), QStringLiteral("x: float32 [batch, 1, %1, %2], images after Modelbench's pipeline "
                                                                  "(grayscale, deskew, resize, (x - %3) / %4)")
                                                       .arg(o.height()).arg(o.width()).arg(double(m_pipeline.options().mean)).arg(double(m_pipeline.options().std))}};
}

Instance ImageWorkload::instanceOf(const DatasetVersion& data, qsizetype row) const
{
    return {{m_imageColumn, m_blobs(cellOf(data, m_imageColumn, row).toString())}};
}

}  // namespace mb::training
