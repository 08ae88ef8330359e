#include "ServedWorkspace.h"

#include <QJsonArray>
#include <QtTest>

using namespace mb;
using namespace mb::serve;
using namespace serve_test;

namespace {

QJsonArray predictions(const Reply& reply)
{
    return reply.json().value(QStringLiteral("predictions")).toArray();
}

}  // namespace

// The MLflow scoring endpoints (/ping, /invocations) on real servers: one over a workspace
// with two models (blobs, line), one over a workspace with only "line".
class TestMlflowApi : public QObject {
    Q_OBJECT

private:
    ServedWorkspace m_two;
    ServedWorkspace m_one;

private Q_SLOTS:
    void initTestCase()
    {
        m_two.trainBlobs();
        m_two.trainLine();
        m_one.trainLine();
    }

    void init()
    {
        m_two.start();
        m_one.start();
    }

    void cleanup()
    {
        m_two.stop();
        m_one.stop();
    }

    void pingsWhenReady()
    {
        const Reply reply = m_two.get(QStringLiteral("/ping"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json().value(QStringLiteral("status")).toString(), QStringLiteral("ready"));
    }

    void predictsEveryJsonFormat_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("dataframe_split") << QByteArray(
            R"({"dataframe_split": {"columns": ["a", "b", "c", "d"], "data": [[0, 3, 6, 0], [6, 0, 3, 6]]}})");
        QTest::newRow("dataframe_records") << QByteArray(
            R"({"dataframe_records": [{"a": 0, "b": 3, "c": 6, "d": 0}, {"a": 6, "b": 0, "c": 3, "d": 6}]})");
        QTest::newRow("instances") << QByteArray(R"({"instances": [[0, 3, 6, 0], [6, 0, 3, 6]]})");
        QTest::newRow("inputs") << QByteArray(
            R"({"inputs": {"a": [0, 6], "b": [3, 0], "c": [6, 3], "d": [0, 6]}})");
    }

    void predictsEveryJsonFormat()
    {
        QFETCH(QByteArray, body);
        const Reply reply = m_two.post(QStringLiteral("/invocations?model=blobs"), body);
        QCOMPARE(reply.status, 200);
        QCOMPARE(
            predictions(reply), (QJsonArray { QStringLiteral("blob0"), QStringLiteral("blob2") }));
    }

    void predictsCsv()
    {
        const Reply reply = m_two.post(
            QStringLiteral("/invocations?model=blobs"), "d,c,b,a\n0,6,3,0\n6,3,0,6\n", "text/csv");
        QCOMPARE(reply.status, 200);
        QCOMPARE(
            predictions(reply), (QJsonArray { QStringLiteral("blob0"), QStringLiteral("blob2") }));
    }

    void usesTheOnlyModelByDefault()
    {
        const Reply reply = m_one.post(QStringLiteral("/invocations"),
            R"({"dataframe_split": {"columns": ["x"], "data": [[1.0], [5.0]]}})");
        QCOMPARE(reply.status, 200);
        const QJsonArray values = predictions(reply);
        QCOMPARE(values.size(), 2);
        // y = 2x + 1 was learnt well enough to order the answers; values are plain numbers.
        QVERIFY(values.at(0).isDouble());
        QVERIFY(values.at(1).toDouble() > values.at(0).toDouble() + 4);
    }

    void asksWhichModelWhenSeveral()
    {
        const Reply reply
            = m_two.post(QStringLiteral("/invocations"), R"({"instances": [[0, 3, 6, 0]]})");
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), QStringLiteral("invalid_argument"));
        QVERIFY2(reply.errorMessage().contains(QLatin1String(
                     "2 models are registered (blobs, line): name one with ?model=NAME")),
            qPrintable(reply.errorMessage()));
    }

    void serverOptionNamesTheDefault()
    {
        HttpServerOptions options;
        options.invocationsModel = QStringLiteral("blobs@1");
        m_two.start(options);
        const Reply reply
            = m_two.post(QStringLiteral("/invocations"), R"({"instances": [[6, 0, 3, 6]]})");
        QCOMPARE(reply.status, 200);
        QCOMPARE(predictions(reply), QJsonArray { QStringLiteral("blob2") });
        // The request's ?model still wins.
        QCOMPARE(m_two.post(QStringLiteral("/invocations?model=line"), R"({"instances": [[2.0]]})")
                     .status,
            200);
    }

    void refusesBadRequests_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        const QString blobs = QStringLiteral("/invocations?model=blobs");
        QTest::newRow("malformed JSON")
            << blobs << QByteArray(R"({"instances": [[0, 3, 6, 0]})")
            << QByteArray("application/json") << 400 << "malformed JSON at byte";
        QTest::newRow("no known key")
            << blobs << QByteArray(R"({"data": [[0, 3, 6, 0]]})") << QByteArray("application/json")
            << 400 << "needs one of the keys dataframe_split";
        QTest::newRow("wrong type")
            << blobs << QByteArray(R"({"dataframe_records": [{"a": 0, "b": "3", "c": 6, "d": 0}]})")
            << QByteArray("application/json") << 400 << "instance 0: feature 'b' must be a number";
        QTest::newRow("row too short")
            << blobs
            << QByteArray(
                   R"({"dataframe_split": {"columns": ["a", "b", "c", "d"], "data": [[0, 3, 6]]}})")
            << QByteArray("application/json") << 400 << "row 0 has 3 values for 4 columns";
        QTest::newRow("CSV missing a column")
            << blobs << QByteArray("a,b,c\n1,2,3\n") << QByteArray("text/csv") << 400
            << "missing the model's input columns d";
        QTest::newRow("unknown model")
            << QStringLiteral("/invocations?model=nope")
            << QByteArray(R"({"instances": [[0, 3, 6, 0]]})") << QByteArray("application/json")
            << 404 << "no model 'nope'";
        QTest::newRow("unsupported type")
            << blobs << QByteArray("0,3,6,0") << QByteArray("text/plain") << 415
            << "send application/json or text/csv";
    }

    void refusesBadRequests()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, type);
        QFETCH(int, status);
        QFETCH(QString, message);
        const Reply reply = m_two.post(path, body, type);
        QCOMPARE(reply.status, status);
        QVERIFY2(reply.errorMessage().contains(message), qPrintable(reply.errorMessage()));
        // The server keeps serving.
        QCOMPARE(m_two
                     .post(QStringLiteral("/invocations?model=blobs"),
                         R"({"instances": [[0, 3, 6, 0]]})")
                     .status,
            200);
    }
};

QTEST_GUILESS_MAIN(TestMlflowApi)
#include "TestMlflowApi.moc"
