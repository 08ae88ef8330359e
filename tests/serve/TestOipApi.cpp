#include "ModelRegistry.h"
#include "ServedWorkspace.h"

#include <QJsonArray>
#include <QtTest>

#include <random>

using namespace mb;
using namespace mb::serve;
using namespace serve_test;

namespace {

// Two product categories told apart by their words: a two-text-field classifier.
QByteArray productsCsv(int perClass, quint64 seed)
{
    const QList<QByteArrayList> names { { "apple", "bread", "cheese", "tomato", "honey" },
        { "hammer", "wrench", "drill", "saw", "pliers" } };
    const QList<QByteArrayList> words { { "fresh", "sweet", "organic", "tasty", "baked" },
        { "steel", "heavy", "cordless", "sharp", "grip" } };
    std::mt19937_64 rng(seed);
    QByteArray csv = "name,description,category\n";
    for (int i = 0; i < perClass; ++i) {
        for (int k = 0; k < 2; ++k) {
            const QByteArray name = names.at(k).at(int(rng() % 5));
            csv += words.at(k).at(int(rng() % 5)) + ' ' + name + ','
                + words.at(k).at(int(rng() % 5)) + ' ' + words.at(k).at(int(rng() % 5)) + ' ' + name
                + (k == 0 ? ",food\n" : ",tools\n");
        }
    }
    return csv;
}

QJsonObject output(const Reply& reply, const char* name)
{
    for (const QJsonValue& value : reply.json().value(QStringLiteral("outputs")).toArray()) {
        if (value.toObject().value(QStringLiteral("name")).toString() == QLatin1String(name))
            return value.toObject();
    }
    return {};
}

QByteArray features(const char* datatype, const char* data, const char* shape = "[2, 4]")
{
    return QByteArray(R"({"id": "r-1", "inputs": [{"name": "features", "datatype": ")") + datatype
        + R"(", "shape": )" + shape + R"(, "data": )" + data + "}]}";
}

}  // namespace

// The Open Inference Protocol (v2) endpoints on a real server: the "blobs" classifier (two
// versions), the "line" regression and the two-field text classifier "products".
class TestOipApi : public QObject {
    Q_OBJECT

private:
    ServedWorkspace m_served;

    Reply infer(const QString& model, const QByteArray& body)
    {
        return m_served.post(QStringLiteral("/v2/models/%1/infer").arg(model), body);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_served.trainBlobs();
        QCOMPARE(train(*m_served.workspace(), QStringLiteral("blobs"),
                     { QStringLiteral("epochs=8"), QStringLiteral("seed=1") })
                     .version.version,
            2);
        // Without a version in the path the production alias answers.
        ModelRegistry(*m_served.workspace())
            .setAlias(
                QStringLiteral("blobs@1"), QStringLiteral("production"), QStringLiteral("test"));
        m_served.trainLine();
        importCsv(*m_served.workspace(), m_served.filePath(QStringLiteral("products.csv")),
            productsCsv(60, 5), QStringLiteral("products"));
        QCOMPARE(train(*m_served.workspace(), QStringLiteral("products"),
                     { QStringLiteral("epochs=10") })
                     .version.modelType,
            QStringLiteral("text"));
    }

    void init() { m_served.start(); }
    void cleanup() { m_served.stop(); }

    void answersHealth()
    {
        const Reply live = m_served.get(QStringLiteral("/v2/health/live"));
        QCOMPARE(live.status, 200);
        QCOMPARE(live.json().value(QStringLiteral("live")).toBool(), true);
        const Reply ready = m_served.get(QStringLiteral("/v2/health/ready"));
        QCOMPARE(ready.status, 200);
        QCOMPARE(ready.json().value(QStringLiteral("ready")).toBool(), true);
    }

