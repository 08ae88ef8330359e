#include "CsvReader.h"
#include "Error.h"

#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <memory>

using namespace mb;

using Rows = QList<QStringList>;
using Header = CsvOptions::Header;

Q_DECLARE_METATYPE(mb::CsvOptions::Header)

namespace {

// Hands the bytes out a few at a time, as a slow pipe does, so that record boundaries, CRLF
// pairs, doubled quotes and UTF-8 sequences fall across reads.
class TrickleDevice : public QIODevice {
public:
    TrickleDevice(QByteArray data, qint64 step)
        : m_data(std::move(data))
        , m_step(step)
    {
    }

    bool isSequential() const override { return true; }

protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        const qint64 n = std::min({ maxSize, m_step, qint64(m_data.size()) - m_at });
        std::memcpy(data, m_data.constData() + m_at, size_t(n));
        m_at += n;
        return n;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_step;
    qint64 m_at = 0;
};

Rows fieldsOf(const CsvTable& table)
{
    Rows rows;
    for (const CsvRecord& record : table.rows)
        rows.append(record.fields);
    return rows;
}

QList<qint64> linesOf(const CsvTable& table)
{
    QList<qint64> lines;
    for (const CsvRecord& record : table.rows)
        lines.append(record.line);
    return lines;
}

}  // namespace

