#include "CsvTableLoader.h"

#include "Error.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace mb {
namespace {

enum class Cell { Number, Missing, NotNumber };

// Parses an ASCII number with std::from_chars, which is many times faster than
// QString::toDouble on the millions of cells of a large file. Returns false for anything
// else (including non-ASCII text), which then takes the careful path.
bool parseAsciiNumber(QStringView text, bool decimalComma, double& value)
{
    char buffer[64];
    qsizetype begin = 0, end = text.size();
    while (begin < end && text[begin].isSpace())
        ++begin;
    while (end > begin && text[end - 1].isSpace())
        --end;
    if (begin < end && text[begin] == QLatin1Char('+'))
        ++begin;
    if (end - begin <= 0 || end - begin >= qsizetype(sizeof(buffer)))
        return false;
    int length = 0;
    for (qsizetype i = begin; i < end; ++i) {
        const char16_t c = text[i].unicode();
        if (c >= 128)
            return false;
        buffer[length++] = decimalComma && c == u',' ? '.' : char(c);
    }
    const auto [ptr, error] = std::from_chars(buffer, buffer + length, value);
    return error == std::errc() && ptr == buffer + length && std::isfinite(value);
}

// `decimalComma`: files separated by ';' or tabs from European spreadsheets write 1,5 for 1.5.
Cell classify(const QString& field, double& value, bool decimalComma)
{
    const bool oneComma = decimalComma && field.count(QLatin1Char(',')) == 1 && !field.contains(QLatin1Char('.'));
    if (parseAsciiNumber(field, oneComma, value))
        return Cell::Number;
    QString trimmed = field.trimmed();
    if (trimmed.isEmpty())
        return Cell::Missing;
    if (oneComma)
        trimmed.replace(QLatin1Char(','), QLatin1Char('.'));
    bool ok = false;
    value = trimmed.toDouble(&ok);
    if (ok && std::isfinite(value))
        return Cell::Number;
    static const QSet<QString> missingMarkers = {QStringLiteral("na"),   QStringLiteral("n/a"),  QStringLiteral("nan"),
                                                 QStringLiteral("null"), QStringLiteral("none"), QStringLiteral("?")};
    return missingMarkers.contains(trimmed.toLower()) ? Cell::Missing : Cell::NotNumber;
}

// What the first pass learns of a column.
struct ColumnStats {
    bool numeric = true;  // every present value is a number
    qint64 firstTextLine = 0;
    QString firstText;
    qint64 missing = 0;
    qint64 firstMissingLine = 0;
};

// The file read into typed columns, before roles are decided.
struct RawTable {
    DataTable table;
    CsvDialect dialect;
    std::vector<qint64> lines;  // the file line of each row
    QVector<ColumnStats> stats;
};

QString sourceName(const QString& path)
{
    return QFileInfo(path).fileName();
}

// The first pass finds each column's type and keeps the numbers of columns that stay
// numeric; a second pass, only when some column is text, keeps the texts of those.
// Columns in `forceText` are stored as text whatever they hold.
RawTable readColumns(const QString& path, const CsvOptions& csv, const QSet<QString>& forceText)
{
    RawTable raw;
    QVector<ColumnStats>& stats = raw.stats;
    std::vector<std::vector<double>> numbers;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    CsvOptions first = csv;
    if (first.sourceName.isEmpty())
        first.sourceName = sourceName(path);
    CsvReader reader(first);
    raw.dialect = reader.read(file, [&](const CsvRecord& record) {
        if (stats.isEmpty()) {
            stats.resize(record.fields.size());
            numbers.resize(size_t(record.fields.size()));
        }
        raw.lines.push_back(record.line);
        const bool decimalComma = reader.dialect().delimiter != ',';
        for (int c = 0; c < record.fields.size(); ++c) {
            ColumnStats& s = stats[c];
            double value = 0;
            switch (classify(record.fields.at(c), value, decimalComma)) {
            case Cell::Number:
                if (s.numeric)
                    numbers[size_t(c)].push_back(value);
                break;
            case Cell::Missing:
                if (s.missing++ == 0)
                    s.firstMissingLine = record.line;
                if (s.numeric)
                    numbers[size_t(c)].push_back(std::nan(""));  // NaN marks a missing cell
                break;
            case Cell::NotNumber:
                if (s.numeric) {
                    s.numeric = false;
                    s.firstTextLine = record.line;
                    s.firstText = record.fields.at(c);
                    std::vector<double>().swap(numbers[size_t(c)]);
                }
                break;
            }
        }
    });

    bool anyText = false;
    for (int c = 0; c < raw.dialect.columns.size(); ++c) {
        DataColumn column;
        column.name = raw.dialect.columns.at(c);
        column.type = stats[c].numeric && !forceText.contains(column.name) ? ColumnType::Numeric : ColumnType::Text;
        if (column.type == ColumnType::Numeric)
            column.numbers = std::move(numbers[size_t(c)]);
        anyText = anyText || column.type == ColumnType::Text;
        raw.table.columns << column;
    }
    if (!anyText)
        return raw;
    CsvOptions second = first;
    second.delimiter = raw.dialect.delimiter;
    second.header = raw.dialect.hasHeader ? CsvOptions::Header::Yes : CsvOptions::Header::No;
    CsvReader::readFile(path, [&](const CsvRecord& record) {
        for (int c = 0; c < record.fields.size(); ++c) {
            DataColumn& column = raw.table.columns[c];
            if (column.type == ColumnType::Text)
                column.texts << record.fields.at(c);
        }
    }, second);
    return raw;
}

int resolveColumn(const DataTable& table, const QString& nameOrIndex, const QString& path, const QString& what)
{
    const int byName = table.indexOf(nameOrIndex.trimmed());
    if (byName >= 0)
        return byName;
    bool isIndex = false;
    const int index = nameOrIndex.trimmed().toInt(&isIndex);
    if (isIndex && index >= 0 && index < table.columnCount())
        return index;
    throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: no column '%2' for %3 (columns: %4)")
                                                .arg(sourceName(path), nameOrIndex, what, table.columnNames().join(QLatin1String(", "))));
}

