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
QList<QCommandLineOption> splitting();      // --split --seed

TableImportOptions tableImport(const CliContext& context);
SplitOptions split(const CliContext& context);
// "a,b, c" -> {"a", "b", "c"}
QStringList list(const QString& value);

}  // namespace options
}  // namespace mb::cli
