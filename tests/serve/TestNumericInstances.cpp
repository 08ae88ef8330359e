#include "Error.h"
#include "JsonInstances.h"
#include "ModelSignature.h"
#include "NumericInstances.h"
#include "RequestFixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtTest>

#include <cstring>

using namespace mb;
using namespace mb::serve;

namespace {

QJsonObject signatureOf(const QList<QPair<QString, QString>>& inputs)
{
    return QJsonObject{{QStringLiteral("inputs"), request_test::inputsOf(inputs)}};
}

const QJsonObject kTabular{{QStringLiteral("inputs"), request_test::kTabular}};

// What the general path (QJsonDocument + JsonInstances) makes of a body: the instances, or
// the error message.
struct General {
    QVector<Instance> instances;
    QString error;
};

General generalPath(const QByteArray& body, const QJsonObject& signature)
{
    General result;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.error = parseError.errorString();
        return result;
    }
    try {
        const QJsonValue value = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
        result.instances = JsonInstances::parse(value, signature.value(QStringLiteral("inputs")).toArray());
    } catch (const Error& error) {
        result.error = error.message();
    }
    return result;
}

bool sameBits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

// Fails the test unless `fast` holds exactly the general path's instances: same names, every
// value a double with the same bits.
void requireSame(const QVector<Instance>& fast, const General& general, const QByteArray& body)
{
    QVERIFY2(general.error.isEmpty(), qPrintable(QStringLiteral("read %1, which the general path refuses: %2").arg(QString::fromUtf8(body), general.error)));
    QCOMPARE(fast.size(), general.instances.size());
    for (qsizetype i = 0; i < fast.size(); ++i) {
        QCOMPARE(fast.at(i).keys(), general.instances.at(i).keys());
        for (auto it = fast.at(i).cbegin(); it != fast.at(i).cend(); ++it) {
            const QVariant& expected = general.instances.at(i).value(it.key());
            QCOMPARE(it.value().typeId(), QMetaType::Double);
            QCOMPARE(expected.typeId(), QMetaType::Double);
            QVERIFY2(sameBits(it.value().toDouble(), expected.toDouble()),
                     qPrintable(QStringLiteral("%1: %2 vs %3 in %4").arg(it.key()).arg(it.value().toDouble(), 0, 'g', 17).arg(expected.toDouble(), 0, 'g', 17).arg(QString::fromUtf8(body))));
        }
    }
}

}  // namespace

