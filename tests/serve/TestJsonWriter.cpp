#include "JsonWriter.h"
#include "PredictionFormat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <limits>

using namespace mb;
using namespace mb::serve;

// The hand-written JSON of hot answers must be byte for byte what QJsonDocument wrote before.
class TestJsonWriter : public QObject {
    Q_OBJECT

private:
    static QByteArray qtJson(const QJsonObject& object) { return QJsonDocument(object).toJson(QJsonDocument::Compact); }

private Q_SLOTS:
    void writesStringsAsQtDoes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << QStringLiteral("setosa");
        QTest::newRow("empty") << QString();
        QTest::newRow("quote and backslash") << QStringLiteral("say \"hi\" \\ bye");
        QTest::newRow("slash") << QStringLiteral("a/b");
        QTest::newRow("named controls") << QStringLiteral("\b\f\n\r\t");
        QTest::newRow("other controls") << QString::fromLatin1("\x01\x1f\x7f", 3);
        QTest::newRow("accents") << QStringLiteral("caf\u00e9 na\u00efve");
        QTest::newRow("cjk and emoji") << QString::fromUtf8("\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80");
    }

    void writesStringsAsQtDoes()
    {
        QFETCH(QString, text);
        JsonWriter out;
        out.beginObject();
        out.key("text");
        out.value(text);
        out.endObject();
        QCOMPARE(out.take(), qtJson(QJsonObject{{QStringLiteral("text"), text}}));
    }

    void writesNumbersAsQtDoes_data()
    {
        QTest::addColumn<double>("number");
        QTest::newRow("zero") << 0.0;
        QTest::newRow("one") << 1.0;
        QTest::newRow("negative") << -2.5;
        QTest::newRow("float probability") << double(0.99310326576232910f);
        QTest::newRow("tiny") << 3.2e-7;
        QTest::newRow("tenth") << 0.1;
        QTest::newRow("large") << 1.5e21;
        QTest::newRow("integer-valued") << 123456789012.0;
        QTest::newRow("max") << std::numeric_limits<double>::max();
        QTest::newRow("denormal") << std::numeric_limits<double>::denorm_min();
        QTest::newRow("infinity is null") << std::numeric_limits<double>::infinity();
        QTest::newRow("NaN is null") << std::numeric_limits<double>::quiet_NaN();
    }

    void writesNumbersAsQtDoes()
    {
        QFETCH(double, number);
        JsonWriter out;
        out.beginArray();
        out.value(number);
        out.value(qint64(-42));
        out.endArray();
        QCOMPARE(out.take(), QJsonDocument(QJsonArray{number, -42}).toJson(QJsonDocument::Compact));
    }

    void nestsWithCommas()
    {
        JsonWriter out;
        out.beginObject();
        out.key("a");
        out.beginArray();
        out.endArray();
        out.key("b");
        out.beginArray();
        out.beginObject();
        out.endObject();
        out.beginObject();
        out.key("c");
        out.value(qint64(1));
        out.endObject();
        out.endArray();
        out.key("d");
        out.value(QStringLiteral("e"));
        out.endObject();
        QCOMPARE(out.take(), QByteArray(R"({"a":[],"b":[{},{"c":1}],"d":"e"})"));
    }

    void writesPredictAnswersAsQtDid()
    {
        Prediction first;
        first.label = QStringLiteral("C \"quoted\"");
        first.confidence = double(0.9931032657623291f);
        first.top = {{first.label, first.confidence}, {QStringLiteral("J"), double(0.0032935615f)}, {QStringLiteral("\u00e9t\u00e9"), 1.2e-9}};
        Prediction second;
        second.label = QStringLiteral("A");
        second.confidence = 1.0;
        second.top = {{QStringLiteral("A"), 1.0}};
        QJsonArray predictions;
        for (const Prediction& prediction : {first, second}) {
            QJsonArray top;
            for (const auto& [label, probability] : prediction.top)
                top.append(QJsonObject{{QStringLiteral("label"), label}, {QStringLiteral("probability"), probability}});
            predictions.append(QJsonObject{{QStringLiteral("label"), prediction.label}, {QStringLiteral("confidence"), prediction.confidence},
                                           {QStringLiteral("top"), top}});
        }
        QCOMPARE(PredictionFormat::answer(QStringLiteral("letter@2"), {first, second}, false),
                 qtJson(QJsonObject{{QStringLiteral("model"), QStringLiteral("letter@2")}, {QStringLiteral("predictions"), predictions}}));

        Prediction value;
        value.value = -17.25;
        QCOMPARE(PredictionFormat::answer(QStringLiteral("line@1"), {value}, true),
                 qtJson(QJsonObject{{QStringLiteral("model"), QStringLiteral("line@1")},
                                    {QStringLiteral("predictions"), QJsonArray{QJsonObject{{QStringLiteral("value"), -17.25}}}}}));
        QCOMPARE(PredictionFormat::answer(QStringLiteral("line@1"), {}, true), QByteArray(R"({"model":"line@1","predictions":[]})"));
    }
};

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "TestJsonWriter.moc"
