#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class QIODevice;

namespace mb {

// How to read a CSV file. The defaults suit the files users bring from spreadsheets, pandas
// and databases: detect everything, accept fields up to 64 MiB.
struct CsvOptions {
    enum class Header {
        Auto,  // decide from the data (rule in CsvReader's comment)
        Yes,  // the first record names the columns
        No,  // every record is data; the columns are named c0, c1, ...
    };

    // Field separator. 0 (default) = detect among ',' ';' '\t' '|'. Otherwise any ASCII
    // character except '"', CR and LF.
    char delimiter = 0;
    // Whether the first record is a header. Default: Auto.
    Header header = Header::Auto;
    // Names the input in error messages ("<sourceName>:17: ..."). Default (empty): the file's
    // name without its folder, or "input" when the device is not a file.
    QString sourceName;
    // Largest field accepted, in bytes as stored. A larger field is an error: it guards the
    // memory against a stray quote that would swallow the rest of a huge file. Default 64 MiB.
    qint64 maxFieldBytes = qint64(64) * 1024 * 1024;
    // How much of the start of the input delimiter and header detection look at; they read on
    // while it holds fewer than two whole records. Default 64 KiB.
    qint64 sampleBytes = 64 * 1024;
    // How much is read from the device at a time (more for a record that does not fit).
    // Memory use is about this plus the longest record. Default 1 MiB.
    qint64 blockBytes = 1024 * 1024;
};

// What a CSV input turned out to be; an import wizard shows it and lets the user override.
struct CsvDialect {
    char delimiter = ',';
    bool hasHeader = false;
    QStringList columns;  // the header's names, trimmed; without a header c0 .. c<N-1>
};

// One data record (the header is never passed as a record).
struct CsvRecord {
    QStringList fields;  // exactly as many as CsvDialect::columns, not trimmed
    qint64 line = 0;  // 1-based physical line on which the record starts
};

// A whole input in memory: for small files and tests.
struct CsvTable {
    CsvDialect dialect;
    QList<CsvRecord> rows;
};

// Reads the CSV files users bring (RFC 4180, plus what spreadsheets and pandas write) as a
// stream of records, so a file of any length is read in bounded memory: one record and one
// block of input (CsvOptions::blockBytes) at a time.
//
// Accepted: quoted fields holding delimiters, line breaks (kept as written) and doubled
// quotes ""; LF, CRLF and lone CR line ends; a last line with or without a line break; UTF-8
// with or without a byte order mark (dropped). Empty physical lines outside quotes are
// skipped. A quote inside an unquoted field is kept as text, and blanks between a closing
// quote and the next delimiter are ignored.
//
// Rejected with mb::Error(InvalidArgument) whose message names the input, the 1-based line on
// which the record starts and, where it applies, the 1-based field ("data.csv:17: expected 14
// fields, found 13", "data.csv:3:2: unterminated quoted field"): a record whose field count
// differs from the first record's, an unterminated quote, text after a closing quote, bytes
// that are not UTF-8 (also a UTF-16 file), a field over maxFieldBytes, an empty or duplicate
// header name, an input that is empty or blank, and a header with no data rows after it.
// A failing device throws mb::Error(Io).
//
// Delimiter detection (CsvOptions::delimiter == 0) looks at the whole records in the first
// CsvOptions::sampleBytes (more if that does not hold two of them) and splits them, respecting
// quotes, with each candidate. It picks the candidate whose field count is the same on every
// record and greater than 1; when several do, the comma, then the one giving more fields.
// When none is consistent, the one agreeing on most records wins, so that the reader then
// reports the ragged line. When no candidate gives more than one field: the comma.
//
// Header detection (Header::Auto) on the same sample: the first record is a header when its
// fields, trimmed, are all non-empty and distinct, and either
//   - some column whose values in the later sampled records are all numbers (blanks aside)
//     holds a non-number in the first record, or
//   - no field of the first record is a number.
// So a file of text only (names, categories) is taken to have a header, and a file whose
// first record already holds numbers (label first, features after) is taken to have none.
// Set Header::Yes or Header::No when the guess is wrong.
//
// Thread-safety: an instance reads one input at a time on one thread; distinct instances and
// the static functions may run concurrently. Ownership: the reader neither owns nor closes
// the device; read() consumes it from its current position to its end, sniff() only peeks.
class CsvReader {
public:
    using RecordHandler = std::function<void(const CsvRecord&)>;

    explicit CsvReader(CsvOptions options = {});

    const CsvOptions& options() const { return m_options; }
    // The dialect of the input being read: set before the first record is handed over.
    const CsvDialect& dialect() const { return m_dialect; }

    // Reads `device` (open for reading) to its end and calls `onRecord` for every data record,
    // in order. The record object is reused between calls: copy what you keep (copying is
    // cheap, Qt containers are shared). Returns the dialect. Throws as described above;
    // exceptions from `onRecord` propagate and stop the reading.
    CsvDialect read(QIODevice& device, const RecordHandler& onRecord);

    // Opens the file at `path` and reads it like read(). Throws Io "cannot read <path>: ..."
    // when the file cannot be opened.
    static CsvDialect readFile(
        const QString& path, const RecordHandler& onRecord, const CsvOptions& options = {});

    // read() / readFile() collecting every record: for small inputs and tests.
    static CsvTable readAll(QIODevice& device, const CsvOptions& options = {});
    static CsvTable readAll(const QString& path, const CsvOptions& options = {});

    // Detects the dialect from the start of `device` without consuming it (it peeks), for an
    // import wizard to show before the import. Throws like read() for what the first record
    // and the sample show (empty input, bad header, ...); later lines are not checked.
    static CsvDialect sniff(QIODevice& device, const CsvOptions& options = {});

private:
    CsvOptions m_options;
    CsvDialect m_dialect;
};

}  // namespace mb
