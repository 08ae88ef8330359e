#include "Error.h"
#include "GridSearch.h"
#include "ModelRegistry.h"
#include "RunStore.h"
#include "TestData.h"
#include "Workspace.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace mb;

// Grid search through the real trainer on tiny blobs data: expansion and its errors, the
// sorted table and the one registration, and re-running a search without training again.
class TestGridSearch : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;

    GridSearchOutcome search(const QString& grid, bool force = false)
    {
        GridSearchRequest request;
        request.dataset = QStringLiteral("blobs");
        request.configYaml = QStringLiteral("epochs: 3\npatience: 0\n");
        request.gridYaml = grid;
        request.force = force;
        return GridSearch(*m_workspace).run(request);
    }

    int runCount() const { return int(RunStore(*m_workspace).list().size()); }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
        testdata::importBlobs(*m_workspace, m_dir->path(), QStringLiteral("blobs"), 20);
    }

    void cleanup()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void expandsEveryCombination()
    {
        const QVector<QStringList> combinations = GridSearch::expand(QStringLiteral("lr: [0.001, 0.01]\nmlp:\n  hidden: [[8], [16, 8]]\n"), QStringLiteral("grid.yaml"));
        QCOMPARE(combinations.size(), 4);
        QCOMPARE(combinations.first(), (QStringList{QStringLiteral("lr=0.001"), QStringLiteral("mlp.hidden=[8]")}));
        QCOMPARE(combinations.last(), (QStringList{QStringLiteral("lr=0.01"), QStringLiteral("mlp.hidden=[16, 8]")}));
    }

    void badGridsNameTheLine_data()
    {
        QTest::addColumn<QString>("grid");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown key") << QStringLiteral("lr: [0.1]\nlearning_rate: [0.1]\n") << QStringLiteral("grid.yaml:2: unknown key 'learning_rate'");
        QTest::newRow("not a list") << QStringLiteral("lr: 0.1\n") << QStringLiteral("grid.yaml:1: 'lr' needs a non-empty list");
        QTest::newRow("empty list") << QStringLiteral("lr: []\n") << QStringLiteral("grid.yaml:1: 'lr' needs a non-empty list");
        QTest::newRow("not a map") << QStringLiteral("- lr\n") << QStringLiteral("grid.yaml: a grid maps config keys");
        QTest::newRow("bad yaml") << QStringLiteral("lr: [0.1\n") << QStringLiteral("grid.yaml:");
    }

    void badGridsNameTheLine()
    {
        QFETCH(QString, grid);
        QFETCH(QString, message);
        try {
            GridSearch::expand(grid, QStringLiteral("grid.yaml"));
            QFAIL("a bad grid was accepted");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::InvalidArgument);
            QVERIFY2(error.message().startsWith(message), qPrintable(error.message()));
        }
        QCOMPARE(runCount(), 0);
    }

    void registersOnlyTheBestAndSortsTheTable()
    {
        const GridSearchOutcome outcome = search(QStringLiteral("lr: [0.0001, 0.01]\nseed: [0, 1]\n"));
        QCOMPARE(outcome.metric, QStringLiteral("macro_f1"));
        QCOMPARE(outcome.trials.size(), 4);
        for (int i = 1; i < outcome.trials.size(); ++i)
            QVERIFY(outcome.trials.at(i - 1).score >= outcome.trials.at(i).score);
        QCOMPARE(ModelRegistry(*m_workspace).versions(QStringLiteral("blobs")).size(), 1);
        QCOMPARE(outcome.best.runId, outcome.trials.first().run.id);
        QCOMPARE(runCount(), 4);
    }

    void runningAgainTrainsNothing()
    {
        const GridSearchOutcome first = search(QStringLiteral("lr: [0.0001, 0.01]\n"));
        const GridSearchOutcome again = search(QStringLiteral("lr: [0.0001, 0.01]\n"));
        QCOMPARE(runCount(), 2);
        for (const GridTrial& trial : again.trials)
            QVERIFY2(trial.cached, qPrintable(trial.overrides.join(QLatin1Char(' '))));
        QCOMPARE(again.best.id, first.best.id);
        QCOMPARE(again.trials.first().score, first.trials.first().score);
        QCOMPARE(ModelRegistry(*m_workspace).versions(QStringLiteral("blobs")).size(), 1);

        // --force trains every combination again.
        search(QStringLiteral("lr: [0.0001, 0.01]\n"), true);
        QCOMPARE(runCount(), 4);
    }

    void onlyTheBestIsRefitted()
    {
        testdata::importRefitTexts(*m_workspace, m_dir->path());
        GridSearchRequest request;
        request.dataset = QStringLiteral("refit");
        request.configYaml = QStringLiteral("text:\n  buckets: 4096\n");  // the text default refits
        request.gridYaml = QStringLiteral("lr: [120, 240]\n");
        const GridSearchOutcome outcome = GridSearch(*m_workspace).run(request);
        QCOMPARE(outcome.trials.size(), 2);
        for (const GridTrial& trial : outcome.trials)
            QVERIFY2(trial.run.config.contains(QLatin1String("\nrefit: false\n")), qPrintable(trial.run.config));
        // One more run, the best combination refitted: the registered model.
        QCOMPARE(runCount(), 3);
        const RunInfo kept = RunStore(*m_workspace).get(outcome.best.runId);
        QVERIFY(kept.config.contains(QLatin1String("\nrefit: true\n")));
        const QString bestLr = outcome.trials.first().overrides.first().section(QLatin1Char('='), 1);
        QVERIFY(kept.config.contains(QStringLiteral("\nlr: %1\n").arg(bestLr)));
        QVERIFY(outcome.best.metrics.contains(QStringLiteral("refit")));
        QCOMPARE(outcome.best.metrics.value(QStringLiteral("validation")).toObject().value(QStringLiteral("macro_f1")).toDouble(),
                 outcome.trials.first().validation.value(QStringLiteral("macro_f1")));
        QCOMPARE(outcome.best.metrics.value(QStringLiteral("test")).toObject().value(QStringLiteral("accuracy")).toDouble(), 1.0);
        QCOMPARE(ModelRegistry(*m_workspace).versions(QStringLiteral("refit")).size(), 1);
    }

    void aBestScoredEarlierIsTrainedAgainToRegisterIt()
    {
        const GridSearchOutcome first = search(QStringLiteral("lr: [0.0001, 0.01]\n"));
        const GridTrial& runnerUp = first.trials.last();
        // A grid of the runner-up alone: scored from its earlier run, which kept no model, then
        // trained once more (same data, config and seed) to be registered.
        const GridSearchOutcome second = search(QStringLiteral("lr: [%1]\n").arg(runnerUp.overrides.first().section(QLatin1Char('='), 1)));
        QCOMPARE(second.trials.size(), 1);
        QVERIFY(second.trials.first().cached);
        QCOMPARE(second.trials.first().run.id, runnerUp.run.id);
        QCOMPARE(runCount(), 3);
        QCOMPARE(ModelRegistry(*m_workspace).versions(QStringLiteral("blobs")).size(), 2);
        const RunInfo retrained = RunStore(*m_workspace).get(second.best.runId);
        QCOMPARE(retrained.key, runnerUp.run.key);
        QCOMPARE(second.best.metrics.value(QStringLiteral("validation")).toObject().value(QStringLiteral("macro_f1")).toDouble(),
                 runnerUp.validation.value(QStringLiteral("macro_f1")));
    }
};

QTEST_GUILESS_MAIN(TestGridSearch)
#include "TestGridSearch.moc"
