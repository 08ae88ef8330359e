#pragma once

#include "DatasetVersion.h"

#include <QStringList>
#include <QVector>

#include <array>

namespace mb::ui {

// How a version's rows spread over its label, per split: the count of each class, or for a
// regression target a histogram of equal-width bins. Computed off the GUI thread with the
// version's rows; a plain value.
struct ClassDistribution {
    bool histogram = false;   // regression: categories are bins of the target
    QStringList categories;   // classes, most rows first; or bins, lowest first
    // Rows per category in train, val and test (all in train when the version has no split).
    std::array<QVector<qint64>, 3> counts;

    qint64 total(int category) const { return counts[0].at(category) + counts[1].at(category) + counts[2].at(category); }
    int indexOf(const QString& category) const { return int(categories.indexOf(category)); }

    // Classes are the label's trimmed texts (as core counts them); `bins` applies to regression.
    static ClassDistribution of(const DatasetVersion& version, int bins = 20);
};

}  // namespace mb::ui
