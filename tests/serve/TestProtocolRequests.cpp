#include "Error.h"
#include "MlflowInstances.h"
#include "OipInferRequest.h"
#include "OipOutputs.h"
#include "RequestFixtures.h"

#include <QJsonDocument>
#include <QtTest>

using namespace mb;
using namespace mb::serve;
using namespace request_test;

namespace {

QJsonObject signature(const QJsonArray& inputs, const QStringList& labels = {})
{
    return QJsonObject { { QStringLiteral("inputs"), inputs },
        { QStringLiteral("labels"), QJsonArray::fromStringList(labels) } };
}

// The message of the InvalidArgument that `parse` throws, or "" when it does not throw.
template <typename Parse> QString refusal(Parse parse)
{
    try {
        parse();
    } catch (const Error& error) {
        if (error.code() != ErrorCode::InvalidArgument)
            return QStringLiteral("wrong code: ") + error.message();
        return error.message();
    }
    return {};
}

// Rows as "a=1 b=2 c=3" strings, for compact comparisons.
QStringList rowsOf(const QVector<Instance>& instances)
{
    QStringList rows;
    for (const Instance& instance : instances) {
        QStringList fields;
        for (auto it = instance.constBegin(); it != instance.constEnd(); ++it)
            fields << it.key() + QLatin1Char('=') + it.value().toString();
        rows << fields.join(QLatin1Char(' '));
    }
    return rows;
}

}  // namespace

