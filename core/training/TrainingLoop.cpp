#include "training/TrainingLoop.h"

#include "Error.h"
#include "TrainingObserver.h"
#include "training/SparseAdam.h"
#include "training/SparseSgd.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mb::training {
namespace {

constexpr qint64 kBatchReportMs = 100;  // observers hear of batches ~10 times a second
constexpr int64_t kEvalBatch = 1024;

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainConfig& c, const std::vector<torch::Tensor>& params)
{
    if (c.optimizer == QLatin1String("sgd"))
        return std::make_unique<torch::optim::SGD>(params, torch::optim::SGDOptions(c.lr).momentum(c.momentum).weight_decay(c.weightDecay));
    if (c.optimizer == QLatin1String("adam"))
        return std::make_unique<torch::optim::Adam>(params, torch::optim::AdamOptions(c.lr).weight_decay(c.weightDecay));
    return std::make_unique<torch::optim::AdamW>(params, torch::optim::AdamWOptions(c.lr).weight_decay(c.weightDecay));
}

// Parameters and buffers in order: the best epoch's copy, restored at the end. A later
// snapshot reuses the tensors of the earlier one: a text model's table is hundreds of MiB, and
// a fresh allocation of that size costs its page faults again on every improving epoch.
void snapshot(torch::nn::Module& module, std::vector<torch::Tensor>& copy)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> tensors = module.parameters();
    for (const auto& b : module.buffers())
        tensors.push_back(b);
    if (copy.size() != tensors.size()) {
        copy.clear();
        for (const auto& t : tensors)
            copy.push_back(t.detach().clone());
        return;
    }
    for (size_t i = 0; i < tensors.size(); ++i)
        copy[i].copy_(tensors[i]);
}

void restoreSnapshot(torch::nn::Module& module, const std::vector<torch::Tensor>& copy)
{
    torch::NoGradGuard noGrad;
    size_t i = 0;
    for (auto& p : module.parameters())
        p.copy_(copy[i++]);
    for (auto& b : module.buffers())
        b.copy_(copy[i++]);
}

std::vector<int64_t> positionsOf(int64_t n)
{
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    return order;
}

std::mt19937_64 shuffleRng(qint64 seed)
{
    return std::mt19937_64(quint64(seed) * 0x9E3779B97F4A7C15ull + 1);
}

}  // namespace

TrainingLoop::TrainingLoop(Workload& workload, const TrainConfig& config, const QStringList& labels, TrainingObserver* observer,
                           const std::atomic_bool* cancel)
    : m_workload(workload), m_config(config), m_labels(labels), m_observer(observer), m_cancel(cancel)
{
    weighClasses();
}

torch::Tensor TrainingLoop::lossOf(const torch::Tensor& output, const torch::Tensor& target) const
{
    if (m_workload.isRegression())
        return torch::mse_loss(output.squeeze(1), target);
    if (m_config.loss == QLatin1String("hinge")) {
        // One-vs-rest hinge, as linear SVMs are trained: each class's score should be >= 1 for
        // its own samples and <= -1 for the rest; summed over the classes. Class weights weigh
        // a sample by its true class.
        const torch::Tensor sign = torch::one_hot(target, output.size(1)).to(output.scalar_type()).mul_(2).sub_(1);
        const torch::Tensor perSample = (1 - sign * output).clamp_min(0).sum(1);
        if (!m_classWeights.defined())
            return perSample.mean();
        const torch::Tensor weights = m_classWeights.index_select(0, target);
        return (perSample * weights).sum() / weights.sum();
    }
    auto options = torch::nn::functional::CrossEntropyFuncOptions();
    if (m_classWeights.defined())
        options.weight(m_classWeights);
    if (m_config.labelSmoothing > 0)
        options.label_smoothing(m_config.labelSmoothing);
    return torch::nn::functional::cross_entropy(output, target, options);
}

