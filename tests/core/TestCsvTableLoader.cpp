#include "CsvTableLoader.h"
#include "Error.h"
#include "TestData.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace mb;

class TestCsvTableLoader : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;

    QString write(const QString& name, const QByteArray& content) { return testdata::writeFile(m_dir->filePath(name), content); }

    static QString roles(const DatasetSchema& schema)
    {
        QStringList parts;
        for (const ColumnSpec& column : schema.columns)
            parts << column.name + QLatin1Char(':') + toString(column.role);
        return parts.join(QLatin1Char(' '));
    }

private Q_SLOTS:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }
    void cleanup() { m_dir.reset(); }

    void shapes_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expectedRoles");
        QTest::addColumn<int>("rows");
        QTest::addColumn<QString>("labelKind");

        QTest::newRow("label last, header") << QByteArray("x,y,label\n1,2,a\n3,4,b\n5,6,a\n") << QString() << QString()
                                            << QStringLiteral("x:feature y:feature label:label") << 3 << QStringLiteral("classification");
        QTest::newRow("label first, no header") << QByteArray("1,0.5,2\n0,1.5,3\n1,2.5,4\n") << QStringLiteral("0") << QString()
                                                << QStringLiteral("c0:label c1:feature c2:feature") << 3 << QStringLiteral("classification");
        QTest::newRow("semicolon, BOM, CRLF") << QByteArray("\xEF\xBB\xBF" "a;b;Class\r\n1,5;2;x\r\n3;4;y\r\n") << QString() << QString()
                                              << QStringLiteral("a:feature b:feature Class:label") << 2 << QStringLiteral("classification");
        QTest::newRow("text columns named") << QByteArray("id,name,description,category\n1,vim,\"an editor, modal\",editors\n2,gcc,compiler,devel\n")
                                            << QStringLiteral("category") << QStringLiteral("name,description")
                                            << QStringLiteral("id:ignore name:text description:text category:label") << 2 << QStringLiteral("classification");
        QTest::newRow("id column ignored") << QByteArray("sample_id,f,target\n1,0.5,0\n2,0.7,1\n3,0.1,0\n") << QString() << QString()
                                           << QStringLiteral("sample_id:ignore f:feature target:label") << 3 << QStringLiteral("classification");
        QTest::newRow("fractional target is regression") << QByteArray("f,target\n1,0.5\n2,1.25\n3,2.0\n") << QString() << QString()
                                                         << QStringLiteral("f:feature target:label") << 3 << QStringLiteral("regression");
        QTest::newRow("tab delimited, quoted newline") << QByteArray("note\tv\tlabel\n\"two\nlines\"\t1\tp\nplain\t2\tq\n") << QString() << QString()
                                                       << QStringLiteral("note:text v:feature label:label") << 2 << QStringLiteral("classification");
    }

    void shapes()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, label);
        QFETCH(QString, text);
        QFETCH(QString, expectedRoles);
        QFETCH(int, rows);
        QFETCH(QString, labelKind);
        TableImportOptions options;
        options.label = label;
        options.text = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
        const LoadedTable loaded = CsvTableLoader::load(write(QStringLiteral("in.csv"), content), options);
        QCOMPARE(roles(loaded.schema), expectedRoles);
        QCOMPARE(loaded.table.rowCount(), qsizetype(rows));
        QCOMPARE(toString(loaded.schema.labelKind), labelKind);
    }

    void decimalCommaInSemicolonFiles()
    {
        const LoadedTable loaded = CsvTableLoader::load(write(QStringLiteral("eu.csv"), "a;label\n1,5;x\n-2,25;y\n3;x\n"), {});
        QCOMPARE(loaded.table.columns.at(0).numbers, (std::vector<double>{1.5, -2.25, 3}));
    }

    void numbersAreParsed()
    {
        const LoadedTable loaded = CsvTableLoader::load(write(QStringLiteral("n.csv"), "a,label\n 1.5 ,x\n-2e3,y\n"), {});
        const DataColumn& a = loaded.table.columns.at(0);
        QVERIFY(a.type == ColumnType::Numeric);
        QCOMPARE(a.numbers[0], 1.5);
        QCOMPARE(a.numbers[1], -2000.0);
    }

    void errorsNameFileLineAndColumn_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("options");
        QTest::addColumn<QString>("message");
        QTest::newRow("ragged row") << QByteArray("a,b,label\n1,2,x\n3,4\n") << QString() << QStringLiteral("bad.csv:3: expected 3 fields, found 2");
        QTest::newRow("missing value") << QByteArray("a,b,label\n1,2,x\n3,NA,y\n") << QString() << QStringLiteral("bad.csv:3:2: column 'b' has a missing value");
        QTest::newRow("missing label") << QByteArray("a,label\n1,x\n2,\n3,y\n") << QString() << QStringLiteral("bad.csv:3:2: column 'label' has a missing value");
        QTest::newRow("no label column") << QByteArray("a,b\n1,2\n3,4\n") << QString() << QStringLiteral("which column is the label?");
        QTest::newRow("unknown label") << QByteArray("a,b\n1,2\n3,4\n") << QStringLiteral("label=zz") << QStringLiteral("no column 'zz'");
        QTest::newRow("text feature") << QByteArray("a,b,label\n1,2,x\n3,oops,y\n") << QStringLiteral("features=a,b")
                                      << QStringLiteral("bad.csv:3:2: column 'b' is not numeric ('oops')");
        QTest::newRow("regression on text") << QByteArray("a,label\n1,x\n2,y\n") << QStringLiteral("task=regression")
                                            << QStringLiteral("column 'label' is not numeric");
        QTest::newRow("single class") << QByteArray("a,label\n1,x\n2,x\n") << QString() << QStringLiteral("has a single class 'x'");
        QTest::newRow("bad split value") << QByteArray("a,label,s\n1,x,train\n2,y,holdout\n") << QStringLiteral("split=s")
                                         << QStringLiteral("bad.csv:3:3: split 'holdout'");
        QTest::newRow("only label") << QByteArray("label\nx\ny\n") << QString() << QStringLiteral("no input columns");
        QTest::newRow("empty") << QByteArray("") << QString() << QStringLiteral("bad.csv");
    }

    void errorsNameFileLineAndColumn()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, options);
        QFETCH(QString, message);
        TableImportOptions table;
        for (const QString& pair : options.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
            const QString key = pair.section(QLatin1Char('='), 0, 0), value = pair.section(QLatin1Char('='), 1);
            if (key == QLatin1String("label"))
                table.label = value;
            if (key == QLatin1String("features"))
                table.features = value.split(QLatin1Char(','));
            if (key == QLatin1String("task"))
                table.task = LabelKind::Regression;
            if (key == QLatin1String("split"))
                table.splitColumn = value;
        }
        try {
            CsvTableLoader::load(write(QStringLiteral("bad.csv"), content), table);
            QFAIL("bad input accepted");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::InvalidArgument);
            QVERIFY2(error.message().contains(message), qPrintable(error.message()));
        }
    }

    void missingPolicies()
    {
        const QString path = write(QStringLiteral("m.csv"), "a,b,label\n1,2,x\n3,,y\n5,8,y\n7,?,x\n");
        TableImportOptions options;
        options.missing = TableImportOptions::Missing::Drop;
        LoadedTable dropped = CsvTableLoader::load(path, options);
        QCOMPARE(dropped.table.rowCount(), qsizetype(2));
        QCOMPARE(dropped.table.columns.at(0).numbers, (std::vector<double>{1, 5}));

        options.missing = TableImportOptions::Missing::Mean;
        LoadedTable filled = CsvTableLoader::load(path, options);
        QCOMPARE(filled.table.rowCount(), qsizetype(4));
        QCOMPARE(filled.table.columns.at(1).numbers, (std::vector<double>{2, 5, 8, 5}));
    }

    void splitColumnIsRead()
    {
        TableImportOptions options;
        options.splitColumn = QStringLiteral("part");
        const LoadedTable loaded = CsvTableLoader::load(write(QStringLiteral("s.csv"), "a,label,part\n1,x,train\n2,y,test\n3,x,val\n"), options);
        QCOMPARE(loaded.split, (std::vector<Split>{Split::Train, Split::Test, Split::Val}));
        QVERIFY(loaded.schema.columns.at(2).role == ColumnRole::Ignore);
    }

    void loadLikeMatchesColumnsByName()
    {
        const LoadedTable base = CsvTableLoader::load(write(QStringLiteral("base.csv"), "a,b,label\n1,2,x\n3,4,y\n"), {});
        const LoadedTable more = CsvTableLoader::loadLike(write(QStringLiteral("more.csv"), "label,b,a\nz,6,5\n"), base.schema, {});
        QCOMPARE(more.table.columnNames(), base.table.columnNames());
        QCOMPARE(more.table.columns.at(0).numbers, std::vector<double>{5});
        QCOMPARE(more.table.columns.at(2).texts, QStringList{QStringLiteral("z")});
        try {
            CsvTableLoader::loadLike(write(QStringLiteral("other.csv"), "a,c,label\n1,2,x\n"), base.schema, {});
            QFAIL("different columns accepted");
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(QLatin1String("differ from the dataset's")), qPrintable(error.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TestCsvTableLoader)
#include "TestCsvTableLoader.moc"
