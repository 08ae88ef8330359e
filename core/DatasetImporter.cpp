#include "DatasetImporter.h"

#include "CsvTableLoader.h"
#include "DatasetCatalog.h"
#include "DatasetRows.h"
#include "Error.h"

#include <QFileInfo>
#include <QJsonArray>

namespace mb {
namespace {

QJsonObject describeSource(const QString& path, const LoadedTable& loaded)
{
    return QJsonObject{{QStringLiteral("file"), QFileInfo(path).absoluteFilePath()},
                       {QStringLiteral("delimiter"), QString(QLatin1Char(loaded.dialect.delimiter))},
                       {QStringLiteral("header"), loaded.dialect.hasHeader}};
}

QStringList labelsOf(const DataTable& table, const DatasetSchema& schema)
{
    const DataColumn& label = table.columns.at(table.indexOf(schema.labelColumn()));
    QStringList labels;
    labels.reserve(label.size());
    for (qsizetype row = 0; row < label.size(); ++row)
        labels << label.text(row).trimmed();
    return labels;
}

// The latest version (or the one `dataset` names) of a dataset that rows can be added to.
DatasetVersion loadAppendable(const Workspace& workspace, const QString& dataset)
{
    DatasetVersion base = DatasetCatalog(workspace).load(dataset);
    if (base.schema.kind == DatasetKind::Image)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("'%1' is an image dataset: add images by importing the folder again").arg(dataset));
    return base;
}

}  // namespace

std::vector<Split> DatasetImporter::splitFor(const DataTable& table, const DatasetSchema& schema, const SplitOptions& options)
{
    return schema.labelKind == LabelKind::Classification ? DatasetSplitter::stratified(labelsOf(table, schema), options)
                                                         : DatasetSplitter::random(table.rowCount(), options);
}

QJsonObject DatasetImporter::describeSplit(const QString& method, const SplitOptions& options)
{
    return QJsonObject{{QStringLiteral("method"), method},
                       {QStringLiteral("seed"), QString::number(options.seed)},
                       {QStringLiteral("ratios"), QJsonArray{options.train, options.val, options.test}}};
}

CommittedVersion DatasetImporter::importCsv(const CsvImportRequest& request, const DatasetWriter::StepObserver& observer) const
{
    LoadedTable loaded = CsvTableLoader::load(request.path, request.table);
    NewDatasetVersion version;
    version.name = request.name.isEmpty() ? QFileInfo(request.path).completeBaseName() : request.name;
    version.source = describeSource(request.path, loaded);
    version.notices = loaded.notices;
    version.schema = loaded.schema;

    if (!loaded.split.empty()) {
        version.split = std::move(loaded.split);
        version.splitInfo = QJsonObject{{QStringLiteral("method"), QStringLiteral("column")},
                                        {QStringLiteral("column"), request.table.splitColumn}};
        version.table = std::move(loaded.table);
    } else if (!request.testPath.isEmpty()) {
        // Train and validation come from the main file in their ratio; every test row from the other.
        SplitOptions trainVal = request.split;
        trainVal.test = 0;
        version.split = splitFor(loaded.table, loaded.schema, trainVal);
        const LoadedTable test = CsvTableLoader::loadLike(request.testPath, loaded.schema, request.table);
        version.table = std::move(loaded.table);
        version.table.append(test.table);
        version.split.insert(version.split.end(), size_t(test.table.rowCount()), Split::Test);
        version.splitInfo = describeSplit(QStringLiteral("test-file"), trainVal);
        version.splitInfo.insert(QStringLiteral("test_file"), QFileInfo(request.testPath).absoluteFilePath());
    } else {
        version.split = splitFor(loaded.table, loaded.schema, request.split);
        version.splitInfo = describeSplit(loaded.schema.labelKind == LabelKind::Classification ? QStringLiteral("stratified")
                                                                                               : QStringLiteral("random"),
                                          request.split);
        version.table = std::move(loaded.table);
    }
    return DatasetWriter(m_workspace).commit(version, observer);
}

CommittedVersion DatasetImporter::appendCsv(const QString& dataset, const QString& path, const TableImportOptions& table,
                                            const SplitOptions& split, const DatasetWriter::StepObserver& observer) const
{
    DatasetVersion base = loadAppendable(m_workspace, dataset);
    LoadedTable added = CsvTableLoader::loadLike(path, base.schema, table);
    return appendTo(std::move(base), added.table, std::move(added.split), describeSource(path, added), split, observer);
}

CommittedVersion DatasetImporter::appendRows(const QString& dataset, const QVector<QJsonObject>& rows, const QJsonObject& source,
                                             const SplitOptions& split, const DatasetWriter::StepObserver& observer) const
{
    if (rows.isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("rows: there are no rows to append"));
    DatasetVersion base = loadAppendable(m_workspace, dataset);
    const DataTable added = DatasetRows::fromObjects(rows, base.schema, QStringLiteral("rows"));
    return appendTo(std::move(base), added, {}, source, split, observer);
}

CommittedVersion DatasetImporter::appendTo(DatasetVersion base, const DataTable& added, std::vector<Split> addedSplit, QJsonObject source,
                                           const SplitOptions& split, const DatasetWriter::StepObserver& observer) const
{
    if (addedSplit.empty() && added.rowCount() > 0)
        addedSplit = splitFor(added, base.schema, split);
    NewDatasetVersion version;
    version.name = base.info.dataset;
    version.schema = base.schema;
    source.insert(QStringLiteral("appended_to"), base.info.ref());
    version.source = source;
    version.table = std::move(base.table);
    if (added.rowCount() > 0)
        version.table.append(added);
    version.split = std::move(base.split);
    version.split.insert(version.split.end(), addedSplit.begin(), addedSplit.end());
    version.splitInfo = base.info.metadata.value(QStringLiteral("split")).toObject();
    version.splitInfo.remove(QStringLiteral("counts"));
    version.splitInfo.insert(QStringLiteral("appended_rows"), qint64(added.rowCount()));
    return DatasetWriter(m_workspace).commit(version, observer);
}

}  // namespace mb
