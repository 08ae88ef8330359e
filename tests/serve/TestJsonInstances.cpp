#include "Error.h"
#include "JsonInstances.h"
#include "RequestFixtures.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace mb;
using namespace mb::serve;
using namespace request_test;

class TestJsonInstances : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsTabularShapes()
    {
        const QVector<Instance> rows = JsonInstances::parse(parse(R"({"instances": [[1, 2, 3], {"c": 6, "b": 5, "a": 4, "extra": "x"}]})"), kTabular);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).value(QStringLiteral("a")).toDouble(), 1.0);
        QCOMPARE(rows.at(0).value(QStringLiteral("c")).toDouble(), 3.0);
        QCOMPARE(rows.at(1).value(QStringLiteral("b")).toDouble(), 5.0);
        QVERIFY(!rows.at(1).contains(QStringLiteral("extra")));
    }

    void readsSeedValues()
    {
        QVector<Instance> rows = JsonInstances::parse(parse(R"({"values": [10.0]})"), kOneNumber);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).value(QStringLiteral("x")).toDouble(), 10.0);
        rows = JsonInstances::parse(parse(R"({"values": [1, 2, 3]})"), kOneNumber);
        QCOMPARE(rows.size(), 3);
        rows = JsonInstances::parse(parse(R"({"values": [1, 2, 3]})"), kTabular);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).value(QStringLiteral("c")).toDouble(), 3.0);
        rows = JsonInstances::parse(parse(R"({"values": [[1, 2, 3], [4, 5, 6]]})"), kTabular);
        QCOMPARE(rows.size(), 2);
        rows = JsonInstances::parse(parse(R"({"instances": [7.5]})"), kOneNumber);
        QCOMPARE(rows.at(0).value(QStringLiteral("x")).toDouble(), 7.5);
    }

    void readsText()
    {
        const QVector<Instance> rows = JsonInstances::parse(parse(R"({"instances": ["a whole text", {"description": "only this"}, ["n", "d"]]})"), kText);
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(0).value(QStringLiteral("name")).toString(), QStringLiteral("a whole text"));
        QCOMPARE(rows.at(1).value(QStringLiteral("description")).toString(), QStringLiteral("only this"));
        QVERIFY(!rows.at(1).contains(QStringLiteral("name")));
        QCOMPARE(rows.at(2).value(QStringLiteral("description")).toString(), QStringLiteral("d"));
    }

    void readsImages()
    {
        const QByteArray png = QByteArray("\x89PNG fake bytes", 15);
        const QString b64 = QString::fromLatin1(png.toBase64());
        const QJsonObject body{{QStringLiteral("instances"),
                                QJsonArray{b64, QJsonObject{{QStringLiteral("b64"), b64}}, QStringLiteral("data:image/png;base64,") + b64,
                                           QJsonObject{{QStringLiteral("image"), QJsonObject{{QStringLiteral("b64"), b64}}}}}}};
        const QVector<Instance> rows = JsonInstances::parse(body, kImage);
        QCOMPARE(rows.size(), 4);
        for (const Instance& row : rows) {
            QCOMPARE(row.value(QStringLiteral("image")).typeId(), QMetaType::QByteArray);
            QCOMPARE(row.value(QStringLiteral("image")).toByteArray(), png);
        }
    }

    void refusesBadInput_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("signature");
        QTest::addColumn<QString>("message");
        QTest::newRow("not an object") << QByteArray("[1, 2]") << "tabular" << "must be a JSON object";
        QTest::newRow("no instances") << QByteArray(R"({"rows": []})") << "tabular" << "\"instances\"";
        QTest::newRow("instances not array") << QByteArray(R"({"instances": 3})") << "tabular" << "must be an array";
        QTest::newRow("empty") << QByteArray(R"({"instances": []})") << "tabular" << "empty";
        QTest::newRow("too few") << QByteArray(R"({"instances": [[1, 2, 3], [1, 2]]})") << "tabular" << "instance 1: expected 3 values (a, b, c), got 2";
        QTest::newRow("too many") << QByteArray(R"({"instances": [[1, 2, 3, 4]]})") << "tabular" << "instance 0: expected 3 values";
        QTest::newRow("string feature") << QByteArray(R"({"instances": [[1, "two", 3]]})") << "tabular" << "instance 0: feature 'b' must be a number, not the string \"two\"";
        QTest::newRow("bool feature") << QByteArray(R"({"instances": [{"a": 1, "b": true, "c": 3}]})") << "tabular" << "feature 'b' must be a number, not true";
        QTest::newRow("null feature") << QByteArray(R"({"instances": [[1, null, 3]]})") << "tabular" << "feature 'b' must be a number, not null";
        QTest::newRow("missing field") << QByteArray(R"({"instances": [[1,2,3], {"a": 1, "b": 2}]})") << "tabular" << "instance 1: missing feature 'c'";
        QTest::newRow("string instance") << QByteArray(R"({"instances": ["abc"]})") << "tabular" << "instance 0: expected an array of 3 values";
        QTest::newRow("values mismatch") << QByteArray(R"({"values": [1, 2]})") << "tabular" << "expected 3 values";
        QTest::newRow("text not string") << QByteArray(R"({"instances": [{"name": 5}]})") << "text" << "field 'name' must be a string";
        QTest::newRow("no text field") << QByteArray(R"({"instances": [{"other": "x"}]})") << "text" << "give at least one of the text fields name, description";
        QTest::newRow("bad base64") << QByteArray(R"({"instances": ["***"]})") << "image" << "instance 0: image 'image' is not valid base64";
        QTest::newRow("image number") << QByteArray(R"({"instances": [5]})") << "image" << "instance 0:";
    }

    void refusesBadInput()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, signature);
        QFETCH(QString, message);
        const QJsonArray inputs = signature == QLatin1String("text") ? kText : signature == QLatin1String("image") ? kImage : kTabular;
        try {
            JsonInstances::parse(parse(body.constData()), inputs);
            QFAIL("no error");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::InvalidArgument);
            QVERIFY2(error.message().contains(message), qPrintable(error.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TestJsonInstances)
#include "TestJsonInstances.moc"
