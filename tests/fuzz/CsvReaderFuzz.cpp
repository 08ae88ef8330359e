// libFuzzer target for mb::CsvReader. Besides crashes and sanitizer findings it checks what
// must hold for any input: records have as many fields as there are columns and start on
// increasing lines; sniff() sees the dialect read() used; and reading the same input in tiny
// blocks with that dialect given gives the same records and the same error, so the buffer
// boundaries of the streaming parse cannot change a result.
#include "CsvReader.h"
#include "Error.h"

#include <QBuffer>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

struct Outcome {
    mb::CsvDialect dialect;  // stays default (no columns) when reading failed before it settled
    QList<mb::CsvRecord> rows;
    QString error;
};

Outcome readAll(const QByteArray& bytes, const mb::CsvOptions& options)
{
    QByteArray copy = bytes;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    mb::CsvReader reader(options);
    Outcome outcome;
    try {
        reader.read(buffer, [&](const mb::CsvRecord& record) { outcome.rows.append(record); });
    } catch (const mb::Error& error) {
        outcome.error = error.message();
    }
    outcome.dialect = reader.dialect();
    return outcome;
}

void require(bool holds, const char* what)
{
    if (!holds) {
        std::fprintf(stderr, "broken invariant: %s\n", what);
        std::abort();
    }
}

void requireSameRows(const Outcome& a, const Outcome& b)
{
    require(a.rows.size() == b.rows.size(), "same number of records");
    for (int i = 0; i < a.rows.size(); ++i) {
        require(a.rows[i].fields == b.rows[i].fields, "same fields");
        require(a.rows[i].line == b.rows[i].line, "same line");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    mb::CsvOptions options;  // auto delimiter, auto header
    options.sourceName = QStringLiteral("fuzz.csv");

    const Outcome whole = readAll(bytes, options);
    require(!whole.error.isEmpty() || !whole.rows.isEmpty(), "a successful read has records");
    require(whole.error.isEmpty() || whole.error.startsWith(QStringLiteral("fuzz.csv")),
        "errors name the source");
    qint64 lastLine = 0;
    for (const mb::CsvRecord& record : whole.rows) {
        require(record.fields.size() == whole.dialect.columns.size(), "fields match columns");
        require(record.line > lastLine, "lines increase");
        lastLine = record.line;
    }
    if (whole.dialect.columns.isEmpty())
        return 0;

    {
        QByteArray copy = bytes;
        QBuffer buffer(&copy);
        buffer.open(QIODevice::ReadOnly);
        try {
            const mb::CsvDialect sniffed = mb::CsvReader::sniff(buffer, options);
            require(sniffed.delimiter == whole.dialect.delimiter, "sniff: same delimiter");
            require(sniffed.hasHeader == whole.dialect.hasHeader, "sniff: same header");
            require(sniffed.columns == whole.dialect.columns, "sniff: same columns");
            require(buffer.pos() == 0, "sniff does not consume");
        } catch (const mb::Error&) {
            require(false, "sniff fails where read got past the first record");
        }
    }

    mb::CsvOptions pieces = options;
    pieces.delimiter = whole.dialect.delimiter;
    pieces.header
        = whole.dialect.hasHeader ? mb::CsvOptions::Header::Yes : mb::CsvOptions::Header::No;
    pieces.sampleBytes = 1 + qint64(size % 7);
    pieces.blockBytes = 1 + qint64(size % 13);
    const Outcome inPieces = readAll(bytes, pieces);
    require(inPieces.error == whole.error, "in pieces: same error");
    require(inPieces.dialect.columns == whole.dialect.columns, "in pieces: same columns");
    requireSameRows(whole, inPieces);
    return 0;
}
