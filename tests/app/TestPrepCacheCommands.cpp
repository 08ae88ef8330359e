#include "CliRunner.h"
#include "TestData.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

// The preparation cache as `modelbench-cli` shows it: a run's "prep cached" flag in
// `train`, `runs show` and `runs list`, its size in `workspace info` and `workspace check`,
// and `workspace prune-cache`. Real processes on a workspace on disk.
class TestPrepCacheCommands : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;

    CliResult cli(const QStringList& args) { return runCliOn(m_dir->filePath(QStringLiteral("ws")), args); }

    CliResult train(const QString& lr, bool json = true)
    {
        QStringList args = {QStringLiteral("train"), QStringLiteral("d"), QStringLiteral("--set"), QStringLiteral("epochs=2"),
                            QStringLiteral("--set"), QStringLiteral("lr=") + lr};
        if (json)
            args << QStringLiteral("--json");
        return cli(args);
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QByteArray csv = "a,b,label\n";
        for (int i = 0; i < 60; ++i)
            csv += QByteArray::number(i % 9) + ',' + QByteArray::number(i % 7) + ",k" + QByteArray::number(i % 3) + '\n';
        const QString path = mb::testdata::writeFile(m_dir->filePath(QStringLiteral("d.csv")), csv);
        QCOMPARE(cli({QStringLiteral("dataset"), QStringLiteral("import"), path}).exitCode, 0);
    }

    void cleanup() { m_dir.reset(); }

    void runsShowWhetherPreparationWasCached()
    {
        const CliResult first = train(QStringLiteral("0.003"));
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(first.json().value(QStringLiteral("run")).toObject().value(QStringLiteral("prep_cached")).toBool(true), false);

        const CliResult second = train(QStringLiteral("0.01"), false);
        QCOMPARE(second.exitCode, 0);
        QVERIFY2(second.out.contains("data preparation cached"), second.out.constData());
        QVERIFY2(second.err.contains("preparing data (cached)"), second.err.constData());

        const CliResult shown = cli({QStringLiteral("runs"), QStringLiteral("show"), QStringLiteral("2"), QStringLiteral("--json")});
        QCOMPARE(shown.exitCode, 0);
        QCOMPARE(shown.json().value(QStringLiteral("prep_cached")).toBool(false), true);
        QVERIFY(cli({QStringLiteral("runs"), QStringLiteral("show"), QStringLiteral("2")}).out.contains("prep cached: yes"));
        QVERIFY(cli({QStringLiteral("runs"), QStringLiteral("show"), QStringLiteral("1")}).out.contains("prep cached: no"));
        const QList<QByteArray> table = cli({QStringLiteral("runs"), QStringLiteral("list")}).out.split('\n');
        QVERIFY(table.at(0).contains("PREP"));
        QVERIFY2(table.at(1).simplified().startsWith("2 d@1 mlp finished") && table.at(1).contains(" cached "), table.at(1).constData());
        QVERIFY2(!table.at(2).contains(" cached "), table.at(2).constData());
    }

    void infoCheckAndPruneAccountForTheCache()
    {
        QCOMPARE(train(QStringLiteral("0.003")).exitCode, 0);
        const QJsonObject info = cli({QStringLiteral("workspace"), QStringLiteral("info"), QStringLiteral("--json")}).json();
        const QJsonObject cache = info.value(QStringLiteral("preparation_cache")).toObject();
        QCOMPARE(cache.value(QStringLiteral("entries")).toInt(), 1);
        const qint64 bytes = cache.value(QStringLiteral("bytes")).toInteger();
        QVERIFY(bytes > 0);
        const CliResult check = cli({QStringLiteral("workspace"), QStringLiteral("check"), QStringLiteral("--json")});
        QCOMPARE(check.exitCode, 0);
        QCOMPARE(check.json().value(QStringLiteral("preparation_cache")).toObject().value(QStringLiteral("bytes")).toInteger(), bytes);

        // Used just now: a 30-day prune keeps it, a 0-day prune removes it.
        const CliResult kept = cli({QStringLiteral("workspace"), QStringLiteral("prune-cache"), QStringLiteral("--json")});
        QCOMPARE(kept.exitCode, 0);
        QCOMPARE(kept.json().value(QStringLiteral("removed")).toObject().value(QStringLiteral("entries")).toInt(), 0);
        QCOMPARE(kept.json().value(QStringLiteral("left")).toObject().value(QStringLiteral("entries")).toInt(), 1);
        const CliResult pruned = cli({QStringLiteral("workspace"), QStringLiteral("prune-cache"), QStringLiteral("--unused-days"),
                                      QStringLiteral("0"), QStringLiteral("--json")});
        QCOMPARE(pruned.exitCode, 0);
        QCOMPARE(pruned.json().value(QStringLiteral("removed")).toObject().value(QStringLiteral("bytes")).toInteger(), bytes);
        QCOMPARE(pruned.json().value(QStringLiteral("left")).toObject().value(QStringLiteral("entries")).toInt(), 0);
        QCOMPARE(cli({QStringLiteral("workspace"), QStringLiteral("check")}).exitCode, 0);
        QCOMPARE(train(QStringLiteral("0.02")).json().value(QStringLiteral("run")).toObject().value(QStringLiteral("prep_cached")).toBool(true),
                 false);
    }

    void pruneRejectsABadNumberOfDays_data()
    {
        QTest::addColumn<QString>("days");
        QTest::newRow("negative") << QStringLiteral("-1");
        QTest::newRow("not a number") << QStringLiteral("week");
    }

    void pruneRejectsABadNumberOfDays()
    {
        QFETCH(QString, days);
        QCOMPARE(train(QStringLiteral("0.003")).exitCode, 0);
        const CliResult result = cli({QStringLiteral("workspace"), QStringLiteral("prune-cache"), QStringLiteral("--unused-days"), days});
        QCOMPARE(result.exitCode, 3);  // invalid data, as every bad option value
        QVERIFY2(result.err.contains("--unused-days"), result.err.constData());
        const QJsonObject info = cli({QStringLiteral("workspace"), QStringLiteral("info"), QStringLiteral("--json")}).json();
        QCOMPARE(info.value(QStringLiteral("preparation_cache")).toObject().value(QStringLiteral("entries")).toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(TestPrepCacheCommands)
#include "TestPrepCacheCommands.moc"