double TrainingLoop::learningRate(int epoch, int64_t step) const
{
    if (m_config.schedule == QLatin1String("inverse"))
        return m_config.lr / (1.0 + m_config.lr * m_config.weightDecay * double(step));
    if (m_config.schedule == QLatin1String("cosine"))
        return m_config.lr * 0.5 * (1.0 + std::cos(M_PI * double(epoch - 1) / double(m_config.epochs)));
    if (m_config.schedule == QLatin1String("step"))
        return m_config.lr * std::pow(m_config.gamma, double((epoch - 1) / m_config.stepSize));
    return m_config.lr;
}

std::unique_ptr<SparseOptimizer> TrainingLoop::makeSparseOptimizer(const std::vector<torch::Tensor>& sparse) const
{
    if (sparse.empty())
        return nullptr;
    const double lr = m_config.lr * m_config.embeddingLrScale;
    if (m_config.optimizer != QLatin1String("sgd"))
        return std::make_unique<SparseAdam>(sparse, lr, 0.9, 0.999, 1e-8, m_config.embeddingWeightDecay);
    // A linear text model's table is the whole model: weight_decay is its L2. A fastText
    // table decays by its own key, as with Adam.
    const torch::Tensor scale = m_workload.sparseScale();
    try {
        return std::make_unique<SparseSgd>(sparse, scale, lr, scale.defined() ? m_config.weightDecay : m_config.embeddingWeightDecay);
    } catch (const std::invalid_argument& error) {
        throw Error(ErrorCode::InvalidArgument, QString::fromStdString(error.what()));
    }
}

double TrainingLoop::selectionScore(const EpochMetrics& epoch) const
{
    const QString& metric = m_config.selectionMetric;
    if (metric == QLatin1String("loss"))
        return -epoch.valLoss;
    return epoch.val.value(metric, -epoch.valLoss);
}

SplitOutputs TrainingLoop::outputs(Split split, int64_t count)
{
    torch::NoGradGuard noGrad;
    m_workload.module()->eval();
    const int64_t n = count >= 0 ? std::min(count, m_workload.count(split)) : m_workload.count(split);
    std::mt19937_64 unused(0);
    std::vector<torch::Tensor> parts;
    double lossSum = 0;
    for (int64_t start = 0; start < n; start += kEvalBatch) {
        std::vector<int64_t> positions(static_cast<size_t>(std::min(kEvalBatch, n - start)));
        std::iota(positions.begin(), positions.end(), start);
        const torch::Tensor output = m_workload.forward(m_workload.batch(split, positions, false, unused));
        const torch::Tensor target = m_workload.targets(split).slice(0, start, start + int64_t(positions.size()));
        lossSum += lossOf(output, target).item<double>() * double(positions.size());
        parts.push_back(output);
    }
    SplitOutputs result;
    result.loss = n > 0 ? lossSum / double(n) : 0;
    const torch::Tensor all = parts.empty() ? torch::empty({0, std::max<int64_t>(1, m_labels.size())}) : torch::cat(parts);
    if (m_workload.isRegression())
        result.values = m_workload.values(all.squeeze(1));
    else
        result.probabilities = torch::softmax(all, 1);
    return result;
}

ClassificationReport TrainingLoop::classificationReport(const SplitOutputs& outputs, Split split) const
{
    const torch::Tensor predicted = outputs.probabilities.argmax(1).contiguous();
    const torch::Tensor truth = m_workload.targets(split).contiguous();
    const int64_t n = truth.size(0);
    std::vector<int> t(static_cast<size_t>(n)), p(static_cast<size_t>(n));
    std::vector<std::vector<float>> probabilities(static_cast<size_t>(n));
    const auto probs = outputs.probabilities.contiguous();
    const float* probData = probs.data_ptr<float>();
    const int64_t* truthData = truth.data_ptr<int64_t>();
    const int64_t* predictedData = predicted.data_ptr<int64_t>();
    const int64_t classes = probs.size(1);
    for (int64_t i = 0; i < n; ++i) {
        t[size_t(i)] = int(truthData[i]);
        p[size_t(i)] = int(predictedData[i]);
        probabilities[size_t(i)].assign(probData + i * classes, probData + (i + 1) * classes);
    }
    return Evaluation::classification(m_labels, t, p, &probabilities);
}

