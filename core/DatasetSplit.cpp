#include "DatasetSplit.h"

#include "Error.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <random>

namespace mb {
namespace {

void assignGroup(std::vector<qsizetype> rows, const SplitOptions& options, std::mt19937_64& engine,
                 std::vector<Split>& out)
{
    const double total = options.train + options.val + options.test;
    const auto n = qsizetype(rows.size());
    const qsizetype train = std::min<qsizetype>(n, std::llround(double(n) * options.train / total));
    const qsizetype val = std::min<qsizetype>(n - train, std::llround(double(n) * options.val / total));
    std::shuffle(rows.begin(), rows.end(), engine);
    for (qsizetype i = 0; i < n; ++i)
        out[size_t(rows[size_t(i)])] = i < train ? Split::Train : i < train + val ? Split::Val : Split::Test;
}

void checkOptions(const SplitOptions& options)
{
    if (options.train < 0 || options.val < 0 || options.test < 0 || options.train + options.val + options.test <= 0)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("split ratios must be non-negative and not all zero"));
}

}  // namespace

std::vector<Split> DatasetSplitter::stratified(const QStringList& labels, const SplitOptions& options)
{
    checkOptions(options);
    // Groups in order of first appearance, so the result does not depend on hashing.
    QHash<QString, int> groupOf;
    std::vector<std::vector<qsizetype>> groups;
    for (qsizetype row = 0; row < labels.size(); ++row) {
        auto it = groupOf.find(labels.at(row));
        if (it == groupOf.end()) {
            it = groupOf.insert(labels.at(row), int(groups.size()));
            groups.emplace_back();
        }
        groups[size_t(*it)].push_back(row);
    }
    std::vector<Split> result(size_t(labels.size()), Split::Train);
    std::mt19937_64 engine(options.seed);
    for (auto& group : groups)
        assignGroup(std::move(group), options, engine, result);
    return result;
}

std::vector<Split> DatasetSplitter::random(qsizetype rows, const SplitOptions& options)
{
    checkOptions(options);
    std::vector<qsizetype> all(static_cast<size_t>(rows));
    for (qsizetype i = 0; i < rows; ++i)
        all[size_t(i)] = i;
    std::vector<Split> result(size_t(rows), Split::Train);
    std::mt19937_64 engine(options.seed);
    assignGroup(std::move(all), options, engine, result);
    return result;
}

QString DatasetSplitter::name(Split split)
{
    switch (split) {
    case Split::Train: return QStringLiteral("train");
    case Split::Val: return QStringLiteral("val");
    case Split::Test: return QStringLiteral("test");
    }
    return {};
}

Split DatasetSplitter::parse(const QString& text, const QString& where)
{
    const QString value = text.trimmed().toLower();
    if (value == QLatin1String("train") || value == QLatin1String("training"))
        return Split::Train;
    if (value == QLatin1String("val") || value == QLatin1String("validation") || value == QLatin1String("valid") ||
        value == QLatin1String("dev"))
        return Split::Val;
    if (value == QLatin1String("test") || value == QLatin1String("testing"))
        return Split::Test;
    throw Error(ErrorCode::InvalidArgument,
                QStringLiteral("%1: split '%2' is not train, val or test").arg(where, text));
}

std::array<qsizetype, 3> DatasetSplitter::counts(const std::vector<Split>& splits)
{
    std::array<qsizetype, 3> counts{0, 0, 0};
    for (Split split : splits)
        ++counts[size_t(split)];
    return counts;
}

QByteArray DatasetSplitter::encode(const std::vector<Split>& splits)
{
    QByteArray bytes;
    bytes.reserve(qsizetype(splits.size()) * 6);
    for (Split split : splits)
        bytes += name(split).toLatin1() + '\n';
    return bytes;
}

std::vector<Split> DatasetSplitter::decode(const QByteArray& bytes, qsizetype expectedRows)
{
    std::vector<Split> splits;
    splits.reserve(size_t(expectedRows));
    for (const QByteArray& line : bytes.split('\n')) {
        if (line.isEmpty())
            continue;
        if (line == "train")
            splits.push_back(Split::Train);
        else if (line == "val")
            splits.push_back(Split::Val);
        else if (line == "test")
            splits.push_back(Split::Test);
        else
            throw Error(ErrorCode::Corrupt, QStringLiteral("stored split has a bad line '%1'").arg(QString::fromLatin1(line.left(20))));
    }
    if (qsizetype(splits.size()) != expectedRows)
        throw Error(ErrorCode::Corrupt, QStringLiteral("stored split has %1 rows, the data has %2").arg(splits.size()).arg(expectedRows));
    return splits;
}

}  // namespace mb
