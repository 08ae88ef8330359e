#include "OptionValues.h"

#include "Error.h"

namespace mb::cli::options {
namespace {

QCommandLineOption option(const QString& name, const QString& description, const QString& valueName = {},
                          const QString& defaultValue = {})
{
    QCommandLineOption result(name, description, valueName);
    if (!defaultValue.isEmpty())
        result.setDefaultValue(defaultValue);
    return result;
}

char parseDelimiter(const QString& text)
{
    const QString value = text.toLower();
    if (value == QLatin1String("tab") || value == QLatin1String("\\t") || value == QLatin1String("\t"))
        return '\t';
    if (value == QLatin1String("comma"))
        return ',';
    if (value == QLatin1String("semicolon"))
        return ';';
    if (value == QLatin1String("pipe"))
        return '|';
    if (value.size() == 1 && value.at(0).unicode() < 128 && value != QLatin1String("\""))
        return char(value.at(0).unicode());
    throw Error(ErrorCode::InvalidArgument, QStringLiteral("--delimiter: '%1' is not a single ASCII character (or tab, comma, semicolon, pipe)").arg(text));
}

}  // namespace

QStringList list(const QString& value)
{
    QStringList items;
    for (const QString& item : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!item.trimmed().isEmpty())
            items << item.trimmed();
    }
    return items;
}

QList<QCommandLineOption> csvReading()
{
    return {option(QStringLiteral("delimiter"), QStringLiteral("Field separator: a character, or tab/comma/semicolon/pipe. Detected by default."), QStringLiteral("CHAR")),
            option(QStringLiteral("header"), QStringLiteral("The first row names the columns (detected by default).")),
            option(QStringLiteral("no-header"), QStringLiteral("The first row is data; columns are named c0, c1, ..."))};
}

QList<QCommandLineOption> tableRoles()
{
    return {option(QStringLiteral("label"), QStringLiteral("Label column, by name or 0-based index. Default: a column named label, target, class, category or y."), QStringLiteral("COLUMN")),
            option(QStringLiteral("features"), QStringLiteral("Numeric input columns, comma-separated. Default: the other numeric columns."), QStringLiteral("COLS")),
            option(QStringLiteral("text"), QStringLiteral("Text input columns, comma-separated (e.g. name,description)."), QStringLiteral("COLS")),
            option(QStringLiteral("ignore"), QStringLiteral("Columns to keep but not use, comma-separated."), QStringLiteral("COLS")),
            option(QStringLiteral("task"), QStringLiteral("classification or regression. Default: from the label's values."), QStringLiteral("TASK")),
            option(QStringLiteral("missing"), QStringLiteral("Missing numeric values: reject (an error naming line and column), mean (fill with the column mean) or drop (leave the row out)."), QStringLiteral("POLICY"), QStringLiteral("reject")),
            option(QStringLiteral("split-column"), QStringLiteral("Column holding train/val/test for each row, instead of a random split."), QStringLiteral("COLUMN"))};
}

QList<QCommandLineOption> splitting(const QString& seedOption)
{
    return {option(QStringLiteral("split"), QStringLiteral("Train/val/test shares, stratified by class."), QStringLiteral("T/V/T"), QStringLiteral("70/15/15")),
            option(seedOption, QStringLiteral("Seed of the split's shuffle."), QStringLiteral("N"), QStringLiteral("0"))};
}

TableImportOptions tableImport(const CliContext& context)
{
    TableImportOptions options;
    if (context.isSet(QStringLiteral("delimiter")))
        options.csv.delimiter = parseDelimiter(context.value(QStringLiteral("delimiter")));
    if (context.isSet(QStringLiteral("header")) && context.isSet(QStringLiteral("no-header")))
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("--header and --no-header contradict each other"));
    if (context.isSet(QStringLiteral("header")))
        options.csv.header = CsvOptions::Header::Yes;
    if (context.isSet(QStringLiteral("no-header")))
        options.csv.header = CsvOptions::Header::No;
    options.label = context.value(QStringLiteral("label"));
    options.features = list(context.value(QStringLiteral("features")));
    options.text = list(context.value(QStringLiteral("text")));
    options.ignore = list(context.value(QStringLiteral("ignore")));
    if (context.isSet(QStringLiteral("task")))
        options.task = labelKindFromString(context.value(QStringLiteral("task")), QStringLiteral("--task"));
    const QString missing = context.value(QStringLiteral("missing")).toLower();
    if (missing == QLatin1String("reject"))
        options.missing = TableImportOptions::Missing::Reject;
    else if (missing == QLatin1String("mean"))
        options.missing = TableImportOptions::Missing::Mean;
    else if (missing == QLatin1String("drop"))
        options.missing = TableImportOptions::Missing::Drop;
    else
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("--missing: '%1' is not reject, mean or drop").arg(missing));
    options.splitColumn = context.value(QStringLiteral("split-column"));
    return options;
}

SplitOptions split(const CliContext& context, const QString& seedOption)
{
    SplitOptions options;
    const QString text = context.value(QStringLiteral("split"));
    const QStringList parts = text.split(QLatin1Char('/'));
    bool ok = parts.size() == 3;
    double shares[3] = {0, 0, 0};
    for (int i = 0; ok && i < 3; ++i)
        shares[i] = parts.at(i).trimmed().toDouble(&ok);
    if (!ok || shares[0] <= 0 || shares[1] < 0 || shares[2] < 0)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("--split: '%1' is not TRAIN/VAL/TEST shares such as 70/15/15").arg(text));
    options.train = shares[0];
    options.val = shares[1];
    options.test = shares[2];
    bool seedOk = false;
    options.seed = context.value(seedOption).toULongLong(&seedOk);
    if (!seedOk)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("--%1: '%2' is not a non-negative integer").arg(seedOption, context.value(seedOption)));
    return options;
}

}  // namespace mb::cli::options