// The predict shortcut for all-numeric models: what it reads must be exactly what the general
// path reads, and whatever it is not sure of it must leave to the general path (which then
// answers with its own messages; TestModelApi checks those through the server).
class TestNumericInstances : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsWhatTheGeneralPathReads_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("integers") << QByteArray(R"({"instances": [[1, 2, 3]]})");
        QTest::newRow("compact") << QByteArray(R"({"instances":[[1,2,3]]})");
        QTest::newRow("all whitespace") << QByteArray(" \t\r\n{ \"instances\" :\n[ [ 1 ,\t2 , 3 ] ,[4,5,6]\r\n] } \n");
        QTest::newRow("fractions") << QByteArray(R"({"instances": [[0.1, -2.5, 3.14159265358979323846]]})");
        QTest::newRow("exponents") << QByteArray(R"({"instances": [[1e3, -2.5E-3, 6e+2]]})");
        QTest::newRow("zeros") << QByteArray(R"({"instances": [[0, -0, -0.0]]})");
        QTest::newRow("largest") << QByteArray(R"({"instances": [[1.7976931348623157e308, -1.7976931348623157e308, 4.9e-324]]})");
        QTest::newRow("int64 edges") << QByteArray(R"({"instances": [[9223372036854775807, -9223372036854775808, 9007199254740993]]})");
        QTest::newRow("beyond int64") << QByteArray(R"({"instances": [[9223372036854775808, -9223372036854775809, 123456789012345678901234567890]]})");
        QTest::newRow("many digits") << QByteArray(R"({"instances": [[0.30000000000000004441, 2.00000000000000011102230246251565404236316680908203125, 1e-7]]})");
        QTest::newRow("many rows") << QByteArray(R"({"instances": [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]})");
    }

    void readsWhatTheGeneralPathReads()
    {
        QFETCH(QByteArray, body);
        const std::optional<QVector<Instance>> fast = NumericInstances::read(body, ModelSignature::of(kTabular));
        QVERIFY2(fast.has_value(), body.constData());
        requireSame(*fast, generalPath(body, kTabular), body);
    }

    void leavesEverythingElseToTheGeneralPath_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("spaces") << QByteArray("  \n");
        QTest::newRow("array body") << QByteArray("[[1, 2, 3]]");
        QTest::newRow("empty list") << QByteArray(R"({"instances": []})");
        QTest::newRow("objects") << QByteArray(R"({"instances": [{"a": 1, "b": 2, "c": 3}]})");
        QTest::newRow("mixed rows") << QByteArray(R"({"instances": [[1, 2, 3], {"a": 1, "b": 2, "c": 3}]})");
        QTest::newRow("too few") << QByteArray(R"({"instances": [[1, 2]]})");
        QTest::newRow("too many") << QByteArray(R"({"instances": [[1, 2, 3, 4]]})");
        QTest::newRow("string value") << QByteArray(R"({"instances": [[1, "2", 3]]})");
        QTest::newRow("null value") << QByteArray(R"({"instances": [[1, null, 3]]})");
        QTest::newRow("bool value") << QByteArray(R"({"instances": [[1, true, 3]]})");
        QTest::newRow("nested") << QByteArray(R"({"instances": [[1, [2], 3]]})");
        QTest::newRow("values shape") << QByteArray(R"({"values": [1, 2, 3]})");
        QTest::newRow("another key too") << QByteArray(R"({"instances": [[1, 2, 3]], "top_k": 2})");
        QTest::newRow("key first") << QByteArray(R"({"top_k": 2, "instances": [[1, 2, 3]]})");
        QTest::newRow("key twice") << QByteArray(R"({"instances": [[1, 2, 3]], "instances": [[4, 5, 6]]})");
        QTest::newRow("escaped key") << QByteArray(R"({"\u0069nstances": [[1, 2, 3]]})");
        QTest::newRow("plus sign") << QByteArray(R"({"instances": [[+1, 2, 3]]})");
        QTest::newRow("leading zero") << QByteArray(R"({"instances": [[01, 2, 3]]})");
        QTest::newRow("bare fraction") << QByteArray(R"({"instances": [[.5, 2, 3]]})");
        QTest::newRow("trailing dot") << QByteArray(R"({"instances": [[1., 2, 3]]})");
        QTest::newRow("bare exponent") << QByteArray(R"({"instances": [[1e, 2, 3]]})");
        QTest::newRow("hex") << QByteArray(R"({"instances": [[0x10, 2, 3]]})");
        QTest::newRow("NaN") << QByteArray(R"({"instances": [[NaN, 2, 3]]})");
        QTest::newRow("Infinity") << QByteArray(R"({"instances": [[Infinity, 2, 3]]})");
        QTest::newRow("overflow") << QByteArray(R"({"instances": [[1e400, 2, 3]]})");
        QTest::newRow("trailing comma") << QByteArray(R"({"instances": [[1, 2, 3],]})");
        QTest::newRow("trailing comma in row") << QByteArray(R"({"instances": [[1, 2, 3,]]})");
        QTest::newRow("unclosed") << QByteArray(R"({"instances": [[1, 2, 3]])");
        QTest::newRow("garbage after") << QByteArray(R"({"instances": [[1, 2, 3]]} x)");
        QTest::newRow("second document") << QByteArray(R"({"instances": [[1, 2, 3]]}{})");
        QTest::newRow("nul byte") << QByteArray("{\"instances\": [[1, 2, 3]]}\0", 28);
        QTest::newRow("form feed") << QByteArray("{\"instances\": [[1,\f2, 3]]}");
    }

    void leavesEverythingElseToTheGeneralPath()
    {
        QFETCH(QByteArray, body);
        QVERIFY(!NumericInstances::read(body, ModelSignature::of(kTabular)).has_value());
    }

    void leavesModelsWithOtherInputsToTheGeneralPath()
    {
        const QByteArray body = R"({"instances": [[1, 2]]})";
        const QJsonObject text = signatureOf({{QStringLiteral("a"), QStringLiteral("number")}, {QStringLiteral("b"), QStringLiteral("text")}});
        const QJsonObject image = signatureOf({{QStringLiteral("a"), QStringLiteral("image")}, {QStringLiteral("b"), QStringLiteral("number")}});
        QVERIFY(!NumericInstances::read(body, ModelSignature::of(text)).has_value());
        QVERIFY(!NumericInstances::read(body, ModelSignature::of(image)).has_value());
        QVERIFY(!NumericInstances::read(body, ModelSignature::of(QJsonObject())).has_value());
        const QJsonObject numbers = signatureOf({{QStringLiteral("a"), QStringLiteral("number")}, {QStringLiteral("b"), QStringLiteral("number")}});
        QVERIFY(NumericInstances::read(body, ModelSignature::of(numbers)).has_value());
    }

    // Bodies near the shape, made by cutting, repeating and replacing bytes of valid ones (a
    // fixed seed): whenever the shortcut reads one, the general path reads the same values.
    void agreesWithTheGeneralPathOnMutatedBodies()
    {
        const QList<QByteArray> seeds{R"({"instances": [[1, 2, 3]]})", R"({"instances":[[0.5,-2e-3,12345678901234567890],[7,8,9]]})",
                                      " {\"instances\" : [ [ -0 , 1E2 , 3.25 ] ] } "};
        const QByteArray alphabet = QByteArray("0123456789-+.eE,[]{}\" :\t\nnulltrueinstances");
        QRandomGenerator random(20261122);
        int read = 0;
        for (int round = 0; round < 20000; ++round) {
            QByteArray body = seeds.at(int(random.bounded(seeds.size())));
            const int edits = 1 + int(random.bounded(3));
            for (int e = 0; e < edits && !body.isEmpty(); ++e) {
                const int at = int(random.bounded(body.size()));
                switch (random.bounded(4)) {
                case 0: body.remove(at, 1 + int(random.bounded(3))); break;
                case 1: body.insert(at, alphabet.at(int(random.bounded(alphabet.size())))); break;
                case 2: body[at] = alphabet.at(int(random.bounded(alphabet.size()))); break;
                default: body.insert(at, body.mid(at, int(random.bounded(8)))); break;
                }
            }
            const std::optional<QVector<Instance>> fast = NumericInstances::read(body, ModelSignature::of(kTabular));
            if (!fast)
                continue;
            ++read;
            requireSame(*fast, generalPath(body, kTabular), body);
            if (QTest::currentTestFailed())
                return;
        }
        QVERIFY2(read > 100, qPrintable(QStringLiteral("only %1 mutated bodies were read").arg(read)));
    }
};

QTEST_GUILESS_MAIN(TestNumericInstances)
#include "TestNumericInstances.moc"
