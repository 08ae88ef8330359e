#include "DatasetSplit.h"
#include "Error.h"

#include <QtTest>

using namespace mb;

class TestDatasetSplit : public QObject {
    Q_OBJECT

private:
    static QStringList labels(const QList<QPair<QString, int>>& classes)
    {
        QStringList result;
        for (const auto& [name, count] : classes) {
            for (int i = 0; i < count; ++i)
                result << name;
        }
        return result;
    }

private Q_SLOTS:
    void stratifiedIsExactPerClass_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("train");
        QTest::addColumn<int>("val");
        QTest::addColumn<int>("test");
        QTest::newRow("100") << 100 << 70 << 15 << 15;
        QTest::newRow("59") << 59 << 41 << 9 << 9;   // 41.3, 8.85 -> 9, rest 9
        QTest::newRow("7") << 7 << 5 << 1 << 1;      // 4.9 -> 5, 1.05 -> 1
        QTest::newRow("2") << 2 << 1 << 0 << 1;
        QTest::newRow("1") << 1 << 1 << 0 << 0;
    }

    void stratifiedIsExactPerClass()
    {
        QFETCH(int, count);
        QFETCH(int, train);
        QFETCH(int, val);
        QFETCH(int, test);
        const QStringList all = labels({{QStringLiteral("a"), count}, {QStringLiteral("b"), 3 * count}});
        const std::vector<Split> split = DatasetSplitter::stratified(all, SplitOptions{});
        QCOMPARE(qsizetype(split.size()), all.size());
        std::array<int, 3> perA{0, 0, 0};
        for (qsizetype i = 0; i < all.size(); ++i) {
            if (all.at(i) == QLatin1String("a"))
                ++perA[size_t(split[size_t(i)])];
        }
        QCOMPARE(perA[0], train);
        QCOMPARE(perA[1], val);
        QCOMPARE(perA[2], test);
    }

    void sameSeedSameSplit()
    {
        const QStringList all = labels({{QStringLiteral("x"), 50}, {QStringLiteral("y"), 30}});
        SplitOptions options;
        options.seed = 42;
        QCOMPARE(DatasetSplitter::stratified(all, options), DatasetSplitter::stratified(all, options));
        SplitOptions other = options;
        other.seed = 43;
        QVERIFY(DatasetSplitter::stratified(all, options) != DatasetSplitter::stratified(all, other));
    }

    void ratiosAreNormalised()
    {
        SplitOptions options;
        options.train = 8;
        options.val = 1;
        options.test = 1;
        const auto counts = DatasetSplitter::counts(DatasetSplitter::random(1000, options));
        QCOMPARE(counts[0], qsizetype(800));
        QCOMPARE(counts[1], qsizetype(100));
        QCOMPARE(counts[2], qsizetype(100));
    }

    void badRatiosAreRejected()
    {
        SplitOptions options;
        options.train = -1;
        QVERIFY_THROWS_EXCEPTION(Error, DatasetSplitter::random(10, options));
    }

    void parseAcceptsCommonNames_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("split");
        QTest::newRow("train") << QStringLiteral("train") << 0;
        QTest::newRow("Training") << QStringLiteral(" Training ") << 0;
        QTest::newRow("validation") << QStringLiteral("validation") << 1;
        QTest::newRow("dev") << QStringLiteral("DEV") << 1;
        QTest::newRow("test") << QStringLiteral("test") << 2;
    }

    void parseAcceptsCommonNames()
    {
        QFETCH(QString, text);
        QFETCH(int, split);
        QCOMPARE(int(DatasetSplitter::parse(text, QStringLiteral("here"))), split);
    }

    void parseNamesTheLocation()
    {
        try {
            DatasetSplitter::parse(QStringLiteral("holdout"), QStringLiteral("data.csv:7:3"));
            QFAIL("accepted");
        } catch (const Error& error) {
            QVERIFY(error.message().contains(QLatin1String("data.csv:7:3")));
        }
    }

    void encodeDecodeRoundTrip()
    {
        const std::vector<Split> split = {Split::Train, Split::Test, Split::Val, Split::Train};
        QCOMPARE(DatasetSplitter::decode(DatasetSplitter::encode(split), 4), split);
        QVERIFY_THROWS_EXCEPTION(Error, DatasetSplitter::decode(DatasetSplitter::encode(split), 5));
        QVERIFY_THROWS_EXCEPTION(Error, DatasetSplitter::decode("train\nholdout\n", 2));
    }
};

QTEST_GUILESS_MAIN(TestDatasetSplit)
#include "TestDatasetSplit.moc"
