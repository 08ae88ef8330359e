#include "Trainer.h"

#include "DatasetCatalog.h"
#include "Error.h"
#include "ModelRegistry.h"
#include "PredictionStore.h"
#include "PreparationStore.h"
#include "Runtime.h"
#include "RunStore.h"
#include "Sha256.h"
#include "TrainingObserver.h"
#include "Workspace.h"
#include "training/PreparationCache.h"
#include "training/TrainedModel.h"
#include "training/TrainingLoop.h"

#include <QElapsedTimer>
#include <QJsonArray>

namespace mb {
namespace {

// Records each epoch in the registry as it ends, then passes events on.
class RecordingObserver : public TrainingObserver {
public:
    RecordingObserver(const RunStore& runs, qint64 runId, TrainingObserver* next) : m_runs(runs), m_runId(runId), m_next(next) {}
    void onBatch(const BatchProgress& progress) override
    {
        if (m_next)
            m_next->onBatch(progress);
    }
    bool onEpochEnd(const EpochMetrics& epoch) override
    {
        m_runs.addEpoch(m_runId, epoch);
        return m_next ? m_next->onEpochEnd(epoch) : true;
    }
    void onMessage(const QString& text) override
    {
        if (m_next)
            m_next->onMessage(text);
    }

private:
    const RunStore& m_runs;
    qint64 m_runId;
    TrainingObserver* m_next;
};

QStringList classLabels(const DatasetVersionInfo& info)
{
    if (info.labelKind == LabelKind::Regression)
        return {};
    return info.metadata.value(QStringLiteral("class_counts")).toObject().keys();  // sorted
}

// Predictions of the first `count` rows of `split` (all when count is -1).
QVector<StoredPrediction> predictionsOf(const training::Workload& workload, Split split, const training::SplitOutputs& outputs,
                                        const DatasetVersion& data, int64_t count = -1)
{
    QVector<StoredPrediction> result;
    std::vector<int64_t> rows = workload.rows(split);
    if (count >= 0 && size_t(count) < rows.size())
        rows.resize(size_t(count));
    const DataColumn& label = data.table.columns.at(data.table.indexOf(data.schema.labelColumn()));
    if (workload.isRegression()) {
        const torch::Tensor values = outputs.values.to(torch::kFloat64).contiguous();
        for (size_t i = 0; i < rows.size(); ++i) {
            StoredPrediction p;
            p.row = rows[i];
            p.split = DatasetSplitter::name(split);
            p.truth = label.text(rows[i]);
            p.predicted = formatNumber(values[int64_t(i)].item<double>());
            result << p;
        }
        return result;
    }
    const int64_t k = std::min<int64_t>(5, workload.labels().size());
    const auto [probabilities, classes] = outputs.probabilities.topk(k, 1);
    const auto prob = probabilities.accessor<float, 2>();
    const auto cls = classes.accessor<int64_t, 2>();
    for (size_t i = 0; i < rows.size(); ++i) {
        StoredPrediction p;
        p.row = rows[i];
        p.split = DatasetSplitter::name(split);
        p.truth = label.text(rows[i]).trimmed();
        for (int64_t j = 0; j < k; ++j)
            p.top.append({workload.labels().at(cls[int64_t(i)][j]), double(prob[int64_t(i)][j])});
        p.predicted = p.top.first().first;
        p.confidence = p.top.first().second;
        result << p;
    }
    return result;
}

}  // namespace

QString Trainer::runKey(const QString& datasetHash, const QString& resolvedConfigYaml)
{
    const QByteArray material = datasetHash.toLatin1() + '\n' + resolvedConfigYaml.toUtf8() + '\n' +
                                QByteArray::number(MODELBENCH_PIPELINE_VERSION);
    return Sha256::hex(material);
}

ModelVersionInfo Trainer::registerPending(const PendingVersion& pending, const QString& actor) const
{
    const ModelRegistry registry(m_workspace);
    const ModelVersionInfo registered = registry.registerVersion(pending.version, actor);
    PredictionStore(m_workspace).store(registered.id, pending.version.datasetVersionId, pending.predictions);
    return registry.get(registered.id);
}

TrainOutcome Trainer::train(const TrainRequest& request, TrainingObserver* observer, const std::atomic_bool* cancel) const
{
    const DatasetCatalog catalog(m_workspace);
    const DatasetVersionInfo info = catalog.resolve(request.dataset);
    const TrainConfig config = TrainConfig::resolve(request.configYaml, info.kind, info.labelKind, request.overrides, request.configSource);
    const QString configYaml = config.toYaml();
    const QString key = runKey(info.hash, configYaml);
    const QString modelName = request.modelName.isEmpty() ? info.dataset : request.modelName;
    ModelRegistry::checkModelName(modelName);
    const RunStore runs(m_workspace);
    const ModelRegistry registry(m_workspace);

    if (!request.force) {
        if (const auto cached = runs.findCached(key, request.reuseUnregistered && !request.registerModel)) {
            TrainOutcome outcome;
            outcome.cached = true;
            outcome.run = *cached;
            if (!cached->modelVersionRef.isEmpty())
                outcome.version = registry.resolve(cached->modelVersionRef);
            outcome.history = runs.epochs(cached->id);
            return outcome;
        }
    }

    const DatasetVersion data = catalog.load(info);
    const qint64 runId = runs.begin(key, info.id, config.model, configYaml, request.source);
    QElapsedTimer clock;
    clock.start();
    try {
        if (observer)
            observer->onStarted(runs.get(runId), config.epochs);
        models::setComputeThreads(config.threads);
        torch::manual_seed(uint64_t(config.seed));

        const QStringList labels = classLabels(info);
        training::TrainedModel model;
        model.config = config;
        model.task = toString(info.labelKind);
        model.workload = training::makeWorkload(config.model);
        model.workload->setBlobResolver([this](const QString& hash) { return m_workspace.artifacts().get(hash); });
        const PreparationStore preparations(m_workspace);
        runs.setPrepCached(runId, training::PreparationCache(preparations).prepare(*model.workload, data, config, labels, observer));
        model.workload->build(config);

        RecordingObserver recorder(runs, runId, observer);
        training::TrainingLoop loop(*model.workload, config, labels, &recorder, cancel);
        const training::LoopResult result = loop.run();
        const auto cancelled = [&] {
            runs.finish(runId, QStringLiteral("cancelled"), result.bestEpoch, result.history.size(), {}, {}, double(clock.nsecsElapsed()) * 1e-9);
            TrainOutcome outcome;
            outcome.run = runs.get(runId);
            outcome.history = result.history;
            return outcome;
        };
        if (result.cancelled)
            return cancelled();

        // Final figures of the kept weights on validation and test, and predictions of every
        // split. A refit keeps the first model's validation figures (the rows it held out)
        // and predicts the training rows and the test split with the refitted model.
        QJsonObject metrics;
        QVector<StoredPrediction> predictions;
        const auto evaluate = [&](Split split, int64_t count = -1) {
            if (model.workload->count(split) == 0)
                return;
            const training::SplitOutputs outputs = loop.outputs(split, count);
            predictions += predictionsOf(*model.workload, split, outputs, data, count);
            if (split == Split::Train)
                return;
            const QJsonObject report = model.workload->isRegression() ? loop.regressionReport(outputs, split).toJson()
                                                                      : loop.classificationReport(outputs, split).toJson();
            metrics.insert(split == Split::Val ? QStringLiteral("validation") : QStringLiteral("test"), report);
        };
        if (config.refit && model.workload->count(Split::Val) > 0 && result.bestEpoch > 0) {
            const int64_t trainRows = model.workload->count(Split::Train);
            evaluate(Split::Val);
            if (!loop.refit(result.bestEpoch))
                return cancelled();
            evaluate(Split::Train, trainRows);
            evaluate(Split::Test);
            metrics.insert(QStringLiteral("refit"), QJsonObject{{QStringLiteral("epochs"), result.bestEpoch},
                                                                {QStringLiteral("rows"), qint64(model.workload->count(Split::Train))}});
        } else {
            for (Split split : {Split::Train, Split::Val, Split::Test})
                evaluate(split);
        }
        metrics.insert(QStringLiteral("best_epoch"), result.bestEpoch);
        metrics.insert(QStringLiteral("train_seconds"), double(clock.nsecsElapsed()) * 1e-9);

        auto pending = std::make_shared<PendingVersion>();
        pending->version.model = modelName;
        pending->version.task = model.task;
        pending->version.modelType = config.model;
        pending->version.bundle = model.toBundle(metrics, info.ref());
        pending->version.runId = runId;
        pending->version.datasetVersionId = info.id;
        pending->version.metrics = metrics;
        pending->version.signature = model.signature();
        pending->predictions = std::move(predictions);
        pending->runId = runId;
        runs.finish(runId, QStringLiteral("finished"), result.bestEpoch, result.history.size(), metrics, {},
                    double(clock.nsecsElapsed()) * 1e-9);

        TrainOutcome outcome;
        outcome.history = result.history;
        if (request.registerModel)
            outcome.version = registerPending(*pending, request.source);
        else
            outcome.pending = pending;
        outcome.run = runs.get(runId);
        return outcome;
    } catch (const Error& error) {
        runs.finish(runId, QStringLiteral("failed"), 0, 0, {}, error.message(), double(clock.nsecsElapsed()) * 1e-9);
        throw;
    } catch (const std::exception& error) {
        const QString message = QString::fromUtf8(error.what()).section(QLatin1Char('\n'), 0, 0);
        runs.finish(runId, QStringLiteral("failed"), 0, 0, {}, message, double(clock.nsecsElapsed()) * 1e-9);
        throw Error(ErrorCode::Internal, QStringLiteral("training failed: %1").arg(message));
    }
}

}  // namespace mb