RegressionReport TrainingLoop::regressionReport(const SplitOutputs& outputs, Split split) const
{
    const torch::Tensor truth = m_workload.values(m_workload.targets(split)).to(torch::kFloat64).contiguous();
    const torch::Tensor predicted = outputs.values.to(torch::kFloat64).contiguous();
    std::vector<double> t(truth.data_ptr<double>(), truth.data_ptr<double>() + truth.numel());
    std::vector<double> p(predicted.data_ptr<double>(), predicted.data_ptr<double>() + predicted.numel());
    return Evaluation::regression(t, p);
}

QMap<QString, double> TrainingLoop::scores(const SplitOutputs& outputs, Split split) const
{
    if (m_workload.count(split) == 0)
        return {};
    if (m_workload.isRegression()) {
        const RegressionReport report = regressionReport(outputs, split);
        return {{QStringLiteral("mae"), report.mae}, {QStringLiteral("rmse"), report.rmse}, {QStringLiteral("r2"), report.r2}};
    }
    const ClassificationReport report = classificationReport(outputs, split);
    return {{QStringLiteral("accuracy"), report.accuracy}, {QStringLiteral("macro_f1"), report.macroF1},
            {QStringLiteral("min_f1"), report.minF1}, {QStringLiteral("weighted_f1"), report.weightedF1}};
}

TrainingLoop::Optimizers TrainingLoop::makeOptimizers() const
{
    torch::nn::Module& module = *m_workload.module();
    const std::vector<torch::Tensor> sparse = m_workload.sparseParameters();
    std::vector<torch::Tensor> dense;
    for (const auto& p : module.parameters()) {
        const bool isSparse = std::any_of(sparse.begin(), sparse.end(), [&](const torch::Tensor& s) { return s.is_same(p); });
        if (!isSparse)
            dense.push_back(p);
    }
    return {makeOptimizer(m_config, dense), makeSparseOptimizer(sparse)};
}

void TrainingLoop::weighClasses()
{
    m_classWeights = torch::Tensor();
    if (m_labels.isEmpty() || m_config.classWeights != QLatin1String("balanced"))
        return;
    // n / (k * count_c), as scikit-learn's "balanced": rare classes weigh more.
    const torch::Tensor counts = torch::bincount(m_workload.targets(Split::Train), {}, m_labels.size()).to(torch::kFloat32);
    const double n = double(m_workload.count(Split::Train));
    m_classWeights = (n / (double(m_labels.size()) * counts.clamp_min(1))).to(torch::kFloat32);
}

