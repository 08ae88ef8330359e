#include "InferenceService.h"
#include "Metrics.h"
#include "ModelRegistry.h"
#include "ServedWorkspace.h"

#include <QJsonArray>
#include <QtTest>

using namespace mb;
using namespace mb::serve;
using namespace serve_test;

// The model endpoints against real trained models: a 3-class classifier on 4 features
// ("blobs", two versions) and a one-feature regression ("line").
class TestModelApi : public QObject {
    Q_OBJECT

private:
    ServedWorkspace m_served;
    const std::shared_ptr<Workspace>& m_workspace = m_served.workspace();  // the served one, for direct checks


    void setProduction(int version)
    {
        ModelRegistry(*m_workspace).setAlias(QStringLiteral("blobs@%1").arg(version), QStringLiteral("production"), QStringLiteral("test"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(m_served.trainBlobs().version.version, 1);
        QCOMPARE(train(*m_workspace, QStringLiteral("blobs"), {QStringLiteral("epochs=8"), QStringLiteral("seed=1")}).version.version, 2);
        QCOMPARE(m_served.trainLine().version.task, QStringLiteral("regression"));
    }

    void init()
    {
        setProduction(1);
        HttpServerOptions options;
        options.ioThreads = 2;
        m_served.start(options);
    }

    void cleanup() { m_served.stop(); }

    void listsModels()
    {
        const Reply reply = m_served.get(QStringLiteral("/api/v1/models"));
        QCOMPARE(reply.status, 200);
        const QJsonArray models = reply.json().value(QStringLiteral("models")).toArray();
        QCOMPARE(models.size(), 2);
        const QJsonObject blobs = models.at(0).toObject();
        QCOMPARE(blobs.value(QStringLiteral("name")).toString(), QStringLiteral("blobs"));
        QCOMPARE(blobs.value(QStringLiteral("task")).toString(), QStringLiteral("classification"));
        QCOMPARE(blobs.value(QStringLiteral("versions")).toInt(), 2);
        QCOMPARE(blobs.value(QStringLiteral("aliases")).toObject().value(QStringLiteral("production")).toInt(), 1);
        QCOMPARE(models.at(1).toObject().value(QStringLiteral("task")).toString(), QStringLiteral("regression"));
    }

    void showsModelAndVersions()
    {
        const Reply show = m_served.get(QStringLiteral("/api/v1/models/blobs"));
        QCOMPARE(show.status, 200);
        QCOMPARE(show.json().value(QStringLiteral("versions")).toInt(), 2);
        const QJsonObject serving = show.json().value(QStringLiteral("serving")).toObject();
        QCOMPARE(serving.value(QStringLiteral("ref")).toString(), QStringLiteral("blobs@1"));
        QCOMPARE(serving.value(QStringLiteral("signature")).toObject().value(QStringLiteral("inputs")).toArray().size(), 4);

        const Reply versions = m_served.get(QStringLiteral("/api/v1/models/blobs/versions"));
        QCOMPARE(versions.status, 200);
        const QJsonArray list = versions.json().value(QStringLiteral("versions")).toArray();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(1).toObject().value(QStringLiteral("ref")).toString(), QStringLiteral("blobs@2"));
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("aliases")).toArray().first().toString(), QStringLiteral("production"));
    }

    void unknownModelsAndVersionsAre404()
    {
        const QByteArray body = R"({"instances": [[0, 3, 6, 0]]})";
        for (const Reply& reply : {m_served.get(QStringLiteral("/api/v1/models/nope")), m_served.get(QStringLiteral("/api/v1/models/nope/versions")),
                                   m_served.post(QStringLiteral("/api/v1/models/nope/predict"), body)}) {
            QCOMPARE(reply.status, 404);
            QCOMPARE(reply.errorCode(), QStringLiteral("not_found"));
            QVERIFY2(reply.errorMessage().contains(QLatin1String("no model 'nope'")), qPrintable(reply.errorMessage()));
        }
        const Reply version = m_served.post(QStringLiteral("/api/v1/models/blobs/predict?version=9"), body);
        QCOMPARE(version.status, 404);
        QVERIFY2(version.errorMessage().contains(QLatin1String("no version 9")), qPrintable(version.errorMessage()));
        const Reply alias = m_served.post(QStringLiteral("/api/v1/models/blobs/predict?alias=staging"), body);
        QCOMPARE(alias.status, 404);
        QVERIFY2(alias.errorMessage().contains(QLatin1String("no alias 'staging'")), qPrintable(alias.errorMessage()));
        QCOMPARE(m_served.post(QStringLiteral("/api/v1/models/blobs/predict?version=two"), body).status, 400);
        QCOMPARE(m_served.post(QStringLiteral("/api/v1/models/blobs/predict?version=1&alias=production"), body).status, 400);
        QCOMPARE(m_served.post(QStringLiteral("/api/v1/models/blobs/predict?top_k=0"), body).status, 400);
    }

    void predictsInstances()
    {
        // The blob centres, as arrays and as objects of named fields.
        const QByteArray body = R"({"instances": [[0, 3, 6, 0], {"a": 3, "b": 6, "c": 0, "d": 3}, [6, 0, 3, 6]]})";
        const Reply reply = m_served.post(QStringLiteral("/api/v1/models/blobs/predict?top_k=2"), body);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json().value(QStringLiteral("model")).toString(), QStringLiteral("blobs@1"));
        const QJsonArray predictions = reply.json().value(QStringLiteral("predictions")).toArray();
        QCOMPARE(predictions.size(), 3);
        for (int i = 0; i < 3; ++i) {
            const QJsonObject p = predictions.at(i).toObject();
            QCOMPARE(p.value(QStringLiteral("label")).toString(), QStringLiteral("blob%1").arg(i));
            QVERIFY(p.value(QStringLiteral("confidence")).toDouble() > 0.34);
            const QJsonArray top = p.value(QStringLiteral("top")).toArray();
            QCOMPARE(top.size(), 2);
            QCOMPARE(top.at(0).toObject().value(QStringLiteral("label")).toString(), p.value(QStringLiteral("label")).toString());
            QVERIFY(top.at(0).toObject().value(QStringLiteral("probability")).toDouble() >= top.at(1).toObject().value(QStringLiteral("probability")).toDouble());
        }
        // A chosen version and alias.
        QCOMPARE(m_served.post(QStringLiteral("/api/v1/models/blobs/predict?version=2"), body).json().value(QStringLiteral("model")).toString(), QStringLiteral("blobs@2"));
        QCOMPARE(m_served.post(QStringLiteral("/api/v1/models/blobs/predict?alias=production"), body).json().value(QStringLiteral("model")).toString(), QStringLiteral("blobs@1"));
        // Default top-k is 3 (all classes here).
        QCOMPARE(m_served.post(QStringLiteral("/api/v1/models/blobs/predict"), body).json().value(QStringLiteral("predictions")).toArray().at(0)
                     .toObject().value(QStringLiteral("top")).toArray().size(), 3);
    }

    void predictsRegressionInSeedShapes()
    {
        const Reply one = m_served.post(QStringLiteral("/api/v1/models/line/predict"), R"({"values": [10.0]})");
        QCOMPARE(one.status, 200);
        QCOMPARE(one.json().value(QStringLiteral("model")).toString(), QStringLiteral("line@1"));
        const QJsonArray predictions = one.json().value(QStringLiteral("predictions")).toArray();
        QCOMPARE(predictions.size(), 1);
        QVERIFY(predictions.at(0).toObject().value(QStringLiteral("value")).isDouble());
        QVERIFY(!predictions.at(0).toObject().contains(QStringLiteral("label")));
        const Reply rows = m_served.post(QStringLiteral("/api/v1/models/line/predict"), R"({"values": [[1.0], [5.0]]})");
        QCOMPARE(rows.status, 200);
        const QJsonArray two = rows.json().value(QStringLiteral("predictions")).toArray();
        QCOMPARE(two.size(), 2);
        // y = 2x + 1 was learnt well enough to order the answers.
        QVERIFY(two.at(1).toObject().value(QStringLiteral("value")).toDouble() > two.at(0).toObject().value(QStringLiteral("value")).toDouble());
        QCOMPARE(m_served.post(QStringLiteral("/api/v1/models/line/predict"), R"({"instances": [3, [4], {"x": 5}]})").json()
                     .value(QStringLiteral("predictions")).toArray().size(), 3);
    }

    void predictsCsv()
    {
        const QByteArray csv = "id,a,b,c,d\nr1,0,3,6,0\nr2,6,0,3,6\n";
        const Reply reply = m_served.post(QStringLiteral("/api/v1/models/blobs/predict.csv?top_k=2"), csv, "text/csv");
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.contentType.startsWith("text/csv"));
        const QList<QByteArray> lines = reply.body.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0), QByteArray("id,a,b,c,d,label,confidence,top1,p1,top2,p2"));
        QVERIFY2(lines.at(1).startsWith("r1,0,3,6,0,blob0,"), lines.at(1).constData());
        QVERIFY2(lines.at(2).startsWith("r2,6,0,3,6,blob2,"), lines.at(2).constData());
        const Reply regression = m_served.post(QStringLiteral("/api/v1/models/line/predict.csv"), "x\n1\n2\n", "text/csv");
        QCOMPARE(regression.status, 200);
        QVERIFY(regression.body.startsWith("x,prediction\n1,"));
        const Reply missing = m_served.post(QStringLiteral("/api/v1/models/blobs/predict.csv"), "a,b,c\n1,2,3\n", "text/csv");
        QCOMPARE(missing.status, 400);
        QVERIFY2(missing.errorMessage().contains(QLatin1String("missing the model's input columns d")), qPrintable(missing.errorMessage()));
        const Reply notNumber = m_served.post(QStringLiteral("/api/v1/models/blobs/predict.csv"), "a,b,c,d\n1,2,x,4\n", "text/csv");
        QCOMPARE(notNumber.status, 400);
        QVERIFY2(notNumber.errorMessage().contains(QLatin1String("column 'c' must be a number")), qPrintable(notNumber.errorMessage()));
    }

    void refusesBadPredictRequests_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        QTest::newRow("malformed JSON") << QByteArray(R"({"instances": [[0, 3, 6, 0]})") << 400 << "malformed JSON at byte";
        QTest::newRow("empty body") << QByteArray() << 400 << "empty";
        QTest::newRow("not an object") << QByteArray("[[0, 3, 6, 0]]") << 400 << "must be a JSON object";
        QTest::newRow("wrong type") << QByteArray(R"({"instances": [[0, "three", 6, 0]]})") << 400 << "instance 0: feature 'b' must be a number";
        QTest::newRow("wrong count") << QByteArray(R"({"instances": [[0, 3, 6, 0], [1, 2, 3]]})") << 400 << "instance 1: expected 4 values (a, b, c, d), got 3";
        QTest::newRow("missing field") << QByteArray(R"({"instances": [{"a": 0, "b": 3, "c": 6}]})") << 400 << "instance 0: missing feature 'd'";
        QTest::newRow("instances not a list") << QByteArray(R"({"instances": {"a": 1}})") << 400 << "must be an array";
    }

    void refusesBadPredictRequests()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, message);
        const Reply reply = m_served.post(QStringLiteral("/api/v1/models/blobs/predict"), body);
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.errorCode(), QStringLiteral("invalid_argument"));
        QVERIFY2(reply.errorMessage().contains(message), qPrintable(reply.errorMessage()));
        // The server keeps serving.
        QCOMPARE(m_served.post(QStringLiteral("/api/v1/models/blobs/predict"), R"({"instances": [[0, 3, 6, 0]]})").status, 200);
    }

    void refusesHugeBody()
    {
        QByteArray body = R"({"instances": [)";
        const QByteArray row = "[0.123456, 3.123456, 6.123456, 0.123456],";
        while (body.size() < 20 * 1024 * 1024)
            body += row;
        body.chop(1);
        body += "]}";
        const Reply reply = m_served.post(QStringLiteral("/api/v1/models/blobs/predict"), body);
        QCOMPARE(reply.status, 413);
        QCOMPARE(reply.errorCode(), QStringLiteral("payload_too_large"));
        QCOMPARE(m_served.get(QStringLiteral("/health/ready")).status, 200);
    }

    void exposesMetrics()
    {
        QCOMPARE(m_served.post(QStringLiteral("/api/v1/models/blobs/predict"), R"({"instances": [[0, 3, 6, 0], [6, 0, 3, 6]]})").status, 200);
        QCOMPARE(m_served.post(QStringLiteral("/api/v1/models/blobs/predict"), "{").status, 400);
        QCOMPARE(m_served.get(QStringLiteral("/api/v1/models/nope")).status, 404);
        const Reply reply = m_served.get(QStringLiteral("/metrics"));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.contentType.startsWith("text/plain; version=0.0.4"));
        const QByteArray& text = reply.body;
        const QString problem = checkExposition(text);
        QVERIFY2(problem.isEmpty(), qPrintable(problem + QLatin1Char('\n') + QString::fromUtf8(text)));
        for (const char* expected :
             {"modelbench_http_requests_total{route=\"/api/v1/models/{name}/predict\",method=\"POST\",status=\"200\"} 1\n",
              "modelbench_http_requests_total{route=\"/api/v1/models/{name}/predict\",method=\"POST\",status=\"400\"} 1\n",
              "modelbench_http_requests_total{route=\"/api/v1/models/{name}\",method=\"GET\",status=\"404\"} 1\n",
              "modelbench_http_request_duration_seconds_count{route=\"/api/v1/models/{name}/predict\"} 2\n",
              "modelbench_inference_duration_seconds_count{model=\"blobs\",version=\"1\"} 1\n",
              "modelbench_batch_size_sum{model=\"blobs\",version=\"1\"} 2\n",
              "modelbench_queue_depth{model=\"blobs\"} 0\n",
              "modelbench_errors_total{code=\"invalid_argument\"} 1\n",
              "modelbench_errors_total{code=\"not_found\"} 1\n",
              "modelbench_model_info{model=\"blobs\",version=\"1\",task=\"classification\"} 1\n",
              "# TYPE modelbench_http_request_duration_seconds histogram\n"}) {
            QVERIFY2(text.contains(expected), expected);
        }
        // Route labels are patterns, never raw paths.
        QVERIFY(!text.contains("route=\"/api/v1/models/blobs"));
    }

    void answers64ConcurrentClients()
    {
        // Wait up to 2 ms for batches to fill: concurrent requests share forward passes.
        m_served.server().inference().setBatching(QStringLiteral("blobs"), BatchingOptions{32, 2000});
        QCOMPARE(m_served.server().inference().batching(QStringLiteral("blobs")).maxDelayUs, 2000);
        const int clients = 64;
        const int perClient = 4;
        std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
        int ok = 0;
        int failed = 0;
        int pending = 0;
        QEventLoop loop;
        std::function<void(QNetworkAccessManager*, int)> send = [&](QNetworkAccessManager* manager, int left) {
            ++pending;
            QNetworkReply* reply = manager->post(request(m_served.url(QStringLiteral("/api/v1/models/blobs/predict"))), R"({"instances": [[0, 3, 6, 0]]})");
            connect(reply, &QNetworkReply::finished, &loop, [&, reply, manager, left] {
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const bool right = status == 200 && reply->readAll().contains("\"label\":\"blob0\"");
                (right ? ok : failed) += 1;
                reply->deleteLater();
                --pending;
                if (left > 1)
                    send(manager, left - 1);
                if (pending == 0)
                    loop.quit();
            });
        };
        for (int i = 0; i < clients; ++i) {
            managers.push_back(std::make_unique<QNetworkAccessManager>());
            send(managers.back().get(), perClient);
        }
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
        QCOMPARE(failed, 0);
        QCOMPARE(ok, clients * perClient);
        const double batches = m_served.server().metrics().value("modelbench_batch_size", {QStringLiteral("blobs"), QStringLiteral("1")});
        QVERIFY2(batches < clients * perClient, qPrintable(QStringLiteral("%1 forward passes for %2 requests").arg(batches).arg(clients * perClient)));
    }

    void swapsAliasUnderLoadWithoutFailures()
    {
        const int clients = 16;
        std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
        QMap<QString, int> answeredBy;
        QStringList failures;
        bool swapped = false;
        bool stopping = false;
        int pending = 0;
        int afterSwapOld = 0;      // answers from blobs@1 to requests sent after the swap
        QEventLoop loop;
        std::function<void(QNetworkAccessManager*)> send = [&](QNetworkAccessManager* manager) {
            ++pending;
            const bool sentAfterSwap = swapped;
            QNetworkReply* reply = manager->post(request(m_served.url(QStringLiteral("/api/v1/models/blobs/predict"))), R"({"instances": [[6, 0, 3, 6]]})");
            connect(reply, &QNetworkReply::finished, &loop, [&, reply, manager, sentAfterSwap] {
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
                reply->deleteLater();
                --pending;
                if (status != 200)
                    failures << QStringLiteral("%1 %2").arg(status).arg(reply->errorString());
                else {
                    const QString model = body.value(QStringLiteral("model")).toString();
                    ++answeredBy[model];
                    afterSwapOld += sentAfterSwap && model == QLatin1String("blobs@1") ? 1 : 0;
                }
                if (!stopping)
                    send(manager);
                else if (pending == 0)
                    loop.quit();
            });
        };
        for (int i = 0; i < clients; ++i) {
            managers.push_back(std::make_unique<QNetworkAccessManager>());
            send(managers.back().get());
        }
        QTimer::singleShot(700, &loop, [&] {
            setProduction(2);
            swapped = true;
        });
        QTimer::singleShot(1800, &loop, [&] { stopping = true; });
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1String("; "))));
        QVERIFY2(answeredBy.value(QStringLiteral("blobs@1")) > 10, qPrintable(QString::number(answeredBy.value(QStringLiteral("blobs@1")))));
        QVERIFY2(answeredBy.value(QStringLiteral("blobs@2")) > 10, qPrintable(QString::number(answeredBy.value(QStringLiteral("blobs@2")))));
        QCOMPARE(afterSwapOld, 0);
        // Both versions stay loaded: the old one finished its requests, the new one serves.
        QCOMPARE(m_served.server().inference().cache().loaded().size(), 2);
    }

    void readinessCountsModels()
    {
        const Reply ready = m_served.get(QStringLiteral("/health/ready"));
        QCOMPARE(ready.status, 200);
        QCOMPARE(ready.json().value(QStringLiteral("models")).toInt(), 2);
    }
};

QTEST_GUILESS_MAIN(TestModelApi)
#include "TestModelApi.moc"
