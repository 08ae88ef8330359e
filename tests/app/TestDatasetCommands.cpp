#include "CliRunner.h"
#include "TestData.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

// `modelbench-cli dataset ...` as a user runs it: real files, a real workspace on disk.
class TestDatasetCommands : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;

    QString workspace() const { return m_dir->filePath(QStringLiteral("ws")); }

    CliResult cli(const QStringList& args) { return runCliOn(workspace(), args); }

    QString write(const QString& name, const QByteArray& content) { return mb::testdata::writeFile(m_dir->filePath(name), content); }

    static QByteArray sample(int rows, int offset = 0)
    {
        QByteArray csv = "a,b,label\n";
        for (int i = offset; i < offset + rows; ++i)
            csv += QByteArray::number(i) + ',' + QByteArray::number(i % 7) + ",k" + QByteArray::number(i % 2) + '\n';
        return csv;
    }

private Q_SLOTS:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }
    void cleanup() { m_dir.reset(); }

    void importReportsTheVersion()
    {
        const CliResult result = cli({QStringLiteral("dataset"), QStringLiteral("import"), write(QStringLiteral("d.csv"), sample(40)),
                                      QStringLiteral("--json")});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject json = result.json();
        QCOMPARE(json.value(QStringLiteral("ref")).toString(), QStringLiteral("d@1"));
        QCOMPARE(json.value(QStringLiteral("created")).toBool(), true);
        QCOMPARE(json.value(QStringLiteral("rows")).toInt(), 40);
        QCOMPARE(json.value(QStringLiteral("classes")).toInt(), 2);
        QCOMPARE(json.value(QStringLiteral("features")).toArray().size(), 2);
        const QJsonObject counts = json.value(QStringLiteral("split")).toObject().value(QStringLiteral("counts")).toObject();
        QCOMPARE(counts.value(QStringLiteral("train")).toInt(), 28);
        QCOMPARE(counts.value(QStringLiteral("val")).toInt(), 6);
        QCOMPARE(counts.value(QStringLiteral("test")).toInt(), 6);
    }

    void aMalformedRowChangesNothing()
    {
        QCOMPARE(cli({QStringLiteral("dataset"), QStringLiteral("import"), write(QStringLiteral("good.csv"), sample(20))}).exitCode, 0);
        const QByteArray listBefore = cli({QStringLiteral("dataset"), QStringLiteral("list"), QStringLiteral("--json")}).out;

        QByteArray bad = sample(20);
        bad.replace("5,5,k1\n", "5,5\n");  // line 7: a field short
        const CliResult result = cli({QStringLiteral("dataset"), QStringLiteral("import"), write(QStringLiteral("bad.csv"), bad)});
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.err.contains("bad.csv:7: expected 3 fields, found 2"), result.err.constData());
        QCOMPARE(cli({QStringLiteral("dataset"), QStringLiteral("list"), QStringLiteral("--json")}).out, listBefore);
    }

    void twoProcessesImportAtOnce()
    {
        const QString first = write(QStringLiteral("one.csv"), sample(300));
        const QString second = write(QStringLiteral("two.csv"), sample(300, 1000));
        QProcess a, b, c;
        const QString ws = workspace();
        startCli(a, {QStringLiteral("dataset"), QStringLiteral("import"), first, QStringLiteral("--name"), QStringLiteral("shared"), QStringLiteral("--workspace"), ws}, ws);
        startCli(b, {QStringLiteral("dataset"), QStringLiteral("import"), second, QStringLiteral("--name"), QStringLiteral("shared"), QStringLiteral("--workspace"), ws}, ws);
        startCli(c, {QStringLiteral("dataset"), QStringLiteral("import"), second, QStringLiteral("--name"), QStringLiteral("other"), QStringLiteral("--workspace"), ws}, ws);
        for (QProcess* process : {&a, &b, &c}) {
            const CliResult result = finishCli(*process);
            QVERIFY2(result.exitCode == 0, result.err.constData());
        }
        const CliResult versions = cli({QStringLiteral("dataset"), QStringLiteral("versions"), QStringLiteral("shared"), QStringLiteral("--json")});
        QCOMPARE(versions.document().array().size(), 2);
        QCOMPARE(cli({QStringLiteral("dataset"), QStringLiteral("list"), QStringLiteral("--json")}).document().array().size(), 2);
    }

    void exportWritesTheRowsBack()
    {
        QCOMPARE(cli({QStringLiteral("dataset"), QStringLiteral("import"), write(QStringLiteral("d.csv"), sample(40))}).exitCode, 0);
        const QString out = m_dir->filePath(QStringLiteral("out.csv"));
        QCOMPARE(cli({QStringLiteral("dataset"), QStringLiteral("export"), QStringLiteral("d@1"), QStringLiteral("--output"), out}).exitCode, 0);
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), sample(40));

        const CliResult test = cli({QStringLiteral("dataset"), QStringLiteral("export"), QStringLiteral("d"), QStringLiteral("--split"), QStringLiteral("test")});
        QCOMPARE(test.exitCode, 0);
        QCOMPARE(test.out.count('\n'), 1 + 6);
        const CliResult withSplit = cli({QStringLiteral("dataset"), QStringLiteral("export"), QStringLiteral("d"), QStringLiteral("--with-split")});
        QVERIFY(withSplit.out.startsWith("a,b,label,split\n"));
    }

    void showAndVersions()
    {
        cli({QStringLiteral("dataset"), QStringLiteral("import"), write(QStringLiteral("d.csv"), sample(40))});
        cli({QStringLiteral("dataset"), QStringLiteral("append"), QStringLiteral("d"), write(QStringLiteral("more.csv"), sample(10, 40))});
        const CliResult show = cli({QStringLiteral("dataset"), QStringLiteral("show"), QStringLiteral("d")});
        QCOMPARE(show.exitCode, 0);
        QVERIFY2(show.out.contains("d@2"), show.out.constData());
        QVERIFY(show.out.contains("parent:   d@1"));
        QVERIFY(show.out.contains("Classes (2):"));
        const CliResult json = cli({QStringLiteral("dataset"), QStringLiteral("show"), QStringLiteral("d@1"), QStringLiteral("--json")});
        QCOMPARE(json.json().value(QStringLiteral("rows")).toInt(), 40);
    }

    void errorsAndExitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown dataset") << QStringList{QStringLiteral("dataset"), QStringLiteral("show"), QStringLiteral("ghost")} << 4
                                         << QStringLiteral("no dataset 'ghost'");
        QTest::newRow("missing file") << QStringList{QStringLiteral("dataset"), QStringLiteral("import"), QStringLiteral("/nonexistent.csv")} << 4
                                      << QStringLiteral("/nonexistent.csv: no such file");
        QTest::newRow("bad missing policy") << QStringList{QStringLiteral("dataset"), QStringLiteral("import"), QStringLiteral("FILE"), QStringLiteral("--missing"), QStringLiteral("guess")}
                                            << 3 << QStringLiteral("--missing: 'guess'");
        QTest::newRow("bad split") << QStringList{QStringLiteral("dataset"), QStringLiteral("import"), QStringLiteral("FILE"), QStringLiteral("--split"), QStringLiteral("70-30")}
                                   << 3 << QStringLiteral("--split: '70-30'");
        QTest::newRow("missing argument") << QStringList{QStringLiteral("dataset"), QStringLiteral("show")} << 2 << QStringLiteral("missing argument <ref>");
    }

    void errorsAndExitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        args.replaceInStrings(QStringLiteral("FILE"), write(QStringLiteral("d.csv"), sample(10)));
        const CliResult result = cli(args);
        QCOMPARE(result.exitCode, exitCode);
        QVERIFY2(result.err.contains(message.toUtf8()), result.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestDatasetCommands)
#include "TestDatasetCommands.moc"
