#include "Error.h"
#include "JobManager.h"
#include "JobStore.h"
#include "ModelRegistry.h"
#include "RunStore.h"
#include "Sql.h"
#include "TrainingJob.h"
#include "TestData.h"
#include "Workspace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSysInfo>
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

    void reportsTheRefitAsItsOwnPhase()
    {
        JobManager jobs(m_workspace);
        QSignalSpy finished(&jobs, &JobManager::jobFinished);
        const QString id = jobs.startTraining(request({QStringLiteral("epochs=4"), QStringLiteral("patience=0"), QStringLiteral("refit=true")}));
        QVector<BatchProgress> refitBatches;
        connect(jobs.job(id), &TrainingJob::batchProgress, this, [&refitBatches](const BatchProgress& batch) {
            if (batch.refitEpochs > 0)
                refitBatches << batch;
        });
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        TrainingJob* job = jobs.job(id);
        QCOMPARE(mb::toString(job->state()), QStringLiteral("finished"));
        const int refitEpochs = job->outcome().run.bestEpoch;
        QVERIFY(refitEpochs > 0);
        // Every refit epoch's last batch gets through the throttle.
        QVERIFY2(refitBatches.size() >= refitEpochs, qPrintable(QString::number(refitBatches.size())));
        QCOMPARE(refitBatches.last().refitEpochs, refitEpochs);
        QCOMPARE(refitBatches.last().epoch, refitEpochs);
        QCOMPARE(job->progress().refitEpochs, refitEpochs);
        QCOMPARE(job->progress().fraction(), 1.0);
        QVERIFY(job->log().filter(QStringLiteral("refit: a fresh model trains")).size() == 1);

        // Halfway through the refit is halfway, whatever the first run's epochs were.
        JobProgress progress;
        progress.maxEpochs = 10;
        progress.refitEpochs = 4;
        progress.epoch = 2;
        progress.batch = progress.batches = 5;
        QCOMPARE(progress.fraction(), 0.5);
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

    void marksJobsOfEndedProcessesInterrupted()
    {
        // A pid that ran and has ended.
        QProcess process;
        process.start(QStringLiteral("true"), {});
        QVERIFY(process.waitForStarted());
        const qint64 endedPid = process.processId();
        QVERIFY(process.waitForFinished());
        const qint64 livePid = QCoreApplication::applicationPid();
        const QString host = QSysInfo::machineHostName();

        // The rows as processes leave them, written by hand.
        const QSqlDatabase db = m_workspace->database();
        const qint64 datasetVersion = sql::scalar(db, QStringLiteral("SELECT id FROM dataset_versions LIMIT 1")).toLongLong();
        const qint64 run = RunStore(*m_workspace).begin(QStringLiteral("key"), datasetVersion, QStringLiteral("mlp"), QStringLiteral("epochs: 5\n"), QStringLiteral("gui"));
        const auto insert = [&db](const QString& id, const QString& state, const QVariant& pid, const QVariant& owner, const QString& updatedAt, const QVariant& runId) {
            sql::exec(db, QStringLiteral("INSERT INTO jobs (id, kind, state, run_id, owner_pid, owner_host, updated_at) VALUES (?, 'train', ?, ?, ?, ?, ?)"),
                      {id, state, runId, pid, owner, updatedAt});
        };
        const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        const QString hourAgo = QDateTime::currentDateTimeUtc().addSecs(-3600).toString(Qt::ISODateWithMs);
        insert(QStringLiteral("crashed-running"), QStringLiteral("running"), endedPid, host, now, run);
        insert(QStringLiteral("crashed-queued"), QStringLiteral("queued"), endedPid, host, now, QVariant());
        insert(QStringLiteral("live-here"), QStringLiteral("running"), livePid, host, now, QVariant());        // e.g. a `serve` process
        insert(QStringLiteral("other-host"), QStringLiteral("running"), endedPid, QStringLiteral("elsewhere.example"), now, QVariant());
        insert(QStringLiteral("ended-well"), QStringLiteral("finished"), endedPid, host, now, QVariant());
        insert(QStringLiteral("ownerless-old"), QStringLiteral("running"), QVariant(), QVariant(), hourAgo, QVariant());
        insert(QStringLiteral("ownerless-recent"), QStringLiteral("running"), QVariant(), QVariant(), now, QVariant());

        JobManager jobs(m_workspace);
        QStringList interrupted = jobs.interruptedJobs();
        interrupted.sort();
        QCOMPARE(interrupted, (QStringList{QStringLiteral("crashed-queued"), QStringLiteral("crashed-running"), QStringLiteral("ownerless-old")}));
        const JobStore store(*m_workspace);
        for (const QString& id : std::as_const(interrupted)) {
            const JobInfo job = store.get(id);
            QCOMPARE(mb::toString(job.state), QStringLiteral("failed"));
            QCOMPARE(job.error, QStringLiteral("interrupted (the program ended while it ran)"));
        }
        for (const char* id : {"live-here", "other-host", "ownerless-recent"})
            QCOMPARE(mb::toString(store.get(QString::fromLatin1(id)).state), QStringLiteral("running"));
        QCOMPARE(mb::toString(store.get(QStringLiteral("ended-well")).state), QStringLiteral("finished"));
        // The crashed job's run no longer looks as if it trained.
        const RunInfo crashedRun = RunStore(*m_workspace).get(run);
        QCOMPARE(crashedRun.state, QStringLiteral("failed"));
        QCOMPARE(crashedRun.error, JobStore::interruptedError());

        // A job this manager runs records this process as its owner, so it is left alone.
        const QString id = jobs.startTraining(request({QStringLiteral("epochs=2")}));
        QCOMPARE(sql::scalar(db, QStringLiteral("SELECT owner_pid FROM jobs WHERE id = ?"), {id}).toLongLong(), livePid);
        QCOMPARE(sql::scalar(db, QStringLiteral("SELECT owner_host FROM jobs WHERE id = ?"), {id}).toString(), host);
        QVERIFY(JobStore(*m_workspace).failInterrupted().isEmpty());
        QVERIFY(jobs.waitForDone(20000));
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