class TestCsvReader : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;

    QString write(const QByteArray& content, const QString& name = QStringLiteral("name.csv"))
    {
        const QString path = m_dir->filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    // Through readFile(), the streaming entry point, as the importer uses it.
    static CsvTable readPath(const QString& path, const CsvOptions& options = {})
    {
        CsvTable table;
        table.dialect = CsvReader::readFile(
            path, [&](const CsvRecord& record) { table.rows.append(record); }, options);
        return table;
    }

    static QString errorOf(const std::function<void()>& action, ErrorCode expectedCode)
    {
        try {
            action();
        } catch (const Error& error) {
            if (error.code() != expectedCode)
                return QStringLiteral("wrong code: ") + error.message();
            return error.message();
        }
        return QStringLiteral("no error");
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void cleanup() { m_dir.reset(); }

    void parses_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<char>("delimiter");
        QTest::addColumn<Header>("header");
        QTest::addColumn<char>("expectedDelimiter");
        QTest::addColumn<bool>("expectedHeader");
        QTest::addColumn<QStringList>("columns");
        QTest::addColumn<Rows>("rows");

        const QStringList ab { "a", "b" };
        const QStringList c01 { "c0", "c1" };
        const Rows numbers { { "1", "2" }, { "3", "4" } };

        // Quoting (RFC 4180).
        QTest::newRow("quoted delimiter")
            << QByteArray("name,price\n\"Smith, John\",3\n") << '\0' << Header::Auto << ',' << true
            << QStringList { "name", "price" } << Rows { { "Smith, John", "3" } };
        QTest::newRow("quoted LF") << QByteArray("id,text\n1,\"line one\nline two\"\n2,x\n") << '\0'
                                   << Header::Auto << ',' << true << QStringList { "id", "text" }
                                   << Rows { { "1", "line one\nline two" }, { "2", "x" } };
        QTest::newRow("quoted CRLF")
            << QByteArray("id,text\r\n1,\"a\r\nb\"\r\n2,c\r\n") << '\0' << Header::Auto << ','
            << true << QStringList { "id", "text" } << Rows { { "1", "a\r\nb" }, { "2", "c" } };
        QTest::newRow("doubled quotes")
            << QByteArray("id,quote\n1,\"she said \"\"hi\"\"\"\n2,\"\"\"\"\n3,\"\"\n") << '\0'
            << Header::Auto << ',' << true << QStringList { "id", "quote" }
            << Rows { { "1", "she said \"hi\"" }, { "2", "\"" }, { "3", "" } };
        QTest::newRow("quote inside unquoted field is text")
            << QByteArray("height,name\n5'11\",x\n") << '\0' << Header::Auto << ',' << true
            << QStringList { "height", "name" } << Rows { { "5'11\"", "x" } };
        QTest::newRow("blanks after closing quote")
            << QByteArray("a,b\n\"x\"  ,y\n") << '\0' << Header::Auto << ',' << true << ab
            << Rows { { "x", "y" } };
        QTest::newRow("empty and missing values")
            << QByteArray("a,b\n,\n\"\",1\n") << '\0' << Header::Auto << ',' << true << ab
            << Rows { { "", "" }, { "", "1" } };
        QTest::newRow("trailing empty field")
            << QByteArray("a,b,c\n1,2,\n") << '\0' << Header::Auto << ',' << true
            << QStringList { "a", "b", "c" } << Rows { { "1", "2", "" } };

        // Line ends, BOM, blank lines.
        QTest::newRow("LF") << QByteArray("a,b\n1,2\n3,4\n") << '\0' << Header::Auto << ',' << true
                            << ab << numbers;
        QTest::newRow("CRLF") << QByteArray("a,b\r\n1,2\r\n3,4\r\n") << '\0' << Header::Auto << ','
                              << true << ab << numbers;
        QTest::newRow("lone CR") << QByteArray("a,b\r1,2\r3,4\r") << '\0' << Header::Auto << ','
                                 << true << ab << numbers;
        QTest::newRow("mixed line ends")
            << QByteArray("a,b\r\n1,2\n3,4\r5,6") << '\0' << Header::Auto << ',' << true << ab
            << Rows { { "1", "2" }, { "3", "4" }, { "5", "6" } };
        QTest::newRow("no trailing newline")
            << QByteArray("a,b\n1,2\n3,4") << '\0' << Header::Auto << ',' << true << ab << numbers;
        QTest::newRow("blank lines") << QByteArray("\n\na,b\n\n1,2\r\n\r\n\n3,4\n\n") << '\0'
                                     << Header::Auto << ',' << true << ab << numbers;
        QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBFname,city\nJos\xC3\xA9,Z\xC3\xBCrich\n")
                             << '\0' << Header::Auto << ',' << true
                             << QStringList { "name", "city" }
                             << Rows { { QString::fromUtf8("Jos\xC3\xA9"),
                                    QString::fromUtf8("Z\xC3\xBCrich") } };

        // Delimiter detection and override.
        QTest::newRow("semicolon, decimal commas")
            << QByteArray("a;b;c\n1,5;2,5;3\n") << '\0' << Header::Auto << ';' << true
            << QStringList { "a", "b", "c" } << Rows { { "1,5", "2,5", "3" } };
        QTest::newRow("tab") << QByteArray("a\tb\n1\t2\n3\t4\n") << '\0' << Header::Auto << '\t'
                             << true << ab << numbers;
        QTest::newRow("pipe") << QByteArray("a|b\n1|2\n3|4\n") << '\0' << Header::Auto << '|'
                              << true << ab << numbers;
        QTest::newRow("quoted semicolons")
            << QByteArray("\"a;b\";c\n\"1;2\";3\n") << '\0' << Header::Auto << ';' << true
            << QStringList { "a;b", "c" } << Rows { { "1;2", "3" } };
        QTest::newRow("tie goes to comma")
            << QByteArray("x,y;z\n1,2;3\n") << '\0' << Header::Auto << ',' << true
            << QStringList { "x", "y;z" } << Rows { { "1", "2;3" } };
        QTest::newRow("explicit semicolon")
            << QByteArray("x,y;z\n1,2;3\n") << ';' << Header::Auto << ';' << true
            << QStringList { "x,y", "z" } << Rows { { "1,2", "3" } };
        QTest::newRow("explicit pipe, one column")
            << QByteArray("a;b\n1;2\n") << '|' << Header::Auto << '|' << true
            << QStringList { "a;b" } << Rows { { "1;2" } };
        QTest::newRow("single column")
            << QByteArray("value\n1\n2\n") << '\0' << Header::Auto << ',' << true
            << QStringList { "value" } << Rows { { "1" }, { "2" } };

        // Header detection and override.
        QTest::newRow("header over label and numbers")
            << QByteArray("label,x,y\ncat,1,2e-3\n") << '\0' << Header::Auto << ',' << true
            << QStringList { "label", "x", "y" } << Rows { { "cat", "1", "2e-3" } };
        QTest::newRow("label first, no header")
            << QByteArray("cat,1.5,2\ndog,3,-4.25\n") << '\0' << Header::Auto << ',' << false
            << QStringList { "c0", "c1", "c2" }
            << Rows { { "cat", "1.5", "2" }, { "dog", "3", "-4.25" } };
        QTest::newRow("numbers only, no header")
            << QByteArray("1,2\n3,4\n") << '\0' << Header::Auto << ',' << false << c01 << numbers;
        QTest::newRow("all text has a header")
            << QByteArray("name,category\nshoe,apparel\nlamp,home\n") << '\0' << Header::Auto << ','
            << true << QStringList { "name", "category" }
            << Rows { { "shoe", "apparel" }, { "lamp", "home" } };
        QTest::newRow("repeated names are data")
            << QByteArray("a,a\nb,c\n") << '\0' << Header::Auto << ',' << false << c01
            << Rows { { "a", "a" }, { "b", "c" } };
        QTest::newRow("header names trimmed, fields not")
            << QByteArray(" a , b \n1, 2\n") << '\0' << Header::Auto << ',' << true << ab
            << Rows { { "1", " 2" } };
        QTest::newRow("header No") << QByteArray("a,b\n1,2\n") << '\0' << Header::No << ',' << false
                                   << c01 << Rows { { "a", "b" }, { "1", "2" } };
        QTest::newRow("header Yes") << QByteArray("1,2\n3,4\n") << '\0' << Header::Yes << ','
                                    << true << QStringList { "1", "2" } << Rows { { "3", "4" } };
    }

    void parses()
    {
        QFETCH(QByteArray, input);
        QFETCH(char, delimiter);
        QFETCH(Header, header);
        QFETCH(char, expectedDelimiter);
        QFETCH(bool, expectedHeader);
        QFETCH(QStringList, columns);
        QFETCH(Rows, rows);

        CsvOptions options;
        options.delimiter = delimiter;
        options.header = header;
        const CsvTable table = readPath(write(input), options);
        QCOMPARE(table.dialect.delimiter, expectedDelimiter);
        QCOMPARE(table.dialect.hasHeader, expectedHeader);
        QCOMPARE(table.dialect.columns, columns);
        QCOMPARE(fieldsOf(table), rows);
    }

    // The same inputs read in blocks of a few bytes, from a device that hands out even less at
    // a time, give the same records on the same lines: every record boundary, CRLF pair,
    // doubled quote and UTF-8 sequence then falls across reads somewhere.
    void parsesInPieces_data() { parses_data(); }

    void parsesInPieces()
    {
        QFETCH(QByteArray, input);
        QFETCH(char, delimiter);
        QFETCH(Header, header);

        CsvOptions options;
        options.delimiter = delimiter;
        options.header = header;
        const CsvTable whole = readPath(write(input), options);
        options.sampleBytes = 1;
        for (const qint64 step : { 1, 2, 3, 7 }) {
            options.blockBytes = step;
            TrickleDevice device(input, std::max<qint64>(1, step - 1));
            QVERIFY(device.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
            const CsvTable table = CsvReader::readAll(device, options);
            QCOMPARE(table.dialect.delimiter, whole.dialect.delimiter);
            QCOMPARE(table.dialect.columns, whole.dialect.columns);
            QCOMPARE(fieldsOf(table), fieldsOf(whole));
            QCOMPARE(linesOf(table), linesOf(whole));
        }
    }

    void recordLines_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QList<qint64>>("lines");

        QTest::newRow("plain") << QByteArray("a,b\n1,2\n3,4\n") << QList<qint64> { 2, 3 };
        QTest::newRow("blank lines")
            << QByteArray("\na,b\n\n\n1,2\n\n3,4") << QList<qint64> { 5, 7 };
        QTest::newRow("multi-line fields")
            << QByteArray("a,b\n\n1,2\n\"x\ny\",3\r\n4,\"p\r\nq\r\nr\"\r5,6\n")
            << QList<qint64> { 3, 4, 6, 9 };
        QTest::newRow("BOM and lone CR") << QByteArray("\xEF\xBB\xBF"
                                                       "a,b\r\r1,2\r3,4")
                                         << QList<qint64> { 3, 4 };
    }

    void recordLines()
    {
        QFETCH(QByteArray, input);
        QFETCH(QList<qint64>, lines);

        QCOMPARE(linesOf(readPath(write(input))), lines);
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<char>("delimiter");
        QTest::addColumn<Header>("header");
        QTest::addColumn<qint64>("maxFieldBytes");
        QTest::addColumn<QString>("message");  // the start of it

        const qint64 big = CsvOptions().maxFieldBytes;
        QTest::newRow("short row") << QByteArray("a,b,c\n1,2,3\n4,5\n") << '\0' << Header::Auto
                                   << big << "name.csv:3: expected 3 fields, found 2";
        QTest::newRow("long row after a multi-line field")
            << QByteArray("a,b\n\"x\ny\",2\n3,4,5\n") << '\0' << Header::Auto << big
            << "name.csv:4: expected 2 fields, found 3";
        QTest::newRow("short row after blank lines")
            << QByteArray("a,b\n\n1,2\n\n3\n") << '\0' << Header::Auto << big
            << "name.csv:5: expected 2 fields, found 1";
        QTest::newRow("row longer than the first, no header")
            << QByteArray("1,2\n3,4,5\n") << '\0' << Header::No << big
            << "name.csv:2: expected 2 fields, found 3";
        QTest::newRow("empty") << QByteArray() << '\0' << Header::Auto << big
                               << "name.csv: file is empty";
        QTest::newRow("only BOM") << QByteArray("\xEF\xBB\xBF") << '\0' << Header::Auto << big
                                  << "name.csv: file is empty";
        QTest::newRow("only blanks")
            << QByteArray(" \r\n\t\n\n") << '\0' << Header::No << big << "name.csv: file is empty";
        QTest::newRow("only a header") << QByteArray("a,b,c\n") << '\0' << Header::Auto << big
                                       << "name.csv: has a header but no data rows";
        QTest::newRow("only a header, Yes") << QByteArray("1,2\n\n") << '\0' << Header::Yes << big
                                            << "name.csv: has a header but no data rows";
        QTest::newRow("Latin-1 byte")
            << QByteArray("name,city\nJos\xE9,Paris\n") << '\0' << Header::Auto << big
            << "name.csv:2: not valid UTF-8 (byte 0xe9 in field 1); "
               "save the file as UTF-8";
        QTest::newRow("cut sequence in a multi-line field")
            << QByteArray("a,b\n1,\"x\ny\xC3\"\n") << '\0' << Header::Auto << big
            << "name.csv:3: not valid UTF-8 (byte 0xc3 in field 2)";
        QTest::newRow("overlong form") << QByteArray("a\n\xC0\xAF\n") << '\0' << Header::Auto << big
                                       << "name.csv:2: not valid UTF-8 (byte 0xc0";
        QTest::newRow("surrogate") << QByteArray("a\nx\xED\xA0\x80\n") << '\0' << Header::Auto
                                   << big << "name.csv:2: not valid UTF-8 (byte 0xed";
        QTest::newRow("UTF-16") << QByteArray("\xFF\xFE"
                                              "a\0,\0b\0",
            8) << '\0' << Header::Auto
                                << big
                                << "name.csv: the file is UTF-16 text; save the file as UTF-8";
        QTest::newRow("unterminated quote")
            << QByteArray("a,b\n1,\"abc\n2,3\n") << '\0' << Header::Auto << big
            << "name.csv:2:2: unterminated quoted field";
        QTest::newRow("unterminated quote on a later line")
            << QByteArray("a,b\n\"x\ny\",\"z\n") << '\0' << Header::Auto << big
            << "name.csv:3:2: unterminated quoted field";
        QTest::newRow("text after closing quote")
            << QByteArray("a,b\n1,\"abc\"def\n") << '\0' << Header::Auto << big
            << "name.csv:2:2: text after the closing quote of a quoted field";
        QTest::newRow("repeated header name")
            << QByteArray("a,b,a\n1,2,3\n") << '\0' << Header::Yes << big
            << "name.csv:1:3: the header names two columns \"a\" "
               "(fields 1 and 3)";
        QTest::newRow("empty header name")
            << QByteArray("a,,c\n1,2,3\n") << '\0' << Header::Yes << big
            << "name.csv:1:2: the header has an empty column name";
        QTest::newRow("blank header name")
            << QByteArray("a, ,c\n1,2,3\n") << '\0' << Header::Yes << big
            << "name.csv:1:2: the header has an empty column name";
        QTest::newRow("field over the limit")
            << QByteArray("a,b\n1,123456789\n") << '\0' << Header::Auto << qint64(8)
            << "name.csv:2:2: field is larger than 8 bytes";
        // Past the sample, so the reader must refuse before it reaches the end of the input.
        QTest::newRow("runaway quote over the limit")
            << QByteArray("a,b\n1,\"") + QByteArray(3 << 20, 'x') << ',' << Header::Yes
            << qint64(1 << 20) << "name.csv:2:2: field is larger than 1048576 bytes";
        QTest::newRow("quote as delimiter") << QByteArray("a,b\n1,2\n") << '"' << Header::Auto
                                            << big << "the CSV delimiter must be";
    }

    void rejects()
    {
        QFETCH(QByteArray, input);
        QFETCH(char, delimiter);
        QFETCH(Header, header);
        QFETCH(qint64, maxFieldBytes);
        QFETCH(QString, message);

        CsvOptions options;
        options.delimiter = delimiter;
        options.header = header;
        options.maxFieldBytes = maxFieldBytes;
        const QString path = write(input);
        const QString error = errorOf([&] { readPath(path, options); }, ErrorCode::InvalidArgument);
        QVERIFY2(error.startsWith(message), qPrintable(error));
    }

    void largeField_data()
    {
        QTest::addColumn<bool>("quoted");
        QTest::newRow("unquoted") << false;
        QTest::newRow("quoted, with line breaks and quotes") << true;
    }

    void largeField()
    {
        QFETCH(bool, quoted);

        QByteArray value(1 << 20, 'v');
        qint64 breaks = 0;
        if (quoted) {
            for (int i = 1000; i < value.size(); i += 4096) {
                value[i] = '\n';
                value[i + 1] = '"';
                ++breaks;
            }
        }
        QByteArray written = value;
        if (quoted)
            written = '"' + written.replace("\"", "\"\"") + '"';
        const QByteArray input = "id,text,n\n1,short,1\n2," + written + ",2\n3,after,3\n";

        const CsvTable table = readPath(write(input));
        QCOMPARE(table.rows.size(), 3);
        QCOMPARE(table.rows[1].fields[1].size(), value.size());
        QCOMPARE(table.rows[1].fields[1], QString::fromLatin1(value));
        QCOMPARE(table.rows[2].fields, (QStringList { "3", "after", "3" }));
        QCOMPARE(table.rows[2].line, 4 + breaks);
    }

    // Several MiB, so that records, CRLF pairs, doubled quotes and UTF-8 sequences fall on the
    // reader's chunk boundaries in a real file.
    void manyRecordsAcrossChunks()
    {
        const int count = 60000;
        const QString accent = QString::fromUtf8("\xC3\xA9\xE2\x82\xAC");
        QByteArray input = "id,note,word\r\n";
        for (int i = 0; i < count; ++i) {
            input += QByteArray::number(i) + ",\"say \"\"" + QByteArray::number(i * 7)
                + "\"\"\r\nnow\"," + accent.toUtf8() + QByteArray::number(i % 13) + "\r\n";
            if (i % 1000 == 999)
                input += "\r\n";
        }
        QVERIFY(input.size() > 2 * 1024 * 1024);

        int seen = 0;
        qint64 expectedLine = 2;
        bool allMatch = true;
        CsvReader::readFile(write(input), [&](const CsvRecord& record) {
            const QStringList expected { QString::number(seen),
                QStringLiteral("say \"%1\"\r\nnow").arg(seen * 7),
                accent + QString::number(seen % 13) };
            if (record.fields != expected || record.line != expectedLine) {
                if (allMatch)
                    qWarning() << "record" << seen << record.line << record.fields;
                allMatch = false;
            }
            expectedLine += 2 + (seen % 1000 == 999 ? 1 : 0);
            ++seen;
        });
        QVERIFY(allMatch);
        QCOMPARE(seen, count);
    }

    void sniffLeavesTheDeviceAlone()
    {
        QByteArray input = "x;y\n1;2\n3;4\n";
        QBuffer buffer(&input);
        QVERIFY(buffer.open(QIODevice::ReadOnly));

        const CsvDialect sniffed = CsvReader::sniff(buffer);
        QCOMPARE(sniffed.delimiter, ';');
        QVERIFY(sniffed.hasHeader);
        QCOMPARE(sniffed.columns, (QStringList { "x", "y" }));
        QCOMPARE(buffer.pos(), qint64(0));

        CsvReader reader;
        QStringList seenColumns;
        int rows = 0;
        const CsvDialect read = reader.read(buffer, [&](const CsvRecord&) {
            seenColumns = reader.dialect().columns;
            ++rows;
        });
        QCOMPARE(rows, 2);
        QCOMPARE(seenColumns, sniffed.columns);
        QCOMPARE(read.delimiter, sniffed.delimiter);
        QCOMPARE(read.columns, sniffed.columns);
    }

    void messagesNameTheSource()
    {
        QByteArray input = "a,b\n1\n";
        QBuffer buffer(&input);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        QCOMPARE(errorOf([&] { CsvReader::readAll(buffer); }, ErrorCode::InvalidArgument),
            QStringLiteral("input:2: expected 2 fields, found 1"));

        CsvOptions options;
        options.sourceName = QStringLiteral("upload 3");
        QVERIFY(buffer.seek(0));
        QCOMPARE(errorOf([&] { CsvReader::readAll(buffer, options); }, ErrorCode::InvalidArgument),
            QStringLiteral("upload 3:2: expected 2 fields, found 1"));

        const QString path = write(input, QStringLiteral("other.csv"));
        QCOMPARE(errorOf([&] { CsvReader::readAll(path); }, ErrorCode::InvalidArgument),
            QStringLiteral("other.csv:2: expected 2 fields, found 1"));
    }

    void unreadableFileIsIo()
    {
        const QString path = m_dir->filePath(QStringLiteral("missing.csv"));
        const QString error = errorOf([&] { readPath(path); }, ErrorCode::Io);
        QVERIFY2(error.startsWith(QStringLiteral("cannot read ") + path + QStringLiteral(": ")),
            qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestCsvReader)
#include "TestCsvReader.moc"
