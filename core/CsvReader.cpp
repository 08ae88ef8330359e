#include "CsvReader.h"

#include "Error.h"

#include <QFile>
#include <QFileDevice>
#include <QFileInfo>
#include <QHash>
#include <QIODevice>

#include <algorithm>
#include <cstring>
#include <map>
#include <tuple>
#include <vector>

namespace mb {
namespace {

// Detection stops growing its sample here even without two whole records: the first record
// is then absurdly long, and reading it in full will report that.
constexpr qsizetype kMaxSampleBytes = 64 * 1024 * 1024;
// In order of preference when they split the sample equally well.
constexpr char kCandidates[] = { ',', ';', '\t', '|' };

enum class Scan {
    Record,  // a record ends at ScanResult::end
    Blank,  // an empty line ends at ScanResult::end
    NeedMore,  // the record may go on past the bytes at hand
    End,  // no bytes left
    UnterminatedQuote,  // the input ends inside the quoted field at ScanResult::fieldStart
    TextAfterQuote,  // the quoted field at ScanResult::fieldStart has text after its quote
};

// Where a field's content lies in the buffer, without its quotes.
struct FieldSpan {
    qsizetype begin = 0;
    qsizetype size = 0;
    bool escaped = false;  // holds doubled quotes still to collapse
};

struct ScanResult {
    Scan status = Scan::End;
    qsizetype end = 0;  // just past the record's line break
    qsizetype fieldStart = 0;  // the field that is incomplete or faulty
    int fieldIndex = 0;  // ... and its 0-based index
    qint64 lineBreaks = 0;  // inside quoted fields
    bool nonAscii = false;
};

// The input read so far and where the parse stands in it.
struct Input {
    Input(QIODevice& device, QString name, const CsvOptions& options, bool peekOnly)
        : device(device)
        , name(std::move(name))
        , maxFieldBytes(options.maxFieldBytes)
        , blockBytes(qsizetype(options.blockBytes))
        , peekOnly(peekOnly)
    {
    }

    QIODevice& device;
    QString name;
    qint64 maxFieldBytes;
    qsizetype blockBytes;
    bool peekOnly;  // sniff() must leave the device untouched
    QByteArray buffer;
    qsizetype pos = 0;  // first byte not consumed
    bool eof = false;
    qint64 line = 1;  // the line of the byte at pos
    std::vector<FieldSpan> fields;  // of the last scanned record; kept for its capacity
    QByteArray scratch;
};

[[noreturn]] void fail(const Input& in, const QString& what, qint64 line = 0, int field = 0)
{
    QString where = in.name;
    if (line > 0)
        where += QLatin1Char(':') + QString::number(line);
    if (field > 0)
        where += QLatin1Char(':') + QString::number(field);
    throw Error(ErrorCode::InvalidArgument, where + QStringLiteral(": ") + what);
}

// A CR is a line break of its own unless an LF follows, so CRLF counts once.
qint64 countLineBreaks(const QByteArray& buffer, qsizetype from, qsizetype to)
{
    const char* const data = buffer.constData();
    qint64 count = 0;
    for (qsizetype i = from; i < to; ++i) {
        if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= buffer.size() || data[i + 1] != '\n')))
            ++count;
    }
    return count;
}

qint64 lineAt(const Input& in, qsizetype offset)
{
    return in.line + countLineBreaks(in.buffer, in.pos, offset);
}

// nullptr when a CR is the last byte at hand: its LF may be in the next chunk.
const char* lineBreakEnd(const char* p, const char* end, bool atEof)
{
    if (*p == '\n')
        return p + 1;
    if (p + 1 < end)
        return p[1] == '\n' ? p + 2 : p + 1;
    return atEof ? p + 1 : nullptr;
}

