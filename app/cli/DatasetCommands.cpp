#include "DatasetCommands.h"

#include "CanonicalCsv.h"
#include "CliApp.h"
#include "CliContext.h"
#include "DatasetCatalog.h"
#include "DatasetImporter.h"
#include "DatasetPresenter.h"
#include "DebianCatalog.h"
#include "Error.h"
#include "ExitCode.h"
#include "ImageImporter.h"
#include "OptionValues.h"
#include "Workspace.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSaveFile>

namespace mb::cli {
namespace {

void report(CliContext& context, const CommittedVersion& result)
{
    if (context.json()) {
        QJsonObject json = DatasetPresenter::toJson(result.info);
        json.insert(QStringLiteral("created"), result.created);
        context.printJson(json);
        return;
    }
    context.out() << (result.created ? "Imported " : "Unchanged: ") << result.info.ref()
                  << (result.created ? "" : " already holds exactly this content") << "\n";
    DatasetPresenter::printSummary(context.out(), result.info);
}

// A CSV whose columns include path and label, listing image files, is an image manifest.
bool isImageManifest(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    try {
        const CsvTable head = CsvReader::readAll(file, {});
        const QStringList columns = head.dialect.columns;
        const int pathColumn = columns.indexOf(QStringLiteral("path"));
        return pathColumn >= 0 && columns.contains(QStringLiteral("label")) && !head.rows.isEmpty() &&
               ImageImporter::isImageFileName(head.rows.first().fields.at(pathColumn).trimmed());
    } catch (const Error&) {
        return false;  // not a readable CSV: the table import reports why
    }
}

int importImages(CliContext& context, const QString& path)
{
    ImageImportRequest request;
    request.path = path;
    request.name = context.value(QStringLiteral("name"));
    request.skipBad = context.isSet(QStringLiteral("skip-bad"));
    request.split = options::split(context);
    report(context, ImageImporter(*context.workspace()).import(request));
    return ExitOk;
}

int runImport(CliContext& context)
{
    const QString path = context.argument(0);
    const QFileInfo file(path);
    if (!file.exists())
        throw Error(ErrorCode::NotFound, QStringLiteral("%1: no such file or folder").arg(path));
    if (file.isDir() || context.isSet(QStringLiteral("manifest")) || isImageManifest(path))
        return importImages(context, path);
    CsvImportRequest request;
    request.path = path;
    request.name = context.value(QStringLiteral("name"));
    request.table = options::tableImport(context);
    request.split = options::split(context);
    request.testPath = context.value(QStringLiteral("test"));
    if (!request.testPath.isEmpty() && !request.table.splitColumn.isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("--test and --split-column both define the test rows: give one"));
    report(context, DatasetImporter(*context.workspace()).importCsv(request));
    return ExitOk;
}

int runImportDebian(CliContext& context)
{
    DebianCatalogOptions options;
    if (context.isSet(QStringLiteral("name")))
        options.name = context.value(QStringLiteral("name"));
    options.split = options::split(context);
    if (!context.json())
        context.err() << "Reading the package index (apt-cache dumpavail)...\n";
    report(context, DebianCatalog(*context.workspace()).import(options));
    return ExitOk;
}

int runAppend(CliContext& context)
{
    const CommittedVersion result = DatasetImporter(*context.workspace())
                                        .appendCsv(context.argument(0), context.argument(1), options::tableImport(context),
                                                   options::split(context));
    report(context, result);
    return ExitOk;
}

int runList(CliContext& context)
{
    const QVector<DatasetSummary> datasets = DatasetCatalog(*context.workspace()).list();
    if (context.json()) {
        QJsonArray list;
        for (const DatasetSummary& d : datasets) {
            list.append(QJsonObject{{QStringLiteral("name"), d.name}, {QStringLiteral("kind"), d.kind},
                                    {QStringLiteral("versions"), d.versionCount}, {QStringLiteral("rows"), d.rows},
                                    {QStringLiteral("columns"), d.columns}, {QStringLiteral("label_kind"), d.labelKind},
                                    {QStringLiteral("updated_at"), d.updatedAt}});
        }
        context.printJson(list);
        return ExitOk;
    }
    if (datasets.isEmpty()) {
        context.out() << "No datasets yet. Import one with: modelbench-cli dataset import FILE.csv\n";
        return ExitOk;
    }
    QTextStream& out = context.out();
    out << QStringLiteral("%1 %2 %3 %4 %5 %6\n").arg(QStringLiteral("NAME"), -28).arg(QStringLiteral("KIND"), -8)
               .arg(QStringLiteral("VERSIONS"), 8).arg(QStringLiteral("ROWS"), 9).arg(QStringLiteral("COLUMNS"), 7).arg(QStringLiteral("LABEL"));
    for (const DatasetSummary& d : datasets) {
        out << QStringLiteral("%1 %2 %3 %4 %5 %6\n").arg(d.name, -28).arg(d.kind, -8).arg(d.versionCount, 8).arg(d.rows, 9)
                   .arg(d.columns, 7).arg(d.labelKind);
    }
    return ExitOk;
}

int runVersions(CliContext& context)
{
    const QVector<DatasetVersionInfo> versions = DatasetCatalog(*context.workspace()).versions(context.argument(0));
    if (context.json()) {
        QJsonArray list;
        for (const DatasetVersionInfo& info : versions)
            list.append(DatasetPresenter::toJson(info));
        context.printJson(list);
        return ExitOk;
    }
    QTextStream& out = context.out();
    out << QStringLiteral("%1 %2 %3 %4 %5\n").arg(QStringLiteral("VERSION"), -7).arg(QStringLiteral("HASH"), -12)
               .arg(QStringLiteral("ROWS"), 9).arg(QStringLiteral("PARENT"), 6).arg(QStringLiteral("CREATED"));
    for (const DatasetVersionInfo& info : versions) {
        out << QStringLiteral("%1 %2 %3 %4 %5\n").arg(info.number, 7).arg(info.hash.left(12), -12).arg(info.rows, 9)
                   .arg(info.parentNumber > 0 ? QString::number(info.parentNumber) : QStringLiteral("-"), 6).arg(info.createdAt);
    }
    return ExitOk;
}

int runShow(CliContext& context)
{
    const DatasetVersionInfo info = DatasetCatalog(*context.workspace()).resolve(context.argument(0));
    if (context.json())
        context.printJson(DatasetPresenter::toJson(info));
    else
        DatasetPresenter::printDetails(context.out(), info);
    return ExitOk;
}

int runExport(CliContext& context)
{
    DatasetVersion version = DatasetCatalog(*context.workspace()).load(context.argument(0));
    DataTable table = version.table;
    if (context.isSet(QStringLiteral("split"))) {
        const Split wanted = DatasetSplitter::parse(context.value(QStringLiteral("split")), QStringLiteral("--split"));
        std::vector<qsizetype> rows;
        for (qsizetype row = 0; row < qsizetype(version.split.size()); ++row) {
            if (version.split[size_t(row)] == wanted)
                rows.push_back(row);
        }
        table = table.selectRows(rows);
    } else if (context.isSet(QStringLiteral("with-split"))) {
        DataColumn split;
        split.name = QStringLiteral("split");
        split.type = ColumnType::Text;
        for (Split s : version.split)
            split.texts << DatasetSplitter::name(s);
        table.columns << split;
    }
    const QByteArray csv = CanonicalCsv::write(table);
    const QString output = context.value(QStringLiteral("output"));
    if (output.isEmpty() || output == QLatin1String("-")) {
        context.out().flush();
        context.out() << QString::fromUtf8(csv);
        return ExitOk;
    }
    QSaveFile file(output);
    if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size() || !file.commit())
        throw Error(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(output, file.errorString()));
    context.err() << "Wrote " << table.rowCount() << " rows of " << version.info.ref() << " to " << output << "\n";
    return ExitOk;
}

}  // namespace