    void describesModels()
    {
        const Reply blobs = m_served.get(QStringLiteral("/v2/models/blobs"));
        QCOMPARE(blobs.status, 200);
        const QJsonObject meta = blobs.json();
        QCOMPARE(meta.value(QStringLiteral("name")).toString(), QStringLiteral("blobs"));
        QCOMPARE(meta.value(QStringLiteral("platform")).toString(), QStringLiteral("modelbench"));
        QCOMPARE(meta.value(QStringLiteral("versions")).toArray(),
            (QJsonArray { QStringLiteral("1"), QStringLiteral("2") }));
        const QJsonArray inputs = meta.value(QStringLiteral("inputs")).toArray();
        QCOMPARE(inputs.size(), 1);
        QCOMPARE(inputs.at(0).toObject().value(QStringLiteral("datatype")).toString(),
            QStringLiteral("FP32"));
        QCOMPARE(inputs.at(0).toObject().value(QStringLiteral("shape")).toArray(),
            (QJsonArray { -1, 4 }));
        QStringList outputs;
        for (const QJsonValue& value : meta.value(QStringLiteral("outputs")).toArray())
            outputs << value.toObject().value(QStringLiteral("name")).toString() + QLatin1Char(':')
                    + value.toObject().value(QStringLiteral("datatype")).toString();
        QCOMPARE(outputs,
            (QStringList { QStringLiteral("label:BYTES"), QStringLiteral("confidence:FP32"),
                QStringLiteral("probabilities:FP32") }));

        const QJsonObject line = m_served.get(QStringLiteral("/v2/models/line/versions/1")).json();
        QCOMPARE(line.value(QStringLiteral("outputs"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("value"));
        QCOMPARE(line.value(QStringLiteral("inputs"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("shape"))
                     .toArray(),
            (QJsonArray { -1, 1 }));

        const QJsonArray text = m_served.get(QStringLiteral("/v2/models/products"))
                                    .json()
                                    .value(QStringLiteral("inputs"))
                                    .toArray();
        QCOMPARE(text.size(), 2);
        for (const QJsonValue& input : text)
            QCOMPARE(input.toObject().value(QStringLiteral("datatype")).toString(),
                QStringLiteral("BYTES"));
    }

    void reportsModelReadiness()
    {
        const Reply ready = m_served.get(QStringLiteral("/v2/models/blobs/ready"));
        QCOMPARE(ready.status, 200);
        QCOMPARE(ready.json().value(QStringLiteral("ready")).toBool(), true);
        const Reply version = m_served.get(QStringLiteral("/v2/models/blobs/versions/2/ready"));
        QCOMPARE(version.status, 200);
        QCOMPARE(version.json().value(QStringLiteral("version")).toString(), QStringLiteral("2"));
        QCOMPARE(m_served.get(QStringLiteral("/v2/models/blobs/versions/7/ready")).status, 404);
    }

    void infersFp32()
    {
        const Reply reply
            = infer(QStringLiteral("blobs"), features("FP32", "[0, 3, 6, 0, 6, 0, 3, 6]"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(
            reply.json().value(QStringLiteral("model_name")).toString(), QStringLiteral("blobs"));
        QCOMPARE(
            reply.json().value(QStringLiteral("model_version")).toString(), QStringLiteral("1"));
        QCOMPARE(reply.json().value(QStringLiteral("id")).toString(), QStringLiteral("r-1"));
        const QJsonObject label = output(reply, "label");
        QCOMPARE(label.value(QStringLiteral("datatype")).toString(), QStringLiteral("BYTES"));
        QCOMPARE(label.value(QStringLiteral("shape")).toArray(), QJsonArray { 2 });
        QCOMPARE(label.value(QStringLiteral("data")).toArray(),
            (QJsonArray { QStringLiteral("blob0"), QStringLiteral("blob2") }));
        const QJsonObject probabilities = output(reply, "probabilities");
        QCOMPARE(probabilities.value(QStringLiteral("shape")).toArray(), (QJsonArray { 2, 3 }));
        const QJsonArray p = probabilities.value(QStringLiteral("data")).toArray();
        QCOMPARE(p.size(), 6);
        const QJsonArray confidence
            = output(reply, "confidence").value(QStringLiteral("data")).toArray();
        for (int row = 0; row < 2; ++row) {
            const double sum = p.at(3 * row).toDouble() + p.at(3 * row + 1).toDouble()
                + p.at(3 * row + 2).toDouble();
            QVERIFY2(std::abs(sum - 1.0) < 1e-3, qPrintable(QString::number(sum)));
            // Columns follow the labels (blob0, blob1, blob2): the predicted one holds the
            // confidence.
            const int predicted = row == 0 ? 0 : 2;
            QCOMPARE(p.at(3 * row + predicted).toDouble(), confidence.at(row).toDouble());
        }
    }

    void infersInt64NestedOnAVersion()
    {
        const Reply reply = m_served.post(QStringLiteral("/v2/models/blobs/versions/2/infer"),
            R"({"inputs": [{"name": "x", "datatype": "INT64", "shape": [1, 4], "data": [[6, 0, 3, 6]]}], "outputs": [{"name": "label"}]})");
        QCOMPARE(reply.status, 200);
        QCOMPARE(
            reply.json().value(QStringLiteral("model_version")).toString(), QStringLiteral("2"));
        QVERIFY(!reply.json().contains(QStringLiteral("id")));
        QCOMPARE(reply.json().value(QStringLiteral("outputs")).toArray().size(), 1);
        QCOMPARE(output(reply, "label").value(QStringLiteral("data")).toArray(),
            QJsonArray { QStringLiteral("blob2") });
    }

    void infersRegression()
    {
        const Reply reply = infer(QStringLiteral("line"),
            R"({"inputs": [{"name": "x", "datatype": "FP32", "shape": [2], "data": [1.0, 5.0]}]})");
        QCOMPARE(reply.status, 200);
        const QJsonObject value = output(reply, "value");
        QCOMPARE(value.value(QStringLiteral("datatype")).toString(), QStringLiteral("FP32"));
        const QJsonArray data = value.value(QStringLiteral("data")).toArray();
        QCOMPARE(data.size(), 2);
        QVERIFY(data.at(1).toDouble() > data.at(0).toDouble() + 4);
    }

    void infersText()
    {
        const Reply fields = infer(QStringLiteral("products"), R"({"inputs": [
            {"name": "name", "datatype": "BYTES", "shape": [2], "data": ["sweet apple", "cordless drill"]},
            {"name": "description", "datatype": "BYTES", "shape": [2], "data": ["fresh tasty honey", "steel heavy saw"]}]})");
        QCOMPARE(fields.status, 200);
        QCOMPARE(output(fields, "label").value(QStringLiteral("data")).toArray(),
            (QJsonArray { QStringLiteral("food"), QStringLiteral("tools") }));
        const Reply single = infer(QStringLiteral("products"),
            R"({"inputs": [{"name": "text", "datatype": "BYTES", "shape": [1], "data": ["sharp steel hammer"]}]})");
        QCOMPARE(single.status, 200);
        QCOMPARE(output(single, "label").value(QStringLiteral("data")).toArray(),
            QJsonArray { QStringLiteral("tools") });
    }

    void refusesBadRequests_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        const QString blobs = QStringLiteral("/v2/models/blobs/infer");
        QTest::newRow("malformed JSON")
            << blobs << QByteArray(R"({"inputs": [)") << 400 << "malformed JSON at byte";
        QTest::newRow("wrong datatype") << blobs << features("BYTES", R"(["0,3,6,0"])", "[1]")
                                        << 400 << "the model takes numeric features";
        QTest::newRow("unsupported datatype") << blobs << features("FP16", "[0, 3, 6, 0]", "[1, 4]")
                                              << 400 << "datatype 'FP16' is not supported";
        QTest::newRow("shape vs data") << blobs << features("FP32", "[0, 3, 6, 0]") << 400
                                       << "shape [2, 4] holds 8 values, \"data\" has 4";
        QTest::newRow("shape vs model") << blobs << features("FP32", "[0, 3, 6]", "[1, 3]") << 400
                                        << "takes [batch, 4] (a, b, c, d)";
        QTest::newRow("unknown output")
            << blobs
            << QByteArray(
                   R"({"inputs": [{"name": "f", "datatype": "FP32", "shape": [1, 4], "data": [0, 3, 6, 0]}], "outputs": [{"name": "value"}]})")
            << 400 << "output 'value' is not an output of the model";
        QTest::newRow("FP32 for text")
            << QStringLiteral("/v2/models/products/infer")
            << features("FP32", "[0, 3, 6, 0]", "[1, 4]") << 400 << "takes no numeric features";
        QTest::newRow("unknown model")
            << QStringLiteral("/v2/models/nope/infer") << features("FP32", "[0, 3, 6, 0]", "[1, 4]")
            << 404 << "no model 'nope'";
        QTest::newRow("unknown version")
            << QStringLiteral("/v2/models/blobs/versions/9/infer")
            << features("FP32", "[0, 3, 6, 0]", "[1, 4]") << 404 << "no version 9";
        QTest::newRow("unknown model metadata")
            << QStringLiteral("/v2/models/nope") << QByteArray() << 404 << "no model 'nope'";
    }

    void refusesBadRequests()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, message);
        const Reply reply = body.isEmpty() ? m_served.get(path) : m_served.post(path, body);
        QCOMPARE(reply.status, status);
        // The protocol's error shape: {"error": "message"}.
        const QJsonValue error = reply.json().value(QStringLiteral("error"));
        QVERIFY2(error.isString(), reply.body.constData());
        QVERIFY2(error.toString().contains(message), qPrintable(error.toString()));
        // The server keeps serving.
        QCOMPARE(
            infer(QStringLiteral("blobs"), features("FP32", "[0, 3, 6, 0]", "[1, 4]")).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestOipApi)
#include "TestOipApi.moc"