int defaultLabelColumn(const DataTable& table, const QString& path)
{
    static const QStringList names = {QStringLiteral("label"), QStringLiteral("target"), QStringLiteral("class"),
                                      QStringLiteral("category"), QStringLiteral("y")};
    for (const QString& name : names) {
        for (int c = 0; c < table.columnCount(); ++c) {
            if (table.columns.at(c).name.compare(name, Qt::CaseInsensitive) == 0)
                return c;
        }
    }
    throw Error(ErrorCode::InvalidArgument,
                QStringLiteral("%1: which column is the label? Name it with --label NAME or --label INDEX (columns: %2)")
                    .arg(sourceName(path), table.columnNames().join(QLatin1String(", "))));
}

bool isIdentifierName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^(id|.*[_ -]id|id[_ -].*)$"), QRegularExpression::CaseInsensitiveOption);
    return pattern.match(name).hasMatch();
}

bool looksLikeIdentifierText(const DataColumn& column)
{
    if (column.texts.size() < 10)
        return false;
    QSet<QString> seen;
    for (const QString& text : column.texts) {
        if (text.contains(QLatin1Char(' ')) || seen.contains(text))
            return false;
        seen.insert(text);
    }
    return true;
}

LabelKind guessLabelKind(const DataColumn& label)
{
    if (label.type == ColumnType::Text)
        return LabelKind::Classification;
    QSet<double> distinct;
    for (double value : label.numbers) {
        if (std::isnan(value))
            continue;
        if (value != std::floor(value))
            return LabelKind::Regression;
        distinct.insert(value);
    }
    const bool many = distinct.size() > 20 && double(distinct.size()) > 0.05 * double(label.numbers.size());
    return many ? LabelKind::Regression : LabelKind::Classification;
}

bool isMissing(const DataColumn& column, qsizetype row)
{
    if (column.type == ColumnType::Numeric)
        return std::isnan(column.numbers[size_t(row)]);
    double ignored = 0;
    return classify(column.texts.at(row), ignored, false) == Cell::Missing;
}