void addDatasetCommands(CliApp& app)
{
    app.addNoun(QStringLiteral("dataset"), QStringLiteral("Import data and inspect its immutable versions."));

    QList<QCommandLineOption> importOptions = {
        QCommandLineOption(QStringLiteral("name"), QStringLiteral("Dataset name. Default: the file's base name."), QStringLiteral("NAME")),
        QCommandLineOption(QStringLiteral("test"), QStringLiteral("A separate CSV of test rows with the same columns."), QStringLiteral("FILE")),
        QCommandLineOption(QStringLiteral("manifest"), QStringLiteral("The CSV is an image manifest (path,label); detected when its paths name image files.")),
        QCommandLineOption(QStringLiteral("skip-bad"), QStringLiteral("Images: leave unreadable or corrupt files out (listed) instead of failing."))};
    importOptions << options::tableRoles() << options::csvReading() << options::splitting();
    app.addCommand({QStringLiteral("dataset"), QStringLiteral("import"),
                    QStringLiteral("Import a CSV file, an image folder or an image manifest as a new dataset version."),
                    QStringLiteral("An image folder has one subfolder per class; a manifest is a CSV with path,label\n"
                                   "columns (paths relative to it). Every image is decoded first: corrupt files are\n"
                                   "listed and fail the import unless --skip-bad is given.\n\n"
                                   "Reads any CSV: the delimiter (, ; tab |), a header and a UTF-8 byte order mark are\n"
                                   "detected; quoted fields may hold delimiters and line breaks. Each column is numeric or\n"
                                   "text. A numeric label with few distinct integer values is a class, otherwise a\n"
                                   "regression target. Rows are split train/val/test, stratified by class. Importing the\n"
                                   "same content again gives the same version. On any error nothing is stored.\n\n"
                                   "Examples:\n"
                                   "  modelbench-cli dataset import wine.csv --label label\n"
                                   "  modelbench-cli dataset import products.csv --label category --text name,description\n"
                                   "  modelbench-cli dataset import data.txt --no-header --label 0 --delimiter tab\n"
                                   "  modelbench-cli dataset import photos/ --skip-bad"),
                    {{QStringLiteral("path"), QStringLiteral("CSV file, image folder or manifest to import")}},
                    importOptions, runImport});

    QList<QCommandLineOption> appendOptions = options::csvReading();
    appendOptions << QCommandLineOption(QStringLiteral("missing"), QStringLiteral("reject, mean or drop (see import)."), QStringLiteral("POLICY"), QStringLiteral("reject"))
                  << QCommandLineOption(QStringLiteral("split-column"), QStringLiteral("Column holding train/val/test for the new rows."), QStringLiteral("COLUMN"))
                  << options::splitting();
    app.addCommand({QStringLiteral("dataset"), QStringLiteral("append"),
                    QStringLiteral("Add the rows of a CSV file to a dataset, making a new version."),
                    QStringLiteral("The file must have the dataset's columns (in any order). Existing rows keep their\n"
                                   "split; the new rows are split like an import. The new version records its parent."),
                    {{QStringLiteral("dataset"), QStringLiteral("Dataset name")}, {QStringLiteral("path"), QStringLiteral("CSV file with the new rows")}},
                    appendOptions, runAppend});

    QList<QCommandLineOption> debianOptions = {
        QCommandLineOption(QStringLiteral("name"), QStringLiteral("Dataset name."), QStringLiteral("NAME"), QStringLiteral("debian-catalog"))};
    debianOptions << options::splitting();
    app.addCommand({QStringLiteral("dataset"), QStringLiteral("import-debian"),
                    QStringLiteral("Build a product catalogue from this machine's Debian package index."),
                    QStringLiteral("Rows are product_id,name,description,category: each package, its one-line\n"
                                   "description and its archive section (58 classes, heavily imbalanced). Needs apt."),
                    {}, debianOptions, runImportDebian});
    app.addCommand({QStringLiteral("dataset"), QStringLiteral("list"), QStringLiteral("List the datasets with their latest version."), {}, {}, {}, runList});
    app.addCommand({QStringLiteral("dataset"), QStringLiteral("versions"), QStringLiteral("List the versions of a dataset."), {},
                    {{QStringLiteral("dataset"), QStringLiteral("Dataset name")}}, {}, runVersions});
    app.addCommand({QStringLiteral("dataset"), QStringLiteral("show"),
                    QStringLiteral("Show a version: rows, columns and types, class counts, split, source."), {},
                    {{QStringLiteral("ref"), QStringLiteral("NAME (latest), NAME@NUMBER or NAME@HASH")}}, {}, runShow});
    app.addCommand({QStringLiteral("dataset"), QStringLiteral("export"), QStringLiteral("Write a version's rows as CSV."), {},
                    {{QStringLiteral("ref"), QStringLiteral("NAME (latest), NAME@NUMBER or NAME@HASH")}},
                    {QCommandLineOption(QStringLiteral("output"), QStringLiteral("File to write (default: standard output)."), QStringLiteral("FILE")),
                     QCommandLineOption(QStringLiteral("split"), QStringLiteral("Only the rows of this split: train, val or test."), QStringLiteral("SPLIT")),
                     QCommandLineOption(QStringLiteral("with-split"), QStringLiteral("Add a 'split' column with each row's split."))},
                    runExport});
}

}  // namespace mb::cli
