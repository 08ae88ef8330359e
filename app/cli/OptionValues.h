#pragma once

#include "CliContext.h"
#include "DatasetSplit.h"
#include "TableImportOptions.h"

#include <QCommandLineOption>
#include <QList>

namespace mb::cli {

// The options shared by commands that read CSV files and split datasets, and their parsing
// into core's option structs. Bad values throw mb::Error(InvalidArgument) naming the option.
namespace options {

QList<QCommandLineOption> csvReading();     // --delimiter --header --no-header
QList<QCommandLineOption> tableRoles();     // --label --features --text --ignore --task --missing --split-column
// --split and the split's seed option (--seed, or another name where --seed means more).
QList<QCommandLineOption> splitting(const QString& seedOption = QStringLiteral("seed"));

TableImportOptions tableImport(const CliContext& context);
SplitOptions split(const CliContext& context, const QString& seedOption = QStringLiteral("seed"));
// "a,b, c" -> {"a", "b", "c"}
QStringList list(const QString& value);

}  // namespace options
}  // namespace mb::cli
