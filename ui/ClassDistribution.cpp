#include "ClassDistribution.h"

#include "Format.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mb::ui {
namespace {

int splitIndex(const DatasetVersion& version, qsizetype row)
{
    return version.split.empty() ? 0 : int(version.split[size_t(row)]);
}

ClassDistribution classes(const DatasetVersion& version, const DataColumn& label)
{
    QHash<QString, int> index;
    QStringList names;
    std::array<QVector<qint64>, 3> counts;
    for (qsizetype row = 0; row < label.size(); ++row) {
        const QString name = label.text(row).trimmed();
        auto it = index.find(name);
        if (it == index.end()) {
            it = index.insert(name, names.size());
            names << name;
            for (auto& split : counts)
                split << 0;
        }
        ++counts[size_t(splitIndex(version, row))][it.value()];
    }
    // Most rows first, ties by name, so the chart reads like a ranking.
    std::vector<int> order(size_t(names.size()));
    std::iota(order.begin(), order.end(), 0);
    const auto total = [&](int c) { return counts[0].at(c) + counts[1].at(c) + counts[2].at(c); };
    std::sort(order.begin(), order.end(), [&](int a, int b) { return total(a) != total(b) ? total(a) > total(b) : names.at(a) < names.at(b); });
    ClassDistribution out;
    for (int c : order) {
        out.categories << names.at(c);
        for (size_t s = 0; s < 3; ++s)
            out.counts[s] << counts[s].at(c);
    }
    return out;
}

ClassDistribution targetHistogram(const DatasetVersion& version, const DataColumn& target, int bins)
{
    ClassDistribution out;
    out.histogram = true;
    double low = INFINITY, high = -INFINITY;
    for (double value : target.numbers) {
        if (std::isfinite(value)) {
            low = std::min(low, value);
            high = std::max(high, value);
        }
    }
    if (!std::isfinite(low))
        return out;
    const int n = high > low ? std::max(1, bins) : 1;
    const double width = high > low ? (high - low) / n : 1.0;
    for (int b = 0; b < n; ++b) {
        out.categories << QStringLiteral("%1 – %2").arg(format::number(low + b * width), format::number(b + 1 == n ? high : low + (b + 1) * width));
        for (auto& split : out.counts)
            split << 0;
    }
    for (qsizetype row = 0; row < qsizetype(target.numbers.size()); ++row) {
        const double value = target.numbers[size_t(row)];
        if (!std::isfinite(value))
            continue;
        const int b = std::min(n - 1, int((value - low) / width));
        ++out.counts[size_t(splitIndex(version, row))][b];
    }
    return out;
}

}  // namespace

ClassDistribution ClassDistribution::of(const DatasetVersion& version, int bins)
{
    const int c = version.table.indexOf(version.schema.labelColumn());
    if (c < 0)
        return {};
    const DataColumn& label = version.table.columns.at(c);
    if (version.schema.labelKind == LabelKind::Regression && label.type == ColumnType::Numeric)
        return targetHistogram(version, label, bins);
    return classes(version, label);
}

}  // namespace mb::ui
