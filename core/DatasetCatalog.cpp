#include "DatasetCatalog.h"

#include "CanonicalCsv.h"
#include "Error.h"
#include "Sql.h"
#include "Workspace.h"

#include <QJsonDocument>

namespace mb {

QVector<DatasetSummary> DatasetCatalog::list() const
{
    QSqlQuery query = sql::exec(m_workspace.database(), QStringLiteral(R"(
        SELECT d.name, d.kind,
               (SELECT COUNT(*) FROM dataset_versions v WHERE v.dataset_id = d.id),
               latest.row_count, latest.column_count, latest.label_kind,
               COALESCE(latest.created_at, d.created_at)
        FROM datasets d
        LEFT JOIN dataset_versions latest ON latest.id =
            (SELECT MAX(id) FROM dataset_versions v WHERE v.dataset_id = d.id)
        ORDER BY d.name)"));
    QVector<DatasetSummary> result;
    while (query.next()) {
        DatasetSummary summary;
        summary.name = query.value(0).toString();
        summary.kind = query.value(1).toString();
        summary.versionCount = query.value(2).toInt();
        summary.rows = query.value(3).toLongLong();
        summary.columns = query.value(4).toInt();
        summary.labelKind = query.value(5).toString();
        summary.updatedAt = query.value(6).toString();
        result << summary;
    }
    return result;
}

QVector<DatasetVersionInfo> DatasetCatalog::query(const QString& where, const QVariantList& values) const
{
    QSqlQuery query = sql::exec(m_workspace.database(), QStringLiteral(R"(
        SELECT v.id, d.name, d.kind, v.number, COALESCE(p.number, 0), v.content_hash, v.artifact, v.split_artifact,
               v.row_count, v.column_count, v.label_kind, v.metadata, v.created_at
        FROM dataset_versions v
        JOIN datasets d ON d.id = v.dataset_id
        LEFT JOIN dataset_versions p ON p.id = v.parent_id
        WHERE %1 ORDER BY d.name, v.number)").arg(where), values);
    QVector<DatasetVersionInfo> result;
    while (query.next()) {
        DatasetVersionInfo info;
        info.id = query.value(0).toLongLong();
        info.dataset = query.value(1).toString();
        info.kind = datasetKindFromString(query.value(2).toString(), QStringLiteral("dataset kind"));
        info.number = query.value(3).toInt();
        info.parentNumber = query.value(4).toInt();
        info.hash = query.value(5).toString();
        info.artifact = query.value(6).toString();
        info.splitArtifact = query.value(7).toString();
        info.rows = query.value(8).toLongLong();
        info.columns = query.value(9).toInt();
        info.labelKind = labelKindFromString(query.value(10).toString(), QStringLiteral("label kind"));
        info.metadata = QJsonDocument::fromJson(query.value(11).toString().toUtf8()).object();
        info.createdAt = query.value(12).toString();
        result << info;
    }
    return result;
}

QVector<DatasetVersionInfo> DatasetCatalog::versions(const QString& dataset) const
{
    const QVector<DatasetVersionInfo> result = query(QStringLiteral("d.name = ?"), {dataset});
    if (result.isEmpty()) {
        QStringList names;
        for (const DatasetSummary& summary : list())
            names << summary.name;
        throw Error(ErrorCode::NotFound, names.isEmpty() ? QStringLiteral("no dataset '%1': the workspace has no datasets yet").arg(dataset)
                                                         : QStringLiteral("no dataset '%1' (datasets: %2)").arg(dataset, names.join(QLatin1String(", "))));
    }
    return result;
}

DatasetVersionInfo DatasetCatalog::resolve(const QString& ref) const
{
    const qsizetype at = ref.lastIndexOf(QLatin1Char('@'));
    const QString name = at < 0 ? ref : ref.left(at);
    const QString version = at < 0 ? QString() : ref.mid(at + 1);
    if (name.isEmpty() || (at >= 0 && version.isEmpty()))
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("'%1' is not a dataset reference: use NAME, NAME@NUMBER or NAME@HASH").arg(ref));
    const QVector<DatasetVersionInfo> all = versions(name);
    if (version.isEmpty())
        return all.last();
    bool isNumber = false;
    const int number = version.toInt(&isNumber);
    QVector<DatasetVersionInfo> matches;
    for (const DatasetVersionInfo& info : all) {
        if ((isNumber && info.number == number) || (!isNumber && version.size() >= 6 && info.hash.startsWith(version)))
            matches << info;
    }
    if (matches.size() == 1)
        return matches.first();
    throw Error(matches.isEmpty() ? ErrorCode::NotFound : ErrorCode::InvalidArgument,
                matches.isEmpty() ? QStringLiteral("dataset '%1' has no version '%2' (versions 1 to %3)").arg(name, version).arg(all.last().number)
                                  : QStringLiteral("'%1' matches several versions; give more of the hash").arg(ref));
}

std::optional<DatasetVersionInfo> DatasetCatalog::findByHash(const QString& dataset, const QString& hash) const
{
    const QVector<DatasetVersionInfo> found = query(QStringLiteral("d.name = ? AND v.content_hash = ?"), {dataset, hash});
    return found.isEmpty() ? std::nullopt : std::optional<DatasetVersionInfo>(found.first());
}

DatasetVersion DatasetCatalog::load(const DatasetVersionInfo& info) const
{
    DatasetVersion version;
    version.info = info;
    version.schema = info.schema();
    version.table = CanonicalCsv::read(m_workspace.artifacts().get(info.artifact), version.schema);
    version.split = DatasetSplitter::decode(m_workspace.artifacts().get(info.splitArtifact), version.table.rowCount());
    return version;
}

}  // namespace mb
