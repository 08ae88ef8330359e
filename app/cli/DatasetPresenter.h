#pragma once

#include "DatasetVersionInfo.h"

#include <QJsonObject>
#include <QTextStream>

namespace mb::cli {

// How dataset versions look on the command line: JSON for --json, text for people.
class DatasetPresenter {
public:
    static QJsonObject toJson(const DatasetVersionInfo& info);
    // A few lines: shape, label, split.
    static void printSummary(QTextStream& out, const DatasetVersionInfo& info);
    // Everything: columns with types and roles, class counts with bars, split, source.
    static void printDetails(QTextStream& out, const DatasetVersionInfo& info);
};

}  // namespace mb::cli