// Splits the record that starts at `from` into `fields`. It reports rather than throws:
// sniffing tries delimiters that may be wrong, and only the caller can name the failure.
ScanResult scanRecord(const QByteArray& buffer, qsizetype from, bool atEof, char delimiter,
    std::vector<FieldSpan>& fields)
{
    const char* const data = buffer.constData();
    const char* const end = data + buffer.size();
    const char* p = data + from;
    ScanResult r;
    fields.clear();
    const auto stop = [&](Scan status, const char* fieldStart) {
        r.status = status;
        r.fieldStart = fieldStart - data;
        r.fieldIndex = int(fields.size());
        return r;
    };

    if (p == end)
        return stop(atEof ? Scan::End : Scan::NeedMore, p);
    if (*p == '\n' || *p == '\r') {
        const char* after = lineBreakEnd(p, end, atEof);
        if (!after)
            return stop(Scan::NeedMore, p);
        r.status = Scan::Blank;
        r.end = after - data;
        return r;
    }

    unsigned char seen = 0;  // every byte OR-ed: bit 7 tells whether UTF-8 needs checking
    for (;;) {
        const char* const fieldStart = p;
        FieldSpan field;
        if (p < end && *p == '"') {
            const char* q = p + 1;
            for (;;) {
                while (q < end && *q != '"') {
                    seen |= static_cast<unsigned char>(*q);
                    if (*q == '\n' || (*q == '\r' && (q + 1 == end || q[1] != '\n')))
                        ++r.lineBreaks;
                    ++q;
                }
                if (q == end)
                    return stop(atEof ? Scan::UnterminatedQuote : Scan::NeedMore, fieldStart);
                // A quote that is the last byte at hand may be the first half of "": that
                // case ends below as NeedMore, like any field that reaches the end.
                if (q + 1 < end && q[1] == '"') {
                    field.escaped = true;
                    q += 2;
                    continue;
                }
                break;
            }
            field.begin = (p + 1) - data;
            field.size = q - (p + 1);
            p = q + 1;
            // Writers that pad columns put blanks after the closing quote; they carry nothing.
            while (p < end && (*p == ' ' || *p == '\t') && *p != delimiter)
                ++p;
            if (p < end && *p != delimiter && *p != '\n' && *p != '\r')
                return stop(Scan::TextAfterQuote, fieldStart);
        } else {
            while (p < end) {
                const char c = *p;
                if (c == delimiter || c == '\n' || c == '\r')
                    break;
                seen |= static_cast<unsigned char>(c);
                ++p;
            }
            field.begin = fieldStart - data;
            field.size = p - fieldStart;
        }

        if (p == end) {
            if (!atEof)
                return stop(Scan::NeedMore, fieldStart);
            fields.push_back(field);
            r.end = end - data;
            break;
        }
        if (*p == delimiter) {
            fields.push_back(field);
            ++p;
            continue;
        }
        const char* after = lineBreakEnd(p, end, atEof);
        if (!after)
            return stop(Scan::NeedMore, fieldStart);
        fields.push_back(field);
        r.end = after - data;
        break;
    }
    r.status = Scan::Record;
    r.nonAscii = (seen & 0x80) != 0;
    return r;
}

// Offset of the first byte that does not belong to well-formed UTF-8 (no overlong forms, no
// surrogates, nothing past U+10FFFF), or -1.
qsizetype invalidUtf8At(const char* text, qsizetype size)
{
    const auto* s = reinterpret_cast<const unsigned char*>(text);
    qsizetype i = 0;
    while (i < size) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int more = 0;
        unsigned char low = 0x80;  // the range allowed for the second byte
        unsigned char high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            more = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            more = 2;
            if (c == 0xE0)
                low = 0xA0;
            else if (c == 0xED)
                high = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            more = 3;
            if (c == 0xF0)
                low = 0x90;
            else if (c == 0xF4)
                high = 0x8F;
        } else {
            return i;
        }
        if (size - i <= more || s[i + 1] < low || s[i + 1] > high)
            return i;
        for (int k = 2; k <= more; ++k) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        }
        i += more + 1;
    }
    return -1;
}

QString fieldText(const char* data, const FieldSpan& field, QByteArray& scratch)
{
    if (!field.escaped)
        return QString::fromUtf8(data + field.begin, field.size);
    scratch.resize(0);
    const char* p = data + field.begin;
    const char* const end = p + field.size;
    while (p < end) {
        // The scan guarantees every quote in the content is the first of a pair.
        const auto* quote = static_cast<const char*>(std::memchr(p, '"', size_t(end - p)));
        const char* const keepTo = quote ? quote + 1 : end;
        scratch.append(p, keepTo - p);
        p = quote ? quote + 2 : end;
    }
    return QString::fromUtf8(scratch);
}