TrainingLoop::EpochPass TrainingLoop::trainEpoch(int epoch, int epochs, Optimizers& optimizers, std::vector<int64_t>& order,
                                                 std::mt19937_64& rng, int64_t& step)
{
    QElapsedTimer clock;
    clock.start();
    m_workload.module()->train();
    std::shuffle(order.begin(), order.end(), rng);
    const int64_t n = int64_t(order.size());
    const int64_t batchSize = m_config.batchSize;
    const int batches = int((n + batchSize - 1) / batchSize);
    EpochPass pass;
    double lossSum = 0;
    qint64 lastReport = 0;
    for (int b = 0; b < batches; ++b) {
        if (m_cancel && m_cancel->load()) {
            pass.cancelled = true;
            break;
        }
        const int64_t start = int64_t(b) * batchSize;
        const std::vector<int64_t> positions(order.begin() + start, order.begin() + std::min(n, start + batchSize));
        std::vector<int64_t> targetIndex(positions);
        const torch::Tensor target = m_workload.targets(Split::Train).index_select(0, torch::tensor(targetIndex, torch::kInt64));
        const double batchLr = learningRate(epoch, step++);
        for (auto& group : optimizers.dense->param_groups())
            group.options().set_lr(batchLr);
        optimizers.dense->zero_grad();
        if (optimizers.sparse) {
            optimizers.sparse->setLearningRate(batchLr * m_config.embeddingLrScale);
            optimizers.sparse->zeroGrad();
        }
        const torch::Tensor loss = lossOf(m_workload.forward(m_workload.batch(Split::Train, positions, m_config.augment, rng)), target);
        const double batchLoss = loss.item<double>();
        if (!std::isfinite(batchLoss))
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("training diverged at epoch %1, batch %2: the loss is %3; "
                                                                   "try a lower lr (it is %4)")
                                                        .arg(epoch).arg(b + 1).arg(batchLoss).arg(batchLr));
        loss.backward();
        optimizers.dense->step();
        if (optimizers.sparse)
            optimizers.sparse->step();
        lossSum += batchLoss * double(positions.size());
        pass.seen += int64_t(positions.size());
        if (m_observer && (clock.elapsed() - lastReport >= kBatchReportMs || b + 1 == batches)) {
            lastReport = clock.elapsed();
            const double rate = double(pass.seen) / std::max(1e-9, double(clock.nsecsElapsed()) * 1e-9);
            const double epochSeconds = double(n) / rate;
            m_observer->onBatch({epoch, b + 1, batches, lossSum / double(pass.seen), rate,
                                 epochSeconds * (epochs - epoch) + (double(n - pass.seen) / rate), m_refitEpochs});
        }
    }
    pass.loss = pass.seen > 0 ? lossSum / double(pass.seen) : 0;
    pass.samplesPerSecond = double(pass.seen) / std::max(1e-9, double(clock.nsecsElapsed()) * 1e-9);
    return pass;
}

LoopResult TrainingLoop::run()
{
    const int64_t n = m_workload.count(Split::Train);
    if (n == 0)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("the training split is empty"));
    torch::nn::Module& module = *m_workload.module();
    Optimizers optimizers = makeOptimizers();
    const bool validate = m_workload.count(Split::Val) > 0;
    std::mt19937_64 rng = shuffleRng(m_config.seed);
    std::vector<int64_t> order = positionsOf(n);

    LoopResult result;
    int64_t step = 0;  // batches trained so far, for the inverse schedule
    double bestScore = -INFINITY;
    double bestLoss = INFINITY;
    std::vector<torch::Tensor> best;
    int sinceBest = 0;
    double secondsSoFar = 0;
    for (int epoch = 1; epoch <= m_config.epochs; ++epoch) {
        QElapsedTimer clock;
        clock.start();
        const double lr = learningRate(epoch, step);
        const EpochPass pass = trainEpoch(epoch, m_config.epochs, optimizers, order, rng, step);
        result.cancelled = pass.cancelled;
        if (result.cancelled && pass.seen == 0)
            break;
        EpochMetrics metrics;
        metrics.epoch = epoch;
        metrics.trainLoss = pass.loss;
        metrics.lr = lr;
        metrics.samplesPerSecond = pass.samplesPerSecond;
        if (validate) {
            const SplitOutputs val = outputs(Split::Val);
            metrics.valLoss = val.loss;
            metrics.val = scores(val, Split::Val);
        } else {
            metrics.valLoss = metrics.trainLoss;
        }
        metrics.seconds = double(clock.nsecsElapsed()) * 1e-9;
        secondsSoFar += metrics.seconds;
        metrics.etaSeconds = secondsSoFar / epoch * (m_config.epochs - epoch);
        result.history << metrics;

        // Ties, common on small validation sets, go to the lower validation loss.
        const double score = selectionScore(metrics);
        if (score > bestScore || (score == bestScore && metrics.valLoss < bestLoss)) {
            bestScore = score;
            bestLoss = metrics.valLoss;
            result.bestEpoch = epoch;
            snapshot(module, best);
            sinceBest = 0;
        } else {
            ++sinceBest;
        }
        const bool keepGoing = m_observer ? m_observer->onEpochEnd(metrics) : true;
        // A cancel that came after the epoch's last batch is still a cancel, not an observer
        // that has seen enough (which keeps the best epoch so far).
        if (m_cancel && m_cancel->load())
            result.cancelled = true;
        if (result.cancelled || !keepGoing)
            break;
        if (m_config.patience > 0 && sinceBest >= m_config.patience) {
            if (m_observer)
                m_observer->onMessage(QStringLiteral("early stopping: no improvement of %1 for %2 epochs (best epoch %3)")
                                          .arg(m_config.selectionMetric).arg(m_config.patience).arg(result.bestEpoch));
            break;
        }
    }
    if (!best.empty())
        restoreSnapshot(module, best);
    module.eval();
    if (!result.cancelled && validate)
        calibrate();
    return result;
}

