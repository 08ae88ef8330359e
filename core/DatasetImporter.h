#pragma once

#include "DatasetSplit.h"
#include "DatasetVersion.h"
#include "DatasetWriter.h"
#include "TableImportOptions.h"

#include <QJsonObject>
#include <QVector>

namespace mb {

class Workspace;

// Where the rows of a CSV import go and how they are split.
struct CsvImportRequest {
    QString path;               // the CSV file
    QString name;               // dataset name; default: the file's base name
    TableImportOptions table;
    SplitOptions split;         // used unless table.splitColumn or testPath is given
    QString testPath;           // a separate CSV of test rows (same columns)
};

// Turns files into dataset versions: read and check them (CsvTableLoader), choose the split,
// and commit through DatasetWriter, so a failing import changes nothing. One thread.
class DatasetImporter {
public:
    explicit DatasetImporter(const Workspace& workspace) : m_workspace(workspace) {}

    CommittedVersion importCsv(const CsvImportRequest& request, const DatasetWriter::StepObserver& observer = {}) const;
    // A new version of `dataset` with the rows of the CSV at `path` added to its latest
    // version's (same columns, matched by name). Old rows keep their split; new rows are
    // split by `split` (stratified for classification).
    CommittedVersion appendCsv(const QString& dataset, const QString& path, const TableImportOptions& table,
                               const SplitOptions& split, const DatasetWriter::StepObserver& observer = {}) const;
    // The same with rows given as objects of column -> value (see DatasetRows: every input
    // and label column needed, no unknown column). `source` describes where they came from.
    CommittedVersion appendRows(const QString& dataset, const QVector<QJsonObject>& rows, const QJsonObject& source,
                                const SplitOptions& split = {}, const DatasetWriter::StepObserver& observer = {}) const;
    // What every append ends with: `base`'s rows (which the caller may have edited, e.g.
    // relabelled) followed by `added`, stored as the dataset's next version. Old rows keep
    // their split; the added ones take `addedSplit`, or when it is empty one made by `split`.
    CommittedVersion appendTo(DatasetVersion base, const DataTable& added, std::vector<Split> addedSplit, QJsonObject source,
                              const SplitOptions& split, const DatasetWriter::StepObserver& observer = {}) const;

    // Assigns a stratified (classification) or random (regression) split to `table`.
    static std::vector<Split> splitFor(const DataTable& table, const DatasetSchema& schema, const SplitOptions& options);
    static QJsonObject describeSplit(const QString& method, const SplitOptions& options);

private:
    const Workspace& m_workspace;
};

}  // namespace mb
