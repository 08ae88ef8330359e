#include "JobManager.h"
#include "JobStore.h"
#include "ModelRegistry.h"
#include "ServedWorkspace.h"

#include <QJsonArray>
#include <QUuid>
#include <QtTest>

using namespace mb;
using namespace mb::serve;
using namespace serve_test;

// Trainings over HTTP: POST /api/v1/train on a server with a real JobManager, jobs polled and
// cancelled through /api/v1/jobs, against a workspace on disk with the "blobs" dataset.
class TestJobApi : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<JobManager> m_jobs;  // declared first: it outlives the server
    ServedWorkspace m_served;
    const std::shared_ptr<Workspace>& m_workspace = m_served.workspace();  // the served one, for direct checks


    QString stateOf(const QString& statusUrl) { return m_served.get(statusUrl).json().value(QStringLiteral("state")).toString(); }

    // Starts a training and returns its status URL.
    QString start(const QByteArray& body)
    {
        const Reply reply = m_served.post(QStringLiteral("/api/v1/train"), body);
        if (reply.status != 202)
            qWarning("POST /api/v1/train: %d %s", reply.status, reply.body.constData());
        return reply.json().value(QStringLiteral("status_url")).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        importCsv(*m_workspace, m_served.filePath(QStringLiteral("blobs.csv")), blobsCsv(40, 7), QStringLiteral("blobs"));
        importCsv(*m_workspace, m_served.filePath(QStringLiteral("big.csv")), blobsCsv(1000, 5), QStringLiteral("big"));
    }

    void init()
    {
        m_jobs = std::make_unique<JobManager>(m_workspace);
        m_served.start({}, m_jobs.get());
    }

    void cleanup()
    {
        m_served.stop();
        m_jobs.reset();  // cancels what still runs and waits for it
    }

    void trainsToFinished()
    {
        const Reply reply = m_served.post(QStringLiteral("/api/v1/train"),
                                 R"({"dataset": "blobs", "overrides": {"epochs": 3, "mlp.hidden": [16]}, "model_name": "blobs-api"})");
        QCOMPARE(reply.status, 202);
        const QString id = reply.json().value(QStringLiteral("job_id")).toString();
        QVERIFY(!QUuid::fromString(id).isNull());
        const QString status = reply.json().value(QStringLiteral("status_url")).toString();
        QCOMPARE(status, QStringLiteral("/api/v1/jobs/%1").arg(id));
        QCOMPARE(reply.header("Location"), status.toUtf8());

        QTRY_COMPARE_WITH_TIMEOUT(stateOf(status), QStringLiteral("finished"), 180000);
        const QJsonObject job = m_served.get(status).json();
        QCOMPARE(job.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(job.value(QStringLiteral("kind")).toString(), QStringLiteral("train"));
        QVERIFY(job.value(QStringLiteral("run_id")).toInteger() > 0);
        QVERIFY(job.value(QStringLiteral("epoch")).toInt() >= 1);
        QCOMPARE(job.value(QStringLiteral("model_version")).toString(), QStringLiteral("blobs-api@1"));
        QVERIFY(job.value(QStringLiteral("metrics")).toObject().contains(QStringLiteral("validation")));
        QVERIFY(job.value(QStringLiteral("error")).toString().isEmpty());
        QVERIFY(!job.value(QStringLiteral("created_at")).toString().isEmpty());
        QCOMPARE(ModelRegistry(*m_workspace).resolve(QStringLiteral("blobs-api")).datasetRef, QStringLiteral("blobs@1"));

        const QJsonArray jobs = m_served.get(QStringLiteral("/api/v1/jobs")).json().value(QStringLiteral("jobs")).toArray();
        QVERIFY(std::any_of(jobs.begin(), jobs.end(), [&](const QJsonValue& j) { return j.toObject().value(QStringLiteral("id")).toString() == id; }));
        // An ended job cannot be cancelled.
        QCOMPARE(m_served.del(status).status, 409);
    }

    void takesAConfigObject()
    {
        const QString status = start(R"({"dataset": "blobs@1", "config": {"epochs": 2, "mlp": {"hidden": [8]}}, "model_name": "blobs-config"})");
        QVERIFY(!status.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(status), QStringLiteral("finished"), 180000);
        QCOMPARE(m_served.get(status).json().value(QStringLiteral("model_version")).toString(), QStringLiteral("blobs-config@1"));
    }

    void cancelsARunningJob()
    {
        const QString status = start(R"({"dataset": "big", "overrides": {"epochs": 2000, "patience": 0}, "model_name": "big-cancelled"})");
        QVERIFY(!status.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(status), QStringLiteral("running"), 60000);
        const Reply cancel = m_served.del(status);
        QCOMPARE(cancel.status, 202);
        QVERIFY(cancel.json().value(QStringLiteral("cancel_requested")).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(status), QStringLiteral("cancelled"), 60000);
        QCOMPARE(m_served.del(status).status, 409);
        QVERIFY_THROWS_EXCEPTION(Error, ModelRegistry(*m_workspace).resolve(QStringLiteral("big-cancelled")));
    }

    void refusesBadRequests_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        QTest::newRow("malformed JSON") << QByteArray("{\"dataset\": ") << 400 << "malformed JSON";
        QTest::newRow("not an object") << QByteArray("[1]") << 400 << "JSON object";
        QTest::newRow("no dataset") << QByteArray(R"({"overrides": {"epochs": 1}})") << 400 << "dataset: required";
        QTest::newRow("unknown dataset") << QByteArray(R"({"dataset": "nope"})") << 404 << "no dataset 'nope'";
        QTest::newRow("unknown field") << QByteArray(R"({"dataset": "blobs", "epochs": 3})") << 400 << "epochs: unknown field";
        QTest::newRow("unknown config key") << QByteArray(R"({"dataset": "blobs", "config": {"epochz": 3}})") << 400 << "epochz";
        QTest::newRow("bad override value") << QByteArray(R"({"dataset": "blobs", "overrides": {"lr": "fast"}})") << 400 << "lr";
        QTest::newRow("overrides not an object") << QByteArray(R"({"dataset": "blobs", "overrides": ["epochs=3"]})") << 400 << "overrides: expected an object";
        QTest::newRow("bad model name") << QByteArray(R"({"dataset": "blobs", "model_name": "a b"})") << 400 << "a b";
        QTest::newRow("force not a boolean") << QByteArray(R"({"dataset": "blobs", "force": "yes"})") << 400 << "force: expected true or false";
    }

    void refusesBadRequests()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, message);
        const int jobsBefore = JobStore(*m_workspace).list().size();
        const Reply reply = m_served.post(QStringLiteral("/api/v1/train"), body);
        QCOMPARE(reply.status, status);
        QVERIFY2(reply.errorMessage().contains(message), qPrintable(reply.errorMessage()));
        QCOMPARE(JobStore(*m_workspace).list().size(), jobsBefore);  // no job was made
    }

    void unknownJobsAre404()
    {
        QCOMPARE(m_served.get(QStringLiteral("/api/v1/jobs/no-such-job")).status, 404);
        const Reply cancel = m_served.del(QStringLiteral("/api/v1/jobs/no-such-job"));
        QCOMPARE(cancel.status, 404);
        QCOMPARE(cancel.errorCode(), QStringLiteral("not_found"));
        QCOMPARE(m_served.get(QStringLiteral("/api/v1/jobs?limit=0")).status, 400);
    }

    void jobsOfAnotherProcessAreShownNotCancelled()
    {
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        JobStore(*m_workspace).create(id, QStringLiteral("train"));
        const Reply shown = m_served.get(QStringLiteral("/api/v1/jobs/%1").arg(id));
        QCOMPARE(shown.status, 200);
        QCOMPARE(shown.json().value(QStringLiteral("state")).toString(), QStringLiteral("queued"));
        const Reply cancel = m_served.del(QStringLiteral("/api/v1/jobs/%1").arg(id));
        QCOMPARE(cancel.status, 409);
        QVERIFY2(cancel.errorMessage().contains(QLatin1String("another Modelbench process")), qPrintable(cancel.errorMessage()));
        JobStore(*m_workspace).update(id, JobState::Failed, 0, {}, QStringLiteral("crashed"));
    }

    void withoutJobManagerTrainIs503()
    {
        HttpServer bare(m_workspace);
        const quint16 port = bare.start();
        const Reply reply = serve_test::post(m_served.client(), QStringLiteral("http://127.0.0.1:%1/api/v1/train").arg(port), R"({"dataset": "blobs"})");
        QCOMPARE(reply.status, 503);
        QCOMPARE(reply.errorCode(), QStringLiteral("unavailable"));
        QVERIFY2(reply.errorMessage().contains(QLatin1String("without a job manager")), qPrintable(reply.errorMessage()));
        QCOMPARE(serve_test::get(m_served.client(), QStringLiteral("http://127.0.0.1:%1/api/v1/jobs").arg(port)).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestJobApi)
#include "TestJobApi.moc"