bool TrainingLoop::refit(int epochs)
{
    const int64_t trainRows = m_workload.count(Split::Train);
    m_workload.foldValidationIntoTraining();
    const int64_t n = m_workload.count(Split::Train);
    if (m_observer)
        m_observer->onMessage(QStringLiteral("refit: a fresh model trains for %1 epochs on the training and validation rows "
                                             "(%2 + %3)").arg(epochs).arg(trainRows).arg(n - trainRows));
    m_refitEpochs = epochs;
    torch::manual_seed(uint64_t(m_config.seed));
    m_workload.build(m_config);
    weighClasses();
    Optimizers optimizers = makeOptimizers();
    std::mt19937_64 rng = shuffleRng(m_config.seed);
    std::vector<int64_t> order = positionsOf(n);
    int64_t step = 0;
    for (int epoch = 1; epoch <= epochs; ++epoch) {
        if (trainEpoch(epoch, epochs, optimizers, order, rng, step).cancelled)
            return false;
    }
    m_workload.module()->eval();
    if (m_temperature != 1) {
        torch::NoGradGuard noGrad;
        m_workload.sparseScale().mul_(m_temperature);
    }
    return true;
}

void TrainingLoop::calibrate()
{
    // Hinge scores say which class, not how sure: their softmax is no probability. A linear
    // model's logits carry a scale (sparseScale()), so one temperature fitted on the validation
    // split (the one minimising its cross-entropy) turns them into calibrated probabilities
    // without changing a single prediction.
    torch::Tensor scale = m_workload.sparseScale();
    if (m_config.loss != QLatin1String("hinge") || !scale.defined() || m_workload.isRegression())
        return;
    // Log-probabilities are the logits up to a per-row constant, which softmax ignores.
    const torch::Tensor logits = outputs(Split::Val).probabilities.clamp_min(1e-30).log().to(torch::kDouble);
    const torch::Tensor target = m_workload.targets(Split::Val);
    const auto nll = [&](double logT) { return torch::nn::functional::cross_entropy(logits * std::exp(logT), target).item<double>(); };
    // Golden-section search of log T over [-5, 5]: the cross-entropy is convex in T, so it has
    // one minimum along log T.
    const double phi = (std::sqrt(5.0) - 1) / 2;
    double lo = -5, hi = 5;
    double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
    double fa = nll(a), fb = nll(b);
    for (int i = 0; i < 60; ++i) {
        if (fa < fb) {
            hi = b, b = a, fb = fa;
            a = hi - phi * (hi - lo), fa = nll(a);
        } else {
            lo = a, a = b, fa = fb;
            b = lo + phi * (hi - lo), fb = nll(b);
        }
    }
    const double temperature = std::exp((lo + hi) / 2);
    torch::NoGradGuard noGrad;
    scale.mul_(temperature);
    m_temperature = temperature;
    if (m_observer)
        m_observer->onMessage(QStringLiteral("probabilities calibrated on the validation split: scores x %1").arg(temperature, 0, 'g', 3));
}

}  // namespace mb::training
