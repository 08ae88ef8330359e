#include "Error.h"
#include "JobManager.h"
#include "JobStore.h"
#include "ModelRegistry.h"
#include "TrainingJob.h"
#include "UiTestData.h"
#include "Workspace.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include <atomic>

using namespace mb;

class TestJobManager : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;

    static TrainRequest request(const QStringList& overrides)
    {
        TrainRequest request;
        request.dataset = QStringLiteral("blobs");
        request.overrides = overrides;
        request.source = QStringLiteral("gui");
        return request;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
        QCOMPARE(testdata::importBlobs(*m_workspace, m_dir->path()), QStringLiteral("blobs@1"));
    }

    void cleanup()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void trainsOnThePoolAndReportsEveryEpoch()
    {
        JobManager jobs(m_workspace);
        QSignalSpy added(&jobs, &JobManager::jobAdded);
        QSignalSpy finished(&jobs, &JobManager::jobFinished);
        QSignalSpy changed(&jobs, &JobManager::jobChanged);

        const QString id = jobs.startTraining(request({QStringLiteral("epochs=6"), QStringLiteral("patience=0")}));
        QVERIFY(!QUuid::fromString(id).isNull());
        QCOMPARE(added.count(), 1);
        QCOMPARE(added.first().first().toString(), id);
        TrainingJob* job = jobs.job(id);
        QVERIFY(job);
        QCOMPARE(job->thread(), QThread::currentThread());
        QCOMPARE(JobStore(*m_workspace).get(id).kind, QStringLiteral("train"));

        // Signals reach this thread queued; the training itself runs elsewhere.
        std::atomic<QThread*> trainingThread{nullptr};
        connect(job, &TrainingJob::started, job, [&trainingThread] { trainingThread = QThread::currentThread(); }, Qt::DirectConnection);
        int epochs = 0;
        QThread* epochThread = nullptr;
        connect(job, &TrainingJob::epochEnded, this, [&](const EpochMetrics& epoch) {
            ++epochs;
            QCOMPARE(epoch.epoch, epochs);
            epochThread = QThread::currentThread();
        });

        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QCOMPARE(mb::toString(job->state()), QStringLiteral("finished"));
        QVERIFY(trainingThread.load() != nullptr);
        QVERIFY(trainingThread.load() != QThread::currentThread());
        QCOMPARE(epochThread, QThread::currentThread());
        QCOMPARE(epochs, 6);
        QCOMPARE(job->history().size(), 6);
        QVERIFY(changed.count() >= 2);
        QCOMPARE(job->outcome().version.ref(), QStringLiteral("blobs@1"));
        QCOMPARE(job->selectionMetric(), QStringLiteral("macro_f1"));
        QVERIFY(job->log().join(QLatin1Char('\n')).contains(QLatin1String("registered blobs@1")));
        QVERIFY(jobs.activeJobs().isEmpty());

        const JobInfo recorded = JobStore(*m_workspace).get(id);
        QCOMPARE(mb::toString(recorded.state), QStringLiteral("finished"));
        QCOMPARE(recorded.runId, job->runId());
        QVERIFY(recorded.runId > 0);
        QCOMPARE(recorded.progress.value(QStringLiteral("model_version")).toString(), QStringLiteral("blobs@1"));
        QCOMPARE(recorded.progress.value(QStringLiteral("epoch")).toInt(), 6);
        QCOMPARE(recorded.toJson().value(QStringLiteral("state")).toString(), QStringLiteral("finished"));
    }

    void throttlesBatchSignals()
    {
        JobManager jobs(m_workspace);
        QSignalSpy finished(&jobs, &JobManager::jobFinished);
        const QString id = jobs.startTraining(request({QStringLiteral("epochs=4"), QStringLiteral("batch_size=1"), QStringLiteral("patience=0")}));
        int batches = 0;
        connect(jobs.job(id), &TrainingJob::batchProgress, this, [&batches] { ++batches; });
        QElapsedTimer clock;
        clock.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        const double seconds = double(clock.elapsed()) / 1000.0;
        // ~126 batches an epoch; at most ~10 a second plus each epoch's last one get through.
        QVERIFY2(batches >= 4, qPrintable(QString::number(batches)));
        QVERIFY2(batches <= int(seconds * 10) + 4 + 4, qPrintable(QStringLiteral("%1 batch signals in %2 s").arg(batches).arg(seconds)));
    }

    void cancelStopsBetweenBatches()
    {
        JobManager jobs(m_workspace);
        QSignalSpy finished(&jobs, &JobManager::jobFinished);
        const QString id = jobs.startTraining(request({QStringLiteral("epochs=5000"), QStringLiteral("patience=0"), QStringLiteral("batch_size=4")}));
        TrainingJob* job = jobs.job(id);
        QTRY_VERIFY_WITH_TIMEOUT(job->history().size() >= 2, 20000);
        QVERIFY(job->isActive());
        QVERIFY(jobs.cancel(id));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(mb::toString(job->state()), QStringLiteral("cancelled"));
        QVERIFY(job->history().size() < 5000);
        QVERIFY(!jobs.cancel(id));  // no longer active
        QCOMPARE(mb::toString(JobStore(*m_workspace).get(id).state), QStringLiteral("cancelled"));
        QVERIFY(ModelRegistry(*m_workspace).list().isEmpty());  // nothing registered
    }

    void cancelBeforeStartNeverTrains()
    {
        JobManager jobs(m_workspace);  // one job at a time: the second waits
        QSignalSpy finished(&jobs, &JobManager::jobFinished);
        const QString first = jobs.startTraining(request({QStringLiteral("epochs=5000"), QStringLiteral("patience=0")}));
        const QString second = jobs.startTraining(request({QStringLiteral("epochs=3")}));
        QCOMPARE(jobs.activeJobs().size(), 2);
        QCOMPARE(mb::toString(jobs.job(second)->state()), QStringLiteral("queued"));
        QVERIFY(jobs.cancel(second));
        QVERIFY(jobs.cancel(first));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 15000);
        QCOMPARE(mb::toString(jobs.job(second)->state()), QStringLiteral("cancelled"));
        QCOMPARE(jobs.job(second)->runId(), 0);
        QCOMPARE(jobs.jobs().size(), 2);
    }

    void badConfigFailsWithCoreMessage_data()
    {
        QTest::addColumn<QString>("dataset");
        QTest::addColumn<QStringList>("overrides");
        QTest::addColumn<QString>("expected");
        QTest::newRow("out of range") << "blobs" << QStringList{QStringLiteral("lr=-1")} << "'lr' must be between";
        QTest::newRow("unknown key") << "blobs" << QStringList{QStringLiteral("learning_rate=0.1")} << "unknown key 'learning_rate'";
        QTest::newRow("unknown dataset") << "nope" << QStringList{} << "nope";
    }

    void badConfigFailsWithCoreMessage()
    {
        QFETCH(QString, dataset);
        QFETCH(QStringList, overrides);
        QFETCH(QString, expected);
        JobManager jobs(m_workspace);
        QSignalSpy finished(&jobs, &JobManager::jobFinished);
        TrainRequest bad = request(overrides);
        bad.dataset = dataset;
        const QString id = jobs.startTraining(bad);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        TrainingJob* job = jobs.job(id);
        QCOMPARE(mb::toString(job->state()), QStringLiteral("failed"));
        QVERIFY2(job->error().contains(expected), qPrintable(job->error()));
        const JobInfo recorded = JobStore(*m_workspace).get(id);
        QCOMPARE(mb::toString(recorded.state), QStringLiteral("failed"));
        QCOMPARE(recorded.error, job->error());
    }

    void jobStoreReportsUnknownJobs()
    {
        try {
            JobStore(*m_workspace).get(QStringLiteral("no-such-job"));
            QFAIL("expected NotFound");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::NotFound);
        }
    }

    void startsFromAnotherThread()
    {
        // As the HTTP server will: its I/O thread starts a training, the GUI thread hears of it.
        JobManager jobs(m_workspace);
        QSignalSpy added(&jobs, &JobManager::jobAdded);
        QSignalSpy finished(&jobs, &JobManager::jobFinished);
        QString id;
        QThread* thread = QThread::create([&] {
            TrainRequest api = request({QStringLiteral("epochs=2")});
            api.source = QStringLiteral("api");
            id = jobs.startTraining(api);
            m_workspace->releaseThreadConnection();
        });
        thread->start();
        QVERIFY(thread->wait(5000));
        delete thread;
        QTRY_COMPARE(added.count(), 1);
        QCOMPARE(added.first().first().toString(), id);
        QCOMPARE(jobs.job(id)->thread(), QThread::currentThread());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        QCOMPARE(mb::toString(jobs.job(id)->state()), QStringLiteral("finished"));
    }
};

QTEST_MAIN(TestJobManager)
#include "TestJobManager.moc"