// Applies the missing-value policy to the used columns (features and label), keeping
// `raw.lines` aligned with the rows.
void handleMissing(RawTable& raw, const DatasetSchema& schema, TableImportOptions::Missing policy, const QString& path)
{
    QVector<int> used;
    for (int c = 0; c < schema.columns.size(); ++c) {
        const ColumnRole role = schema.columns.at(c).role;
        if (role == ColumnRole::Label || (role == ColumnRole::Feature && schema.columns.at(c).type == ColumnType::Numeric))
            used << c;
    }
    qsizetype worstRow = -1;
    int worstColumn = -1;
    std::vector<qsizetype> keep;
    for (qsizetype row = 0; row < raw.table.rowCount(); ++row) {
        bool rowMissing = false;
        for (int c : std::as_const(used)) {
            if (!isMissing(raw.table.columns.at(c), row))
                continue;
            rowMissing = true;
            const bool labelMissing = schema.columns.at(c).role == ColumnRole::Label;
            if (worstRow < 0 && (policy == TableImportOptions::Missing::Reject ||
                                 (policy == TableImportOptions::Missing::Mean && labelMissing))) {
                worstRow = row;
                worstColumn = c;
            }
        }
        if (!rowMissing)
            keep.push_back(row);
    }
    if (worstRow >= 0) {
        const QString column = schema.columns.at(worstColumn).name;
        const bool label = schema.columns.at(worstColumn).role == ColumnRole::Label;
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("%1:%2:%3: column '%4' has a missing value; %5")
                        .arg(sourceName(path))
                        .arg(raw.lines[size_t(worstRow)])
                        .arg(worstColumn + 1)
                        .arg(column,
                             label ? QStringLiteral("use --missing drop to leave rows without a label out")
                                   : QStringLiteral("use --missing mean to fill it with the column mean, or --missing "
                                                    "drop to leave such rows out")));
    }
    if (policy == TableImportOptions::Missing::Drop && qsizetype(keep.size()) != raw.table.rowCount()) {
        raw.table = raw.table.selectRows(keep);
        std::vector<qint64> lines;
        for (qsizetype row : keep)
            lines.push_back(raw.lines[size_t(row)]);
        raw.lines = std::move(lines);
        if (raw.table.rowCount() == 0)
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: every row has a missing value").arg(sourceName(path)));
    }
    if (policy == TableImportOptions::Missing::Mean) {
        for (int c : std::as_const(used)) {
            DataColumn& column = raw.table.columns[c];
            if (column.type != ColumnType::Numeric)
                continue;
            double sum = 0;
            qsizetype present = 0;
            for (double value : column.numbers) {
                if (!std::isnan(value)) {
                    sum += value;
                    ++present;
                }
            }
            if (present == 0)
                throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: column '%2' has no values at all").arg(sourceName(path), column.name));
            for (double& value : column.numbers) {
                if (std::isnan(value))
                    value = sum / double(present);
            }
        }
    }
}

void requireNumeric(const RawTable& raw, int c, const QString& path, const QString& why)
{
    const ColumnStats& s = raw.stats.at(c);
    if (raw.table.columns.at(c).type == ColumnType::Numeric)
        return;
    throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1:%2:%3: column '%4' is not numeric ('%5'); %6")
                                                .arg(sourceName(path))
                                                .arg(s.firstTextLine)
                                                .arg(c + 1)
                                                .arg(raw.table.columns.at(c).name, s.firstText.left(40), why));
}

std::vector<Split> readSplitColumn(const RawTable& raw, int c, const QString& path)
{
    std::vector<Split> split;
    split.reserve(size_t(raw.table.rowCount()));
    const DataColumn& column = raw.table.columns.at(c);
    for (qsizetype row = 0; row < raw.table.rowCount(); ++row) {
        split.push_back(DatasetSplitter::parse(column.text(row), QStringLiteral("%1:%2:%3")
                                                                     .arg(sourceName(path))
                                                                     .arg(raw.lines[size_t(row)])
                                                                     .arg(c + 1)));
    }
    return split;
}

void checkLabel(const LoadedTable& loaded, const QString& path)
{
    const int c = loaded.table.indexOf(loaded.schema.labelColumn());
    const DataColumn& label = loaded.table.columns.at(c);
    if (loaded.schema.labelKind != LabelKind::Classification)
        return;
    QSet<QString> classes;
    for (qsizetype row = 0; row < label.size() && classes.size() < 2; ++row)
        classes.insert(label.text(row).trimmed());
    if (classes.size() < 2) {
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: label column '%2' has a single class '%3'; a classifier needs two or more")
                                                    .arg(sourceName(path), label.name, classes.isEmpty() ? QString() : *classes.begin()));
    }
}

}  // namespace

