#include "GridSearchEditor.h"
#include "JobManager.h"
#include "JobStatusIndicator.h"
#include "JobStore.h"
#include "ModelRegistry.h"
#include "RunStore.h"
#include "SearchResultsModel.h"
#include "TrainPage.h"
#include "TrainingJob.h"
#include "TestData.h"
#include "Workspace.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <cmath>

using namespace mb;

// The Train view's grid-search mode: the grid editor, the search job and its results table.
class TestTrainPageSearch : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;
    std::unique_ptr<JobManager> m_jobs;

    static double selectionValue(const ui::SearchResultsModel& model, int row)
    {
        return model.index(row, ui::SearchResultsModel::Selection).data(ui::SearchResultsModel::SortRole).toDouble();
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
        QCOMPARE(testdata::importBlobs(*m_workspace, m_dir->path(), QStringLiteral("blobs"), 30), QStringLiteral("blobs@1"));
        m_jobs = std::make_unique<JobManager>(m_workspace);
    }

    void cleanup()
    {
        m_jobs.reset();
        m_workspace.reset();
        m_dir.reset();
    }

    void gridIsCheckedAsItIsTyped()
    {
        ui::TrainPage page(m_workspace, m_jobs.get());
        page.show();
        QVERIFY(page.selectDataset(QStringLiteral("blobs@1")));
        QVERIFY(!page.gridEditor()->isVisible());
        QTest::mouseClick(page.searchModeButton(), Qt::LeftButton);
        QVERIFY(page.isSearchMode());
        QVERIFY(page.gridEditor()->isVisible());
        QCOMPARE(page.startButton()->text(), QStringLiteral("Start search"));

        QPlainTextEdit* editor = page.gridEditor()->editor();
        editor->clear();
        editor->setFocus();
        QTest::keyClicks(editor, QStringLiteral("lr: [0.01, 0.03, 0.1]"));
        QCOMPARE(page.gridEditor()->combinationCount(), 3);
        QTest::keyClick(editor, Qt::Key_Return);
        QTest::keyClicks(editor, QStringLiteral("batch_size: [8, 16]"));
        QCOMPARE(page.gridEditor()->combinationCount(), 6);
        QVERIFY2(page.gridEditor()->summaryLabel()->text().contains(QLatin1String("6 combinations")), qPrintable(page.gridEditor()->summaryLabel()->text()));
        QVERIFY(page.startButton()->isEnabled());

        // An unknown key: named with its line, and nothing can start.
        QTest::keyClick(editor, Qt::Key_Return);
        QTest::keyClicks(editor, QStringLiteral("learning_rate: [1]"));
        QVERIFY(!page.gridEditor()->isValid());
        QVERIFY2(page.gridEditor()->error().contains(QLatin1String("grid.yaml:3")) && page.gridEditor()->error().contains(QLatin1String("'learning_rate'")),
                 qPrintable(page.gridEditor()->error()));
        QCOMPARE(page.gridEditor()->summaryLabel()->text(), page.gridEditor()->error());
        QVERIFY(!page.startButton()->isEnabled());
        QSignalSpy errors(&page, &ui::TrainPage::errorOccurred);
        QVERIFY(page.start().isEmpty());
        QCOMPARE(errors.count(), 1);
        QVERIFY(m_jobs->jobs().isEmpty());

        // A value that is not a list.
        page.gridEditor()->setGridYaml(QStringLiteral("lr: 0.01\n"));
        QVERIFY(page.gridEditor()->error().contains(QLatin1String("needs a non-empty list")));

        // Back to a single run: the grid no longer matters.
        QTest::mouseClick(page.singleModeButton(), Qt::LeftButton);
        QVERIFY(!page.gridEditor()->isVisible());
        QVERIFY(page.startButton()->isEnabled());
        QCOMPARE(page.startButton()->text(), QStringLiteral("Start training"));
    }

    void searchFillsTheTableAndRegistersTheBest()
    {
        ui::TrainPage page(m_workspace, m_jobs.get());
        ui::JobStatusIndicator indicator(m_jobs.get());
        page.resize(1300, 850);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QAbstractItemModelTester tester(page.searchResults());
        QVERIFY(page.selectDataset(QStringLiteral("blobs@1")));
        page.setConfigYaml(QStringLiteral("epochs: 12\npatience: 0\nbatch_size: 4\n"));
        page.setSearchMode(true);
        page.gridEditor()->setGridYaml(QStringLiteral("lr: [0.0001, 0.05]\nmlp:\n  hidden: [[4], [32]]\n"));
        QCOMPARE(page.gridEditor()->combinationCount(), 4);

        // What the status bar's indicator said while the search ran (it refreshes first).
        QStringList indicatorTexts;
        connect(m_jobs.get(), &JobManager::jobChanged, this, [&] { indicatorTexts << indicator.text(); });
        QTest::mouseClick(page.startButton(), Qt::LeftButton);
        const QString id = page.followedJobId();
        QVERIFY(!id.isEmpty());
        TrainingJob* job = m_jobs->job(id);
        QVERIFY(job && job->isSearch());
        QCOMPARE(JobStore(*m_workspace).get(id).kind, QStringLiteral("search"));
        QVERIFY(page.searchResultsTable()->isVisible());
        QVERIFY(!page.startButton()->isEnabled());
        QVERIFY(page.stopButton()->isEnabled());

        // The table fills in while the search runs, one row per finished combination, and the
        // curves show the combination in progress.
        QTRY_VERIFY_WITH_TIMEOUT(page.searchResults()->rowCount() >= 1, 30000);
        QVERIFY(job->isActive() || page.searchResults()->rowCount() == 4);
        QTRY_VERIFY_WITH_TIMEOUT(!job->isActive(), 60000);
        QTRY_VERIFY(page.resultLabel()->isVisible());  // the job's last signals have arrived
        QCOMPARE(mb::toString(job->state()), QStringLiteral("finished"));
        QVERIFY2(!indicatorTexts.filter(QStringLiteral("Searching blobs@1 · combination ")).isEmpty(), qPrintable(indicatorTexts.join(QLatin1Char('|'))));

        const ui::SearchResultsModel& results = *page.searchResults();
        QCOMPARE(results.rowCount(), 4);
        QCOMPARE(results.metric(), QStringLiteral("macro_f1"));
        QVERIFY(results.otherMetrics().contains(QStringLiteral("accuracy")));
        QVERIFY(results.otherMetrics().contains(QStringLiteral("loss")));
        QSet<QString> combinations;
        QSet<qint64> runs;
        for (int row = 0; row < 4; ++row) {
            if (row > 0)
                QVERIFY(selectionValue(results, row - 1) >= selectionValue(results, row));
            combinations << results.index(row, ui::SearchResultsModel::Combination).data().toString();
            runs << results.index(row, results.runColumn()).data().toLongLong();
            QCOMPARE(results.index(row, ui::SearchResultsModel::Rank).data().toInt(), row + 1);
            QVERIFY(std::isfinite(selectionValue(results, row)));
        }
        QCOMPARE(combinations.size(), 4);
        QVERIFY(combinations.contains(QStringLiteral("lr=0.05  mlp.hidden=[32]")));
        QCOMPARE(runs.size(), 4);
        QVERIFY(results.index(0, 0).data(Qt::BackgroundRole).isValid());  // the best is highlighted
        QVERIFY(!results.index(1, 0).data(Qt::BackgroundRole).isValid());

        // Each row's metric is its run's validation figure in the registry.
        const RunInfo bestRun = RunStore(*m_workspace).get(results.trial(0).run.id);
        QCOMPARE(selectionValue(results, 0), bestRun.metrics.value(QStringLiteral("validation")).toObject().value(QStringLiteral("macro_f1")).toDouble());

        // Only the best combination is registered.
        const QVector<ModelVersionInfo> versions = ModelRegistry(*m_workspace).versions(QStringLiteral("blobs"));
        QCOMPARE(versions.size(), 1);
        QCOMPARE(versions.first().runId, results.trial(0).run.id);
        QVERIFY2(page.resultLabel()->text().contains(QLatin1String("blobs@1")), qPrintable(page.resultLabel()->text()));
        QVERIFY(page.resultLabel()->text().contains(QLatin1String("best combination")));
        QCOMPARE(mb::toString(JobStore(*m_workspace).get(id).state), QStringLiteral("finished"));
        QCOMPARE(JobStore(*m_workspace).get(id).runId, results.trial(0).run.id);

        // The curves followed the last combination (12 epochs), not all four stacked.
        QCOMPARE(page.trainLossSeries()->count(), 12);
        QVERIFY(page.logView()->toPlainText().contains(QLatin1String("combination 4 of 4")));

        // The same search again trains nothing: every combination's run is reused, and the
        // rows say so.
        const qint64 bestRunId = results.trial(0).run.id;
        QTest::mouseClick(page.startButton(), Qt::LeftButton);
        TrainingJob* again = m_jobs->job(page.followedJobId());
        QVERIFY(again && again != job);
        QTRY_VERIFY_WITH_TIMEOUT(!again->isActive(), 30000);
        QTRY_COMPARE(page.searchResults()->rowCount(), 4);
        QTRY_VERIFY(page.resultLabel()->isVisible());
        for (int row = 0; row < 4; ++row) {
            QVERIFY(results.trial(row).cached);
            QCOMPARE(results.index(row, results.cachedColumn()).data().toString(), QStringLiteral("run"));
        }
        QCOMPARE(results.trial(0).run.id, bestRunId);
    }

    void stopEndsTheSearchAndRegistersNothing()
    {
        ui::TrainPage page(m_workspace, m_jobs.get());
        page.show();
        QVERIFY(page.selectDataset(QStringLiteral("blobs@1")));
        page.setConfigYaml(QStringLiteral("epochs: 5000\npatience: 0\nbatch_size: 2\n"));
        page.setSearchMode(true);
        page.gridEditor()->setGridYaml(QStringLiteral("lr: [0.01, 0.02]\nseed: [1, 2]\n"));
        QVERIFY(!page.start().isEmpty());
        TrainingJob* job = m_jobs->job(page.followedJobId());
        QTRY_VERIFY_WITH_TIMEOUT(page.trainLossSeries()->count() >= 1, 20000);
        QTest::mouseClick(page.stopButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(mb::toString(job->state()), QStringLiteral("cancelled"), 20000);
        QTRY_VERIFY(page.resultLabel()->text().contains(QLatin1String("Stopped")));
        QVERIFY(page.resultLabel()->text().contains(QLatin1String("nothing was registered")));
        QCOMPARE(page.searchResults()->rowCount(), 0);
        QVERIFY(ModelRegistry(*m_workspace).list().isEmpty());
        QCOMPARE(mb::toString(JobStore(*m_workspace).get(job->id()).state), QStringLiteral("cancelled"));
        QVERIFY(page.startButton()->isEnabled());
    }
};

QTEST_MAIN(TestTrainPageSearch)
#include "TestTrainPageSearch.moc"