// The request readers of the MLflow scoring and Open Inference Protocol adapters.
class TestProtocolRequests : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsMlflowFormats_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("rows");
        const QStringList two { QStringLiteral("a=1 b=2 c=3"), QStringLiteral("a=4 b=5 c=6") };
        QTest::newRow("dataframe_split") << QByteArray(
            R"({"dataframe_split": {"columns": ["c", "a", "b"], "data": [[3, 1, 2], [6, 4, 5]]}})")
                                         << two;
        QTest::newRow("split with index, extra column") << QByteArray(
            R"({"dataframe_split": {"index": [7, 8], "columns": ["a", "b", "c", "id"], "data": [[1, 2, 3, "r1"], [4, 5, 6, "r2"]]}})")
                                                        << two;
        QTest::newRow("split without columns")
            << QByteArray(R"({"dataframe_split": {"data": [[1, 2, 3], [4, 5, 6]]}})") << two;
        QTest::newRow("dataframe_records") << QByteArray(
            R"({"dataframe_records": [{"a": 1, "b": 2, "c": 3}, {"c": 6, "b": 5, "a": 4}]})")
                                           << two;
        QTest::newRow("instances rows")
            << QByteArray(R"({"instances": [[1, 2, 3], {"a": 4, "b": 5, "c": 6}]})") << two;
        QTest::newRow("inputs columns") << QByteArray(
            R"({"inputs": {"a": [1, 4], "b": [2, 5], "c": [3, 6]}, "params": {"k": 1}})")
                                        << two;
    }

    void readsMlflowFormats()
    {
        QFETCH(QByteArray, body);
        QFETCH(QStringList, rows);
        QCOMPARE(rowsOf(MlflowInstances::parse(parse(body), kTabular)), rows);
    }

    void readsMlflowText()
    {
        const QVector<Instance> rows = MlflowInstances::parse(
            parse(R"({"dataframe_split": {"columns": ["name"], "data": [["red apple"]]}})"), kText);
        QCOMPARE(rowsOf(rows), QStringList { QStringLiteral("name=red apple") });
    }

    void refusesBadMlflowBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("no known key")
            << QByteArray(R"({"rows": []})")
            << "needs one of the keys dataframe_split, dataframe_records, instances, inputs";
        QTest::newRow("two keys") << QByteArray(
            R"({"instances": [[1, 2, 3]], "inputs": [[1, 2, 3]]})")
                                  << "give one of instances, inputs, not several";
        QTest::newRow("not an object") << QByteArray("[[1, 2, 3]]") << "must be a JSON object";
        QTest::newRow("split without data")
            << QByteArray(R"({"dataframe_split": {"columns": ["a", "b", "c"]}})")
            << "\"dataframe_split\".\"data\" must be a list";
        QTest::newRow("split row too short")
            << QByteArray(R"({"dataframe_split": {"columns": ["a", "b", "c"], "data": [[1, 2]]}})")
            << "row 0 has 2 values for 3 columns";
        QTest::newRow("split missing column")
            << QByteArray(R"({"dataframe_split": {"columns": ["a", "b"], "data": [[1, 2]]}})")
            << "instance 0: missing feature 'c'";
        QTest::newRow("records wrong type")
            << QByteArray(R"({"dataframe_records": [{"a": 1, "b": "two", "c": 3}]})")
            << "instance 0: feature 'b' must be a number";
        QTest::newRow("columns of unequal length")
            << QByteArray(R"({"inputs": {"a": [1, 4], "b": [2], "c": [3, 6]}})")
            << "column 'b' has 1 values";
        QTest::newRow("empty") << QByteArray(R"({"instances": []})")
                               << "\"instances\" holds no rows";
    }

    void refusesBadMlflowBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        const QString error = refusal([&] { MlflowInstances::parse(parse(body), kTabular); });
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void readsOipTensors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QJsonArray>("inputs");
        QTest::addColumn<QStringList>("rows");
        const QStringList two { QStringLiteral("a=1 b=2 c=3"), QStringLiteral("a=4 b=5 c=6") };
        QTest::newRow("FP32 flat") << QByteArray(
            R"({"inputs": [{"name": "features", "datatype": "FP32", "shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]}]})")
                                   << kTabular << two;
        QTest::newRow("INT64 nested, any name") << QByteArray(
            R"({"inputs": [{"name": "x", "datatype": "INT64", "shape": [2, 3], "data": [[1, 2, 3], [4, 5, 6]]}]})")
                                                << kTabular << two;
        QTest::newRow("one feature, rank 1") << QByteArray(
            R"({"inputs": [{"name": "x", "datatype": "FP64", "shape": [2], "data": [1.5, 2.5]}]})")
                                             << kOneNumber
                                             << QStringList { QStringLiteral("x=1.5"),
                                                    QStringLiteral("x=2.5") };
        QTest::newRow("BYTES per field") << QByteArray(
            R"({"inputs": [{"name": "name", "datatype": "BYTES", "shape": [2], "data": ["n1", "n2"]},
                                                                    {"name": "description", "datatype": "BYTES", "shape": [2, 1], "data": [["d1"], ["d2"]]}]})")
                                         << kText
                                         << QStringList { QStringLiteral("description=d1 name=n1"),
                                                QStringLiteral("description=d2 name=n2") };
        QTest::newRow("single text input") << QByteArray(
            R"({"inputs": [{"name": "text", "datatype": "BYTES", "shape": [1], "data": ["a whole text"]}]})")
                                           << kText
                                           << QStringList { QStringLiteral("name=a whole text") };
        QTest::newRow("image") << QByteArray(
            R"({"inputs": [{"name": "img", "datatype": "BYTES", "shape": [1], "data": ["aW1hZ2UgYnl0ZXM="]}]})")
                               << kImage << QStringList { QStringLiteral("image=image bytes") };
    }

    void readsOipTensors()
    {
        QFETCH(QByteArray, body);
        QFETCH(QJsonArray, inputs);
        QFETCH(QStringList, rows);
        const OipInferRequest request = OipInferRequest::parse(parse(body), signature(inputs));
        QCOMPARE(rowsOf(request.instances), rows);
        QVERIFY(request.id.isUndefined());
        QVERIFY(request.outputs.isEmpty());
    }

    void readsOipIdAndOutputs()
    {
        const OipInferRequest request = OipInferRequest::parse(
            parse(
                R"({"id": "req-7", "inputs": [{"name": "f", "datatype": "FP32", "shape": [1, 3], "data": [1, 2, 3]}], "outputs": [{"name": "label"}]})"),
            signature(kTabular));
        QCOMPARE(request.id.toString(), QStringLiteral("req-7"));
        QCOMPARE(request.outputs, QStringList { QStringLiteral("label") });
        QVERIFY(refusal([] {
            OipOutputs::checkRequested(
                { QStringLiteral("label"), QStringLiteral("confidence") }, false);
        }).isEmpty());
        QVERIFY(refusal([] {
            OipOutputs::checkRequested({ QStringLiteral("label") }, true);
        }).contains(QLatin1String("its outputs are value")));
    }

    void refusesBadOipRequests_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QJsonArray>("inputs");
        QTest::addColumn<QString>("message");
        QTest::newRow("no inputs")
            << QByteArray(R"({"id": "1"})") << kTabular << "needs \"inputs\"";
        QTest::newRow("unsupported datatype") << QByteArray(
            R"({"inputs": [{"name": "f", "datatype": "BOOL", "shape": [1, 3], "data": [true, false, true]}]})")
                                              << kTabular
                                              << "input 'f': datatype 'BOOL' is not supported";
        QTest::newRow("BYTES for features") << QByteArray(
            R"({"inputs": [{"name": "f", "datatype": "BYTES", "shape": [1], "data": ["1,2,3"]}]})")
                                            << kTabular << "the model takes numeric features";
        QTest::newRow("FP32 for text") << QByteArray(
            R"({"inputs": [{"name": "f", "datatype": "FP32", "shape": [1, 1], "data": [1]}]})")
                                       << kText << "takes no numeric features";
        QTest::newRow("shape vs data") << QByteArray(
            R"({"inputs": [{"name": "f", "datatype": "FP32", "shape": [2, 3], "data": [1, 2, 3, 4]}]})")
                                       << kTabular
                                       << "input 'f': shape [2, 3] holds 6 values, \"data\" has 4";
        QTest::newRow("shape vs model") << QByteArray(
            R"({"inputs": [{"name": "f", "datatype": "FP32", "shape": [2, 2], "data": [1, 2, 3, 4]}]})")
                                        << kTabular
                                        << "shape [2, 2] does not fit the model, which takes "
                                           "[batch, 3] (a, b, c)";
        QTest::newRow("fractional INT64") << QByteArray(
            R"({"inputs": [{"name": "f", "datatype": "INT64", "shape": [1, 3], "data": [1, 2.5, 3]}]})")
                                          << kTabular
                                          << "INT64 data must be whole numbers, element 1 is 2.5";
        QTest::newRow("string in FP32") << QByteArray(
            R"({"inputs": [{"name": "f", "datatype": "FP32", "shape": [1, 3], "data": [1, "x", 3]}]})")
                                        << kTabular << "instance 0: feature 'b' must be a number";
        QTest::newRow("negative shape") << QByteArray(
            R"({"inputs": [{"name": "f", "datatype": "FP32", "shape": [-1, 3], "data": [1, 2, 3]}]})")
                                        << kTabular << "whole numbers >= 0";
        QTest::newRow("unknown text input") << QByteArray(
            R"({"inputs": [{"name": "name", "datatype": "BYTES", "shape": [1], "data": ["n"]},
                                                                         {"name": "colour", "datatype": "BYTES", "shape": [1], "data": ["red"]}]})")
                                            << kText
                                            << "input 'colour' is not an input of the model (its "
                                               "inputs are name, description)";
        QTest::newRow("batch mismatch") << QByteArray(
            R"({"inputs": [{"name": "name", "datatype": "BYTES", "shape": [2], "data": ["n1", "n2"]},
                                                                     {"name": "description", "datatype": "BYTES", "shape": [1], "data": ["d"]}]})")
                                        << kText
                                        << "input 'description' has 1 rows, input 'name' has 2";
        QTest::newRow("two numeric tensors") << QByteArray(
            R"({"inputs": [{"name": "f", "datatype": "FP32", "shape": [1, 3], "data": [1, 2, 3]},
                                                                          {"name": "g", "datatype": "FP32", "shape": [1, 3], "data": [1, 2, 3]}]})")
                                             << kTabular
                                             << "in one tensor of shape [batch, 3], not 2 tensors";
        QTest::newRow("zero rows") << QByteArray(
            R"({"inputs": [{"name": "f", "datatype": "FP32", "shape": [0, 3], "data": []}]})")
                                   << kTabular << "the inputs have 0 rows";
        QTest::newRow("id not a string") << QByteArray(
            R"({"id": 5, "inputs": [{"name": "f", "datatype": "FP32", "shape": [1, 3], "data": [1, 2, 3]}]})")
                                         << kTabular << "\"id\" must be a string";
    }

    void refusesBadOipRequests()
    {
        QFETCH(QByteArray, body);
        QFETCH(QJsonArray, inputs);
        QFETCH(QString, message);
        const QString error
            = refusal([&] { OipInferRequest::parse(parse(body), signature(inputs)); });
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void describesOipTensors()
    {
        const ModelSignature tabular
            = ModelSignature::of(signature(kTabular, { QStringLiteral("x"), QStringLiteral("y") }));
        const QJsonArray in = OipInferRequest::inputMetadata(tabular);
        QCOMPARE(in.size(), 1);
        QCOMPARE(
            in.at(0).toObject().value(QStringLiteral("shape")).toArray(), (QJsonArray { -1, 3 }));
        QCOMPARE(in.at(0)
                     .toObject()
                     .value(QStringLiteral("parameters"))
                     .toObject()
                     .value(QStringLiteral("columns"))
                     .toArray(),
            (QJsonArray { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }));
        const QJsonArray text
            = OipInferRequest::inputMetadata(ModelSignature::of(signature(kText)));
        QCOMPARE(text.size(), 2);
        QCOMPARE(text.at(1).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("description"));
        QCOMPARE(text.at(1).toObject().value(QStringLiteral("datatype")).toString(),
            QStringLiteral("BYTES"));
        QCOMPARE(OipOutputs::metadata(tabular, false)
                     .at(2)
                     .toObject()
                     .value(QStringLiteral("shape"))
                     .toArray(),
            (QJsonArray { -1, 2 }));
    }

    void writesProbabilitiesInLabelOrder()
    {
        const ModelSignature model = ModelSignature::of(
            signature(kTabular, { QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z") }));
        Prediction p;
        p.label = QStringLiteral("z");
        p.confidence = 0.7;
        p.top = { { QStringLiteral("z"), 0.7 }, { QStringLiteral("x"), 0.2 },
            { QStringLiteral("y"), 0.1 } };
        const QJsonArray outputs = OipOutputs::tensors(
            { p, p }, model, false, { QStringLiteral("probabilities"), QStringLiteral("label") });
        QCOMPARE(outputs.size(), 2);
        const QJsonObject probabilities = outputs.at(0).toObject();
        QCOMPARE(probabilities.value(QStringLiteral("shape")).toArray(), (QJsonArray { 2, 3 }));
        QCOMPARE(probabilities.value(QStringLiteral("data")).toArray(),
            (QJsonArray { 0.2, 0.1, 0.7, 0.2, 0.1, 0.7 }));
        QCOMPARE(outputs.at(1).toObject().value(QStringLiteral("data")).toArray(),
            (QJsonArray { QStringLiteral("z"), QStringLiteral("z") }));
    }
};

QTEST_GUILESS_MAIN(TestProtocolRequests)
#include "TestProtocolRequests.moc"
