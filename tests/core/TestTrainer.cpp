#include "DatasetImporter.h"
#include "Error.h"
#include "ModelEvaluator.h"
#include "ModelRegistry.h"
#include "PredictionStore.h"
#include "Predictor.h"
#include "RunStore.h"
#include "TestData.h"
#include "Trainer.h"
#include "TrainingObserver.h"
#include "Workspace.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace mb;

namespace {

class CancelOnFirstBatch : public TrainingObserver {
public:
    explicit CancelOnFirstBatch(std::atomic_bool& flag) : m_flag(flag) {}
    void onBatch(const BatchProgress&) override { m_flag = true; }

private:
    std::atomic_bool& m_flag;
};

// Asks for the cancel at the end of an epoch, after its last batch: the race a user's Stop
// can hit, made deterministic.
class CancelAtEpochEnd : public TrainingObserver {
public:
    explicit CancelAtEpochEnd(std::atomic_bool& flag) : m_flag(flag) {}
    bool onEpochEnd(const EpochMetrics& epoch) override
    {
        if (epoch.epoch == 2)
            m_flag = true;
        return !m_flag;
    }

private:
    std::atomic_bool& m_flag;
};

class MessageObserver : public TrainingObserver {
public:
    QStringList messages;
    void onMessage(const QString& text) override { messages << text; }
};

// Asks for the cancel when the refit begins.
class CancelAtRefit : public TrainingObserver {
public:
    explicit CancelAtRefit(std::atomic_bool& flag) : m_flag(flag) {}
    void onMessage(const QString& text) override
    {
        if (text.startsWith(QLatin1String("refit")))
            m_flag = true;
    }

private:
    std::atomic_bool& m_flag;
};

class CountingObserver : public TrainingObserver {
public:
    int epochs = 0;
    int batches = 0;
    int started = 0;
    void onStarted(const RunInfo&, int) override { ++started; }
    void onBatch(const BatchProgress&) override { ++batches; }
    bool onEpochEnd(const EpochMetrics&) override { return ++epochs < stopAfter; }
    int stopAfter = 1 << 30;
};

}  // namespace