LoadedTable CsvTableLoader::load(const QString& path, const TableImportOptions& options)
{
    QSet<QString> forceText(options.text.cbegin(), options.text.cend());
    forceText.unite(QSet<QString>(options.ignore.cbegin(), options.ignore.cend()));
    RawTable raw = readColumns(path, options.csv, forceText);
    DataTable& table = raw.table;

    const int labelIndex = options.label.isEmpty() ? defaultLabelColumn(table, path)
                                                   : resolveColumn(table, options.label, path, QStringLiteral("the label"));
    const int splitIndex = options.splitColumn.isEmpty() ? -1 : resolveColumn(table, options.splitColumn, path, QStringLiteral("the split"));
    QSet<int> ignored;
    for (const QString& name : options.ignore)
        ignored.insert(resolveColumn(table, name, path, QStringLiteral("--ignore")));
    QSet<int> features, texts;
    for (const QString& name : options.features) {
        const int c = resolveColumn(table, name, path, QStringLiteral("--features"));
        requireNumeric(raw, c, path, QStringLiteral("list it with --text instead"));
        features.insert(c);
    }
    for (const QString& name : options.text)
        texts.insert(resolveColumn(table, name, path, QStringLiteral("--text")));
    const bool explicitInputs = !options.features.isEmpty() || !options.text.isEmpty();

    LoadedTable loaded;
    loaded.dialect = raw.dialect;
    DatasetSchema& schema = loaded.schema;
    for (int c = 0; c < table.columnCount(); ++c) {
        const DataColumn& column = table.columns.at(c);
        ColumnSpec spec{column.name, column.type, ColumnRole::Ignore};
        if (c == labelIndex) {
            spec.role = ColumnRole::Label;
        } else if (c == splitIndex || ignored.contains(c)) {
            spec.role = ColumnRole::Ignore;
        } else if (explicitInputs) {
            spec.role = features.contains(c) ? ColumnRole::Feature : texts.contains(c) ? ColumnRole::Text : ColumnRole::Ignore;
            if (spec.role == ColumnRole::Ignore)
                loaded.notices << QStringLiteral("column '%1' is not listed as a feature or text column: kept, not used").arg(column.name);
        } else if (column.type == ColumnType::Numeric) {
            spec.role = isIdentifierName(column.name) ? ColumnRole::Ignore : ColumnRole::Feature;
            if (spec.role == ColumnRole::Ignore)
                loaded.notices << QStringLiteral("column '%1' looks like an identifier: kept, not used (list it with --features to use it)").arg(column.name);
        } else {
            spec.role = looksLikeIdentifierText(column) ? ColumnRole::Ignore : ColumnRole::Text;
            if (spec.role == ColumnRole::Ignore)
                loaded.notices << QStringLiteral("column '%1' looks like an identifier: kept, not used (list it with --text to use it)").arg(column.name);
        }
        schema.columns << spec;
    }
    if (schema.columnsWithRole(ColumnRole::Feature).isEmpty() && schema.columnsWithRole(ColumnRole::Text).isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: no input columns besides the label (columns: %2)")
                                                    .arg(sourceName(path), table.columnNames().join(QLatin1String(", "))));
    schema.kind = schema.columnsWithRole(ColumnRole::Text).isEmpty() ? DatasetKind::Tabular : DatasetKind::Text;

    const DataColumn& label = table.columns.at(labelIndex);
    schema.labelKind = options.task.value_or(guessLabelKind(label));
    if (schema.labelKind == LabelKind::Regression)
        requireNumeric(raw, labelIndex, path, QStringLiteral("a regression target must be a number"));

    handleMissing(raw, schema, options.missing, path);
    if (splitIndex >= 0)
        loaded.split = readSplitColumn(raw, splitIndex, path);
    loaded.table = std::move(raw.table);
    checkLabel(loaded, path);
    return loaded;
}

LoadedTable CsvTableLoader::loadLike(const QString& path, const DatasetSchema& schema, const TableImportOptions& options)
{
    QSet<QString> forceText;
    for (const ColumnSpec& spec : schema.columns) {
        if (spec.type == ColumnType::Text)
            forceText.insert(spec.name);
    }
    RawTable raw = readColumns(path, options.csv, forceText);
    QStringList expected;
    for (const ColumnSpec& spec : schema.columns)
        expected << spec.name;
    QStringList found = raw.table.columnNames();
    QStringList sortedExpected = expected, sortedFound = found;
    sortedExpected.sort();
    sortedFound.sort();
    const int splitIndex = options.splitColumn.isEmpty() ? -1 : raw.table.indexOf(options.splitColumn);
    if (splitIndex >= 0)
        sortedFound.removeOne(options.splitColumn);
    if (sortedExpected != sortedFound) {
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: its columns (%2) differ from the dataset's (%3)")
                                                    .arg(sourceName(path), found.join(QLatin1String(", ")), expected.join(QLatin1String(", "))));
    }
    // The schema in the file's column order, so missing values are handled before reordering.
    DatasetSchema inFileOrder = schema;
    inFileOrder.columns.clear();
    for (int c = 0; c < raw.table.columnCount(); ++c) {
        if (c == splitIndex) {
            inFileOrder.columns << ColumnSpec{options.splitColumn, raw.table.columns.at(c).type, ColumnRole::Ignore};
            continue;
        }
        ColumnSpec spec = schema.columns.at(int(std::find_if(schema.columns.cbegin(), schema.columns.cend(),
                                                             [&](const ColumnSpec& s) { return s.name == raw.table.columns.at(c).name; }) -
                                                schema.columns.cbegin()));
        if (spec.type == ColumnType::Numeric)
            requireNumeric(raw, c, path, QStringLiteral("the dataset has it as a number"));
        inFileOrder.columns << spec;
    }
    handleMissing(raw, inFileOrder, options.missing, path);

    LoadedTable loaded;
    loaded.dialect = raw.dialect;
    loaded.schema = schema;
    if (splitIndex >= 0)
        loaded.split = readSplitColumn(raw, splitIndex, path);
    DataTable ordered;
    for (const ColumnSpec& spec : schema.columns)
        ordered.columns << raw.table.columns.at(raw.table.indexOf(spec.name));
    raw.table = std::move(ordered);
    loaded.table = std::move(raw.table);
    return loaded;
}

}  // namespace mb
