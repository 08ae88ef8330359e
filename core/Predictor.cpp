#include "Predictor.h"

#include "Error.h"
#include "training/TrainedModel.h"

#include <QMutex>

namespace mb {

struct Predictor::Impl {
    training::TrainedModel model;
    mutable QMutex mutex;
};

Predictor::Predictor() : d(std::make_unique<Impl>()) {}
Predictor::~Predictor() = default;

std::shared_ptr<Predictor> Predictor::fromBundle(const QByteArray& bytes, const QString& source)
{
    std::shared_ptr<Predictor> predictor(new Predictor());
    predictor->d->model = training::TrainedModel::fromBundle(bytes, source);
    return predictor;
}

QByteArray Predictor::bundleFromTorchScript(const QByteArray& script, const QJsonObject& signature, const QString& source)
{
    return training::TrainedModel::fromTorchScript(script, signature, source).toBundle({}, {});
}

QString Predictor::task() const { return d->model.task; }
QString Predictor::modelType() const { return d->model.config.model; }
QStringList Predictor::labels() const { return d->model.workload->labels(); }
QJsonArray Predictor::inputs() const { return d->model.workload->inputSignature(); }
QJsonObject Predictor::header() const { return d->model.header; }

QJsonObject Predictor::exportTorchScript(const QString& path) const
{
    QMutexLocker lock(&d->mutex);
    return d->model.exportTorchScript(path);
}

QVector<Prediction> Predictor::predict(const QVector<Instance>& instances, int topK) const
{
    if (instances.isEmpty())
        return {};
    QMutexLocker lock(&d->mutex);
    c10::InferenceMode inference;
    training::Workload& workload = *d->model.workload;
    torch::Tensor output;
    try {
        output = workload.forward(workload.encode(instances));
    } catch (const c10::Error& error) {
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("the input does not fit the model: %1").arg(QString::fromStdString(error.what_without_backtrace())));
    }
    QVector<Prediction> predictions(instances.size());
    if (workload.isRegression()) {
        const torch::Tensor values = workload.values(output.squeeze(1)).to(torch::kFloat64).contiguous();
        for (qsizetype i = 0; i < predictions.size(); ++i)
            predictions[i].value = values[i].item<double>();
        return predictions;
    }
    const QStringList& labels = workload.labels();
    const int64_t k = std::clamp<int64_t>(topK, 1, labels.size());
    const auto [probabilities, classes] = torch::softmax(output, 1).topk(k, 1);
    const auto p = probabilities.accessor<float, 2>();
    const auto c = classes.accessor<int64_t, 2>();
    for (qsizetype i = 0; i < predictions.size(); ++i) {
        Prediction& prediction = predictions[i];
        for (int64_t j = 0; j < k; ++j)
            prediction.top.append({labels.at(c[i][j]), double(p[i][j])});
        prediction.label = prediction.top.first().first;
        prediction.confidence = prediction.top.first().second;
    }
    return predictions;
}

}  // namespace mb