class TestTrainer : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;

    void importCsv(const QString& name, const QByteArray& content)
    {
        testdata::importCsv(*m_workspace, m_dir->filePath(name + QStringLiteral(".csv")), content);
    }

    TrainOutcome train(const QStringList& overrides = {}, bool force = false, TrainingObserver* observer = nullptr,
                       const std::atomic_bool* cancel = nullptr)
    {
        TrainRequest request;
        request.dataset = QStringLiteral("blobs");
        request.overrides = QStringList{QStringLiteral("epochs=15"), QStringLiteral("patience=0")} + overrides;
        request.force = force;
        return Trainer(*m_workspace).train(request, observer, cancel);
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
        importCsv(QStringLiteral("blobs"), testdata::blobsCsv(40, 7, 0.5));
    }

    void cleanup()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void trainsRecordsAndRegisters()
    {
        CountingObserver observer;
        const TrainOutcome outcome = train({}, false, &observer);
        QVERIFY(!outcome.cached);
        QCOMPARE(outcome.run.state, QStringLiteral("finished"));
        QCOMPARE(outcome.history.size(), 15);
        QCOMPARE(observer.started, 1);
        QCOMPARE(observer.epochs, 15);
        QVERIFY(observer.batches >= 15);
        QCOMPARE(outcome.version.ref(), QStringLiteral("blobs@1"));
        QCOMPARE(outcome.version.datasetRef, QStringLiteral("blobs@1"));
        const double accuracy = outcome.version.metrics.value(QStringLiteral("test")).toObject().value(QStringLiteral("accuracy")).toDouble();
        QVERIFY2(accuracy >= 0.95, qPrintable(QString::number(accuracy)));
        QCOMPARE(RunStore(*m_workspace).epochs(outcome.run.id).size(), 15);
        // Every row's prediction is kept for inspection.
        QCOMPARE(PredictionStore(*m_workspace).load(outcome.version.id, 1).size(), 120);
        QCOMPARE(PredictionStore(*m_workspace).load(outcome.version.id, 1, QStringLiteral("test")).size(), 18);
    }

    void sameInputsSameResults()
    {
        const TrainOutcome first = train();
        const TrainOutcome second = train({}, true);
        QCOMPARE(second.version.version, 2);
        QCOMPARE(first.history.size(), second.history.size());
        for (int i = 0; i < first.history.size(); ++i) {
            QCOMPARE(first.history.at(i).trainLoss, second.history.at(i).trainLoss);
            QCOMPARE(first.history.at(i).valLoss, second.history.at(i).valLoss);
        }
        const TrainOutcome otherSeed = train({QStringLiteral("seed=1")}, true);
        QVERIFY(otherSeed.history.first().trainLoss != first.history.first().trainLoss);
    }

    void identicalRunIsCached()
    {
        const TrainOutcome first = train();
        const TrainOutcome again = train();
        QVERIFY(again.cached);
        QCOMPARE(again.run.id, first.run.id);
        QCOMPARE(again.version.id, first.version.id);
        QCOMPARE(RunStore(*m_workspace).list().size(), 1);
        // Any change of the resolved config is another run.
        QVERIFY(!train({QStringLiteral("lr=0.01")}).cached);
        QCOMPARE(ModelRegistry(*m_workspace).versions(QStringLiteral("blobs")).size(), 2);
    }

    void cancelStopsAndRegistersNothing()
    {
        std::atomic_bool cancel{false};
        CancelOnFirstBatch observer(cancel);
        const TrainOutcome outcome = train({QStringLiteral("batch_size=4")}, false, &observer, &cancel);
        QCOMPARE(outcome.run.state, QStringLiteral("cancelled"));
        QVERIFY(outcome.history.size() <= 1);
        QCOMPARE(outcome.version.id, qint64(0));
        QVERIFY(ModelRegistry(*m_workspace).list().isEmpty());
    }

    void cancelAtAnEpochsEndIsACancel()
    {
        std::atomic_bool cancel{false};
        CancelAtEpochEnd observer(cancel);
        const TrainOutcome outcome = train({}, false, &observer, &cancel);
        QCOMPARE(outcome.run.state, QStringLiteral("cancelled"));
        QCOMPARE(outcome.history.size(), 2);
        QCOMPARE(outcome.version.id, qint64(0));
        QVERIFY(ModelRegistry(*m_workspace).list().isEmpty());
    }

    void observerCanStop()
    {
        CountingObserver observer;
        observer.stopAfter = 3;
        const TrainOutcome outcome = train({}, false, &observer);
        QCOMPARE(outcome.run.state, QStringLiteral("finished"));
        QCOMPARE(outcome.history.size(), 3);
    }

    void earlyStoppingEndsOnAPlateau()
    {
        const TrainOutcome outcome = train({QStringLiteral("epochs=200"), QStringLiteral("patience=4")});
        QVERIFY2(outcome.run.epochsRun < 200, qPrintable(QString::number(outcome.run.epochsRun)));
        QCOMPARE(outcome.run.epochsRun, outcome.run.bestEpoch + 4);
    }

    void bundleRoundTripGivesIdenticalPredictions()
    {
        const TrainOutcome outcome = train();
        const ModelRegistry registry(*m_workspace);
        const QByteArray bundle = registry.bundleBytes(outcome.version);
        const auto first = Predictor::fromBundle(bundle);
        const auto second = Predictor::fromBundle(QByteArray(bundle));
        QCOMPARE(first->labels(), (QStringList{QStringLiteral("blob0"), QStringLiteral("blob1"), QStringLiteral("blob2")}));
        QCOMPARE(first->inputs().size(), 4);
        const QVector<Instance> instances = {
            {{QStringLiteral("a"), 0.1}, {QStringLiteral("b"), 3.0}, {QStringLiteral("c"), 6.2}, {QStringLiteral("d"), 0.0}},
            {{QStringLiteral("a"), 6.0}, {QStringLiteral("b"), 0.2}, {QStringLiteral("c"), 3.1}, {QStringLiteral("d"), 6.0}}};
        const QVector<Prediction> a = first->predict(instances), b = second->predict(instances);
        for (int i = 0; i < a.size(); ++i) {
            QCOMPARE(a.at(i).label, b.at(i).label);
            QCOMPARE(a.at(i).top, b.at(i).top);  // exact, not approximate
        }
        QCOMPARE(a.at(0).label, QStringLiteral("blob0"));
        QCOMPARE(a.at(1).label, QStringLiteral("blob2"));
    }

    void hingeScoresBecomeCalibratedProbabilities()
    {
        // Package-like text that the name separates, with a fifth of the labels flipped at
        // random, so the validation split has errors and the best temperature is a finite one.
        QByteArray csv = "name,category\n";
        std::mt19937 rng(7);
        std::bernoulli_distribution flip(0.2);
        for (int i = 0; i < 200; ++i) {
            const bool dev = (i % 2 == 0) != flip(rng);
            csv += "lib" + QByteArray::number(i) + (i % 2 == 0 ? "-dev," : "-doc,") + (dev ? "libdevel\n" : "doc\n");
        }
        CsvImportRequest importRequest;
        importRequest.name = QStringLiteral("packages");
        importRequest.table.label = QStringLiteral("category");
        importRequest.table.text = {QStringLiteral("name")};
        testdata::importCsv(*m_workspace, m_dir->filePath(QStringLiteral("packages.csv")), csv, importRequest);
        TrainRequest request;
        request.dataset = QStringLiteral("packages");
        request.overrides = {QStringLiteral("text.buckets=4096")};
        MessageObserver observer;
        const TrainOutcome outcome = Trainer(*m_workspace).train(request, &observer);
        QVERIFY2(observer.messages.filter(QStringLiteral("calibrated on the validation split")).size() == 1, qPrintable(observer.messages.join('\n')));

        // The stored validation probabilities minimise the validation cross-entropy over
        // temperatures: scaling the logits by c turns p into p^c / sum p^c, and neither a
        // sharper nor a flatter version fits better.
        const QVector<StoredPrediction> val = PredictionStore(*m_workspace).load(outcome.version.id, outcome.version.datasetVersionId, QStringLiteral("val"));
        QVERIFY(!val.isEmpty());
        QVERIFY(std::any_of(val.begin(), val.end(), [](const StoredPrediction& p) { return p.predicted != p.truth; }));
        const auto crossEntropy = [&](double c) {
            double sum = 0;
            for (const StoredPrediction& p : val) {
                double total = 0, truth = 0;
                for (const auto& [label, probability] : p.top) {
                    total += std::pow(probability, c);
                    if (label == p.truth)
                        truth = std::pow(probability, c);
                }
                sum -= std::log(truth / total);
            }
            return sum / double(val.size());
        };
        const double calibrated = crossEntropy(1);
        QVERIFY2(calibrated <= crossEntropy(0.7) + 1e-6 && calibrated <= crossEntropy(1.4) + 1e-6,
                 qPrintable(QStringLiteral("%1 vs %2 / %3").arg(calibrated).arg(crossEntropy(0.7)).arg(crossEntropy(1.4))));

        // A softmax-trained model is left as it is.
        MessageObserver softmax;
        request.overrides << QStringLiteral("loss=softmax") << QStringLiteral("optimizer=adamw") << QStringLiteral("lr=0.01");
        Trainer(*m_workspace).train(request, &softmax);
        QVERIFY(softmax.messages.filter(QStringLiteral("calibrated")).isEmpty());
    }

    void refitLearnsTheValidationRows()
    {
        testdata::importRefitTexts(*m_workspace, m_dir->path());
        TrainRequest request;
        request.dataset = QStringLiteral("refit");
        request.overrides = {QStringLiteral("text.buckets=4096"), QStringLiteral("refit=false")};
        const TrainOutcome held = Trainer(*m_workspace).train(request);
        request.overrides.last() = QStringLiteral("refit=true");
        MessageObserver observer;
        const TrainOutcome refitted = Trainer(*m_workspace).train(request, &observer);
        const auto metric = [](const TrainOutcome& o, const char* split, const char* name) {
            return o.version.metrics.value(QLatin1String(split)).toObject().value(QLatin1String(name)).toDouble();
        };
        QVERIFY2(metric(held, "test", "accuracy") < 0.9, qPrintable(QString::number(metric(held, "test", "accuracy"))));
        QCOMPARE(metric(refitted, "test", "accuracy"), 1.0);
        // Validation figures are the first model's, the same as without the refit.
        QCOMPARE(refitted.version.metrics.value(QStringLiteral("validation")), held.version.metrics.value(QStringLiteral("validation")));
        QVERIFY(!held.version.metrics.contains(QStringLiteral("refit")));
        const QJsonObject refit = refitted.version.metrics.value(QStringLiteral("refit")).toObject();
        QCOMPARE(refit.value(QStringLiteral("rows")).toInt(), 80);
        QCOMPARE(refit.value(QStringLiteral("epochs")).toInt(), refitted.run.bestEpoch);
        QCOMPARE(observer.messages.filter(QStringLiteral("refit: a fresh model trains")).size(), 1);
        // Each row's prediction is stored once, under its own split.
        const PredictionStore store(*m_workspace);
        const qint64 data = refitted.version.datasetVersionId;
        QCOMPARE(store.load(refitted.version.id, data, QStringLiteral("train")).size(), 60);
        QCOMPARE(store.load(refitted.version.id, data, QStringLiteral("val")).size(), 20);
        QCOMPARE(store.load(refitted.version.id, data, QStringLiteral("test")).size(), 20);
        // The registered bundle is the refitted model.
        const auto predictor = Predictor::fromBundle(ModelRegistry(*m_workspace).bundleBytes(refitted.version));
        const QVector<Prediction> predictions = predictor->predict({{{QStringLiteral("text"), QStringLiteral("gamma")}},
                                                                    {{QStringLiteral("text"), QStringLiteral("delta")}}});
        QCOMPARE(predictions.at(0).label, QStringLiteral("a"));
        QCOMPARE(predictions.at(1).label, QStringLiteral("b"));
        // Evaluating it says which figures are not held out.
        const ModelEvaluator evaluator(*m_workspace);
        const QString dataRef = refitted.version.datasetRef;
        QVERIFY(evaluator.evaluate(refitted.version.ref(), dataRef, QStringLiteral("val")).caution.contains(QLatin1String("training and validation rows")));
        QVERIFY(evaluator.evaluate(refitted.version.ref(), dataRef, QStringLiteral("test")).caution.isEmpty());
        QVERIFY(evaluator.evaluate(held.version.ref(), dataRef, QStringLiteral("val")).caution.isEmpty());
        QVERIFY(evaluator.evaluate(held.version.ref(), dataRef, QStringLiteral("train")).caution.contains(QLatin1String("training rows")));
    }

    void cancelDuringTheRefitRegistersNothing()
    {
        testdata::importRefitTexts(*m_workspace, m_dir->path());
        std::atomic_bool cancel{false};
        CancelAtRefit observer(cancel);
        TrainRequest request;
        request.dataset = QStringLiteral("refit");
        request.overrides = {QStringLiteral("text.buckets=4096"), QStringLiteral("refit=true")};
        const TrainOutcome outcome = Trainer(*m_workspace).train(request, &observer, &cancel);
        QCOMPARE(outcome.run.state, QStringLiteral("cancelled"));
        QCOMPARE(outcome.version.id, qint64(0));
        QVERIFY(ModelRegistry(*m_workspace).list().isEmpty());
    }

    void badInstancesAreNamed()
    {
        const TrainOutcome outcome = train();
        const auto predictor = Predictor::fromBundle(ModelRegistry(*m_workspace).bundleBytes(outcome.version));
        try {
            predictor->predict({{{QStringLiteral("a"), 1.0}, {QStringLiteral("b"), 1.0}, {QStringLiteral("c"), 1.0}}});
            QFAIL("missing feature accepted");
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(QLatin1String("instance 0: missing feature 'd'")), qPrintable(error.message()));
        }
        QVERIFY_THROWS_EXCEPTION(Error, predictor->predict({{{QStringLiteral("a"), QStringLiteral("x")}, {QStringLiteral("b"), 1.0},
                                                             {QStringLiteral("c"), 1.0}, {QStringLiteral("d"), 1.0}}}));
    }

    void damagedBundlesAreRefused()
    {
        const TrainOutcome outcome = train();
        QByteArray bundle = ModelRegistry(*m_workspace).bundleBytes(outcome.version);
        bundle[bundle.size() / 2] = char(bundle[bundle.size() / 2] ^ 1);
        try {
            Predictor::fromBundle(bundle, QStringLiteral("x.mbundle"));
            QFAIL("corrupt bundle loaded");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::Corrupt);
        }
        QVERIFY_THROWS_EXCEPTION(Error, Predictor::fromBundle(QByteArray("not a bundle at all")));
    }

    void badConfigChangesNothing()
    {
        TrainRequest request;
        request.dataset = QStringLiteral("blobs");
        request.configYaml = QStringLiteral("epochs: many\n");
        QVERIFY_THROWS_EXCEPTION(Error, Trainer(*m_workspace).train(request));
        QVERIFY(RunStore(*m_workspace).list().isEmpty());
        request.configYaml.clear();
        request.dataset = QStringLiteral("missing");
        QVERIFY_THROWS_EXCEPTION(Error, Trainer(*m_workspace).train(request));
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "TestTrainer.moc"