void checkFieldSize(const Input& in, qsizetype fieldStart, qsizetype size, int fieldIndex)
{
    if (size > in.maxFieldBytes) {
        fail(in,
            QStringLiteral("field is larger than %1 bytes (a stray quote can cause this)")
                .arg(in.maxFieldBytes),
            lineAt(in, fieldStart), fieldIndex + 1);
    }
}

void fetch(Input& in, qsizetype bytes)
{
    if (in.peekOnly) {
        const qsizetype wanted = in.buffer.size() + bytes;
        in.buffer = in.device.peek(wanted);
        in.eof = in.buffer.size() < wanted;
        return;
    }
    // Whole blocks even from a device that hands out little at a time (a pipe): every short
    // read would otherwise mean one more rescan of the record in progress.
    const qsizetype had = in.buffer.size();
    in.buffer.resize(had + bytes);
    qsizetype got = 0;
    while (got < bytes) {
        const qint64 n = in.device.read(in.buffer.data() + had + got, bytes - got);
        if (n < 0) {
            throw Error(ErrorCode::Io,
                QStringLiteral("cannot read %1: %2").arg(in.name, in.device.errorString()));
        }
        if (n > 0) {
            got += qsizetype(n);
            continue;
        }
        // A pipe or socket may have nothing yet without being at its end.
        if (!in.device.isSequential() || !in.device.waitForReadyRead(-1)) {
            in.eof = true;
            break;
        }
    }
    in.buffer.resize(had + got);
}

// Reads on when a record runs past the buffer. Asking for at least as much again as is
// buffered keeps the rescans of one huge record linear in its size overall.
void refill(Input& in)
{
    if (!in.peekOnly && in.pos > 0) {
        in.buffer.remove(0, in.pos);
        in.pos = 0;
    }
    fetch(in, std::max(in.blockBytes, in.buffer.size() - in.pos));
}

// Reads the next record into `record`; false at the end of the input.
bool nextRecord(Input& in, char delimiter, CsvRecord& record)
{
    for (;;) {
        const ScanResult r = scanRecord(in.buffer, in.pos, in.eof, delimiter, in.fields);
        switch (r.status) {
        case Scan::End:
            return false;
        case Scan::Blank:
            in.pos = r.end;
            ++in.line;
            continue;
        case Scan::NeedMore:
            // Refuse before a runaway field takes all the memory, not after.
            for (size_t i = 0; i < in.fields.size(); ++i)
                checkFieldSize(in, in.fields[i].begin, in.fields[i].size, int(i));
            checkFieldSize(in, r.fieldStart, in.buffer.size() - r.fieldStart, r.fieldIndex);
            refill(in);
            continue;
        case Scan::UnterminatedQuote:
            fail(in, QStringLiteral("unterminated quoted field"), lineAt(in, r.fieldStart),
                r.fieldIndex + 1);
        case Scan::TextAfterQuote:
            fail(in,
                QStringLiteral("text after the closing quote of a quoted field (a quote inside "
                               "a quoted field must be doubled: \"\")"),
                lineAt(in, r.fieldStart), r.fieldIndex + 1);
        case Scan::Record:
            break;
        }

        const char* const data = in.buffer.constData();
        const int count = int(in.fields.size());
        if (record.fields.size() != count)
            record.fields.resize(count);
        record.line = in.line;
        for (int i = 0; i < count; ++i) {
            const FieldSpan& field = in.fields[size_t(i)];
            checkFieldSize(in, field.begin, field.size, i);
            if (r.nonAscii) {
                const qsizetype bad = invalidUtf8At(data + field.begin, field.size);
                if (bad >= 0) {
                    const auto byte = static_cast<unsigned char>(data[field.begin + bad]);
                    fail(in,
                        QStringLiteral("not valid UTF-8 (byte 0x%1 in field %2); save the file "
                                       "as UTF-8 and import it again")
                            .arg(byte, 2, 16, QLatin1Char('0'))
                            .arg(i + 1),
                        lineAt(in, field.begin + bad));
                }
            }
            record.fields[i] = fieldText(data, field, in.scratch);
        }
        in.line += 1 + r.lineBreaks;
        in.pos = r.end;
        return true;
    }
}

