#include "DatasetCatalog.h"

#include "Sql.h"
#include "Workspace.h"

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

}  // namespace mb
