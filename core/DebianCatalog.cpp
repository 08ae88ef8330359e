#include "DebianCatalog.h"

#include "DatasetImporter.h"
#include "Error.h"

#include <QFileInfo>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>

#include <algorithm>
#include <vector>

namespace mb {
namespace {

const QString kNoPackages = QStringLiteral("apt knows no packages: run apt-get update first");

struct Package {
    QString name;
    QString description;
    QString category;
};

QByteArray fieldName(const QByteArray& line, qsizetype colon)
{
    return line.left(colon).trimmed().toLower();
}

}  // namespace

DatasetSchema DebianCatalog::schema()
{
    DatasetSchema schema;
    schema.kind = DatasetKind::Text;
    schema.labelKind = LabelKind::Classification;
    schema.columns
        = { ColumnSpec { QStringLiteral("product_id"), ColumnType::Numeric, ColumnRole::Ignore },
              ColumnSpec { QStringLiteral("name"), ColumnType::Text, ColumnRole::Text },
              ColumnSpec { QStringLiteral("description"), ColumnType::Text, ColumnRole::Text },
              ColumnSpec { QStringLiteral("category"), ColumnType::Text, ColumnRole::Label } };
    return schema;
}

DataTable DebianCatalog::parse(const QByteArray& dumpavail)
{
    std::vector<Package> packages;
    QSet<QString> seen;
    QByteArray package, section, description;
    bool hasDescription = false;
    const auto finishStanza = [&] {
        const qsizetype slash = section.lastIndexOf('/');
        const QByteArray category = slash >= 0 ? section.mid(slash + 1).trimmed() : section;
        if (!package.isEmpty() && !category.isEmpty()) {
            const QString name = QString::fromUtf8(package);
            if (!seen.contains(name)) {
                seen.insert(name);
                packages.push_back(
                    { name, QString::fromUtf8(description), QString::fromUtf8(category) });
            }
        }
        package.clear();
        section.clear();
        description.clear();
        hasDescription = false;
    };

    qsizetype at = 0;
    const qsizetype size = dumpavail.size();
    while (at < size) {
        qsizetype end = dumpavail.indexOf('\n', at);
        if (end < 0)
            end = size;
        const QByteArray line = dumpavail.mid(at, end - at);
        at = end + 1;
        if (line.trimmed().isEmpty()) {
            finishStanza();
            continue;
        }
        if (line.front() == ' ' || line.front() == '\t')
            continue;  // a continuation: only the first line of a description is kept
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray field = fieldName(line, colon);
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (field == "package") {
            package = value;
        } else if (field == "section") {
            section = value;
        } else if (field == "description" || (field == "description-en" && !hasDescription)) {
            description = value;
            hasDescription = true;
        }
    }
    finishStanza();

    std::sort(packages.begin(), packages.end(),
        [](const Package& a, const Package& b) { return a.name < b.name; });
    DataColumn id { QStringLiteral("product_id"), ColumnType::Numeric, {}, {} };
    DataColumn name { QStringLiteral("name"), ColumnType::Text, {}, {} };
    DataColumn text { QStringLiteral("description"), ColumnType::Text, {}, {} };
    DataColumn category { QStringLiteral("category"), ColumnType::Text, {}, {} };
    id.numbers.reserve(packages.size());
    name.texts.reserve(qsizetype(packages.size()));
    text.texts.reserve(qsizetype(packages.size()));
    category.texts.reserve(qsizetype(packages.size()));
    for (size_t i = 0; i < packages.size(); ++i) {
        id.numbers.push_back(double(i + 1));
        name.texts << packages[i].name;
        text.texts << packages[i].description;
        category.texts << packages[i].category;
    }
    DataTable table;
    table.columns = { id, name, text, category };
    return table;
}

QByteArray DebianCatalog::dumpavail(const DebianCatalogOptions& options)
{
    const QString notFound
        = QStringLiteral("%1 not found: the Debian catalogue needs a Debian system with apt")
              .arg(options.aptCache);
    const QString program = QFileInfo(options.aptCache).isAbsolute()
        ? options.aptCache
        : QStandardPaths::findExecutable(options.aptCache);
    if (program.isEmpty() || !QFileInfo(program).isExecutable())
        throw Error(ErrorCode::NotFound, notFound);

    QProcess process;
    process.setProgram(program);
    process.setArguments({ QStringLiteral("dumpavail") });
    process.start(QIODevice::ReadOnly);
    if (!process.waitForStarted())
        throw Error(
            ErrorCode::NotFound, QStringLiteral("%1 (%2)").arg(notFound, process.errorString()));
    if (!process.waitForFinished(options.timeoutMs)) {
        const QString why = process.error() == QProcess::Timedout
            ? QStringLiteral("did not finish within %1 s").arg(options.timeoutMs / 1000)
            : process.errorString();
        process.kill();
        process.waitForFinished();
        throw Error(ErrorCode::Io, QStringLiteral("%1 dumpavail failed: %2").arg(program, why));
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const QString stderrText = QString::fromLocal8Bit(process.readAllStandardError()).trimmed();
        throw Error(ErrorCode::Io,
            QStringLiteral("%1 dumpavail failed (exit code %2)%3")
                .arg(program)
                .arg(process.exitCode())
                .arg(stderrText.isEmpty() ? QString()
                                          : QStringLiteral(": ") + stderrText.left(500)));
    }
    return process.readAllStandardOutput();
}

CommittedVersion DebianCatalog::import(
    const DebianCatalogOptions& options, const DatasetWriter::StepObserver& observer) const
{
    return importText(dumpavail(options), options, observer);
}

CommittedVersion DebianCatalog::importText(const QByteArray& dumpavail,
    const DebianCatalogOptions& options, const DatasetWriter::StepObserver& observer) const
{
    NewDatasetVersion version;
    version.name = options.name;
    DatasetWriter::checkName(version.name);
    version.table = parse(dumpavail);
    if (version.table.rowCount() == 0)
        throw Error(ErrorCode::NotFound, kNoPackages);
    version.schema = schema();
    const QStringList& categories
        = version.table.columns.at(version.table.indexOf(QStringLiteral("category"))).texts;
    if (QSet<QString>(categories.cbegin(), categories.cend()).size() < 2) {
        throw Error(ErrorCode::InvalidArgument,
            QStringLiteral("the %1 packages apt knows all have the section '%2'; a classifier "
                           "needs two or more categories")
                .arg(categories.size())
                .arg(categories.first()));
    }
    version.split = DatasetImporter::splitFor(version.table, version.schema, options.split);
    version.splitInfo = DatasetImporter::describeSplit(QStringLiteral("stratified"), options.split);
    version.source
        = QJsonObject { { QStringLiteral("generator"), QStringLiteral("apt-cache dumpavail") },
              { QStringLiteral("packages"), qint64(version.table.rowCount()) } };
    return DatasetWriter(m_workspace).commit(version, observer);
}

}  // namespace mb