// Calls visit(fields) for each whole record that starts in the sample at hand, without
// consuming anything. False when the sample cannot be split with this delimiter.
template <typename Visit> bool forEachSampleRecord(Input& in, char delimiter, Visit&& visit)
{
    qsizetype at = in.pos;
    for (;;) {
        const ScanResult r = scanRecord(in.buffer, at, in.eof, delimiter, in.fields);
        switch (r.status) {
        case Scan::Record:
            visit(in.fields);
            at = r.end;
            break;
        case Scan::Blank:
            at = r.end;
            break;
        case Scan::NeedMore:
        case Scan::End:
            return true;
        case Scan::UnterminatedQuote:
        case Scan::TextAfterQuote:
            return false;
        }
    }
}

// How a candidate delimiter splits the sample.
struct Split {
    bool clean = false;  // no quoting errors
    int records = 0;
    int width = 0;  // the most common field count
    int agreeing = 0;  // records with that count
};

Split trySplit(Input& in, char delimiter)
{
    std::map<int, int> widths;
    Split split;
    split.clean = forEachSampleRecord(in, delimiter, [&](const std::vector<FieldSpan>& fields) {
        ++widths[int(fields.size())];
        ++split.records;
    });
    for (const auto& [width, records] : widths) {
        if (records >= split.agreeing) {
            split.width = width;
            split.agreeing = records;
        }
    }
    return split;
}

// Reads on until the sample holds two whole records when split with one of `delimiters`,
// the input ends, or the sample reaches its cap.
void growSample(Input& in, const QByteArray& delimiters)
{
    for (;;) {
        int mostRecords = 0;
        for (const char delimiter : delimiters) {
            int records = 0;
            forEachSampleRecord(in, delimiter, [&](const std::vector<FieldSpan>&) { ++records; });
            mostRecords = std::max(mostRecords, records);
        }
        if (mostRecords >= 2 || in.eof || in.buffer.size() - in.pos >= kMaxSampleBytes)
            return;
        refill(in);
    }
}

char detectDelimiter(Input& in)
{
    growSample(in, QByteArray(kCandidates, sizeof kCandidates));
    char chosen = ',';
    bool found = false;
    auto bestRank = std::make_tuple(false, 0.0, false, 0, 0);
    for (int i = 0; i < int(sizeof kCandidates); ++i) {
        const Split split = trySplit(in, kCandidates[i]);
        if (split.width < 2)
            continue;
        // A consistent split beats a partial one; then the comma; then more fields.
        const auto rank = std::make_tuple(split.clean, double(split.agreeing) / split.records,
            kCandidates[i] == ',', split.width, -i);
        if (!found || rank > bestRank) {
            found = true;
            bestRank = rank;
            chosen = kCandidates[i];
        }
    }
    return chosen;
}

// A plain decimal number as spreadsheets and pandas write it; `decimalComma` also accepts
// "1,5", which files using ';' or tab as separator often hold.
bool isNumber(const char* p, const char* end, bool decimalComma)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        ++p;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
        --end;
    if (p < end && (*p == '+' || *p == '-'))
        ++p;
    const auto isWord = [&](const char* word) {
        const qsizetype n = qsizetype(std::strlen(word));
        return end - p == n && qstrnicmp(p, word, size_t(n)) == 0;
    };
    if (isWord("nan") || isWord("inf") || isWord("infinity"))
        return true;
    int digits = 0;
    while (p < end && *p >= '0' && *p <= '9') {
        ++p;
        ++digits;
    }
    if (p < end && (*p == '.' || (decimalComma && *p == ','))) {
        ++p;
        while (p < end && *p >= '0' && *p <= '9') {
            ++p;
            ++digits;
        }
    }
    if (digits == 0)
        return false;
    if (p < end && (*p == 'e' || *p == 'E')) {
        ++p;
        if (p < end && (*p == '+' || *p == '-'))
            ++p;
        const char* const exponent = p;
        while (p < end && *p >= '0' && *p <= '9')
            ++p;
        if (p == exponent)
            return false;
    }
    return p == end;
}

// Index of the first empty or repeated name, or -1; `firstTwin` gets the earlier index of a
// repeated name, -1 for an empty one.
int firstBadName(const QStringList& names, int& firstTwin)
{
    QHash<QString, int> seen;
    for (int i = 0; i < names.size(); ++i) {
        firstTwin = -1;
        if (names[i].isEmpty())
            return i;
        const auto twin = seen.constFind(names[i]);
        if (twin != seen.constEnd()) {
            firstTwin = *twin;
            return i;
        }
        seen.insert(names[i], i);
    }
    return -1;
}

// The Header::Auto rule documented in CsvReader.h.
bool looksLikeHeader(Input& in, char delimiter)
{
    growSample(in, QByteArray(1, delimiter));
    const bool decimalComma = delimiter != ',';
    QStringList names;
    std::vector<bool> firstIsNumber;
    std::vector<int> below;  // per column, in later records: 0 no value, 1 numbers, -1 other
    bool haveFirst = false;
    forEachSampleRecord(in, delimiter, [&](const std::vector<FieldSpan>& fields) {
        const char* const data = in.buffer.constData();
        if (!haveFirst) {
            haveFirst = true;
            for (const FieldSpan& field : fields) {
                names.append(fieldText(data, field, in.scratch).trimmed());
                const char* const begin = data + field.begin;
                firstIsNumber.push_back(isNumber(begin, begin + field.size, decimalComma));
            }
            below.assign(fields.size(), 0);
            return;
        }
        if (fields.size() != below.size())
            return;
        for (size_t i = 0; i < fields.size(); ++i) {
            const char* const begin = data + fields[i].begin;
            const char* const end = begin + fields[i].size;
            if (std::all_of(begin, end, [](char c) { return c == ' ' || c == '\t'; }))
                continue;  // a missing value says nothing about the column
            if (!isNumber(begin, end, decimalComma))
                below[i] = -1;
            else if (below[i] == 0)
                below[i] = 1;
        }
    });

    int firstTwin = -1;
    if (!haveFirst || firstBadName(names, firstTwin) >= 0)
        return false;
    if (std::none_of(firstIsNumber.begin(), firstIsNumber.end(), [](bool b) { return b; }))
        return true;
    for (size_t i = 0; i < below.size(); ++i) {
        if (below[i] == 1 && !firstIsNumber[i])
            return true;
    }
    return false;
}

QStringList headerNames(const Input& in, const CsvRecord& header)
{
    QStringList names;
    names.reserve(header.fields.size());
    for (const QString& field : header.fields)
        names.append(field.trimmed());
    int firstTwin = -1;
    const int bad = firstBadName(names, firstTwin);
    if (bad >= 0 && firstTwin < 0)
        fail(in, QStringLiteral("the header has an empty column name"), header.line, bad + 1);
    if (bad >= 0) {
        fail(in,
            QStringLiteral("the header names two columns \"%1\" (fields %2 and %3)")
                .arg(names[bad])
                .arg(firstTwin + 1)
                .arg(bad + 1),
            header.line, bad + 1);
    }
    return names;
}

QString sourceName(const QIODevice& device, const CsvOptions& options)
{
    if (!options.sourceName.isEmpty())
        return options.sourceName;
    const auto* file = qobject_cast<const QFileDevice*>(&device);
    if (file && !file->fileName().isEmpty())
        return QFileInfo(file->fileName()).fileName();
    return QStringLiteral("input");
}

bool isBlankInput(const Input& in)
{
    return std::all_of(in.buffer.cbegin() + in.pos, in.buffer.cend(), [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
    });
}

// Checks the options and reads the sample that detection looks at.
Input openInput(QIODevice& device, const CsvOptions& options, bool peekOnly)
{
    const char d = options.delimiter;
    if (d == '"' || d == '\r' || d == '\n' || static_cast<unsigned char>(d) > 127) {
        throw Error(ErrorCode::InvalidArgument,
            QStringLiteral("the CSV delimiter must be one ASCII character other than a "
                           "quote or a line break"));
    }
    if (options.maxFieldBytes <= 0 || options.sampleBytes <= 0 || options.blockBytes <= 0) {
        throw Error(ErrorCode::InvalidArgument,
            QStringLiteral("the CSV field, sample and block sizes must be positive"));
    }
    Input in(device, sourceName(device, options), options, peekOnly);
    if (!device.isReadable()) {
        throw Error(ErrorCode::Io,
            QStringLiteral("cannot read %1: it is not open for reading").arg(in.name));
    }
    // At least enough for a byte order mark.
    fetch(in, qsizetype(std::max(options.sampleBytes, qint64(4))));

    if (in.buffer.startsWith("\xEF\xBB\xBF"))
        in.pos = 3;
    else if (in.buffer.startsWith("\xFF\xFE") || in.buffer.startsWith("\xFE\xFF"))
        fail(in, QStringLiteral("the file is UTF-16 text; save the file as UTF-8"));
    // Blanks alone make an empty file, however small the sample.
    while (!in.eof && isBlankInput(in) && in.buffer.size() - in.pos < kMaxSampleBytes)
        refill(in);
    if (in.eof && isBlankInput(in))
        fail(in, QStringLiteral("file is empty"));
    return in;
}

// Settles the dialect and consumes the first record: the header, or else the first data
// record, left in `first`.
CsvDialect startReading(Input& in, const CsvOptions& options, CsvRecord& first)
{
    CsvDialect dialect;
    dialect.delimiter = options.delimiter != 0 ? options.delimiter : detectDelimiter(in);
    switch (options.header) {
    case CsvOptions::Header::Auto:
        dialect.hasHeader = looksLikeHeader(in, dialect.delimiter);
        break;
    case CsvOptions::Header::Yes:
        dialect.hasHeader = true;
        break;
    case CsvOptions::Header::No:
        dialect.hasHeader = false;
        break;
    }
    if (!nextRecord(in, dialect.delimiter, first))
        fail(in, QStringLiteral("file is empty"));
    if (dialect.hasHeader) {
        dialect.columns = headerNames(in, first);
    } else {
        for (int i = 0; i < first.fields.size(); ++i)
            dialect.columns.append(QStringLiteral("c%1").arg(i));
    }
    return dialect;
}

CsvReader::RecordHandler appendTo(CsvTable& table)
{
    return [&table](const CsvRecord& record) { table.rows.append(record); };
}

}  // namespace

CsvReader::CsvReader(CsvOptions options)
    : m_options(std::move(options))
{
}

CsvDialect CsvReader::read(QIODevice& device, const RecordHandler& onRecord)
{
    Input in = openInput(device, m_options, false);
    CsvRecord record;
    m_dialect = startReading(in, m_options, record);
    const int width = m_dialect.columns.size();
    qint64 rows = 0;
    if (!m_dialect.hasHeader) {
        onRecord(record);
        ++rows;
    }
    while (nextRecord(in, m_dialect.delimiter, record)) {
        if (record.fields.size() != width) {
            fail(in,
                QStringLiteral("expected %1 fields, found %2").arg(width).arg(record.fields.size()),
                record.line);
        }
        onRecord(record);
        ++rows;
    }
    if (rows == 0)
        fail(in, QStringLiteral("has a header but no data rows"));
    return m_dialect;
}

CsvDialect CsvReader::readFile(
    const QString& path, const RecordHandler& onRecord, const CsvOptions& options)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(
            ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    CsvReader reader(options);
    return reader.read(file, onRecord);
}

CsvTable CsvReader::readAll(QIODevice& device, const CsvOptions& options)
{
    CsvTable table;
    CsvReader reader(options);
    table.dialect = reader.read(device, appendTo(table));
    return table;
}

CsvTable CsvReader::readAll(const QString& path, const CsvOptions& options)
{
    CsvTable table;
    table.dialect = readFile(path, appendTo(table), options);
    return table;
}

CsvDialect CsvReader::sniff(QIODevice& device, const CsvOptions& options)
{
    Input in = openInput(device, options, true);
    CsvRecord first;
    return startReading(in, options, first);
}

}  // namespace mb
