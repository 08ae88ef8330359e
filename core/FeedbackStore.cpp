#include "FeedbackStore.h"

#include "DatasetCatalog.h"
#include "DatasetImporter.h"
#include "DatasetRows.h"
#include "Error.h"
#include "JsonText.h"
#include "Sql.h"
#include "Workspace.h"
#include "WriteTransaction.h"

#include <QSet>

#include <cmath>

namespace mb {
namespace {

const QStringList kSources = {QStringLiteral("gui"), QStringLiteral("api"), QStringLiteral("cli")};

QVariant nullable(qint64 value, qint64 none)
{
    return value != none ? QVariant(value) : QVariant(QMetaType::fromType<qint64>());
}

bool isNumber(const QString& text, double* value = nullptr)
{
    bool ok = false;
    const double number = text.trimmed().toDouble(&ok);
    if (value)
        *value = number;
    return ok && std::isfinite(number);
}

QVector<Feedback> query(const QSqlDatabase& db, const QString& where, const QVariantList& values)
{
    QSqlQuery query = sql::exec(db,
                                QStringLiteral("SELECT f.id, COALESCE(f.dataset_version_id, 0), COALESCE(f.row_index, -1), "
                                               "COALESCE(f.model_version_id, 0), f.input, f.label, f.source, f.created_at, "
                                               "COALESCE(d.name || '@' || dv.number, ''), COALESCE(m.name || '@' || mv.version, '') "
                                               "FROM feedback f "
                                               "LEFT JOIN dataset_versions dv ON dv.id = f.dataset_version_id "
                                               "LEFT JOIN datasets d ON d.id = dv.dataset_id "
                                               "LEFT JOIN model_versions mv ON mv.id = f.model_version_id "
                                               "LEFT JOIN models m ON m.id = mv.model_id %1 ORDER BY f.id")
                                    .arg(where),
                                values);
    QVector<Feedback> entries;
    while (query.next()) {
        Feedback entry;
        entry.id = query.value(0).toLongLong();
        entry.datasetVersionId = query.value(1).toLongLong();
        entry.rowIndex = query.value(2).toLongLong();
        entry.modelVersionId = query.value(3).toLongLong();
        entry.input = json::parse(query.value(4).toString());
        entry.label = query.value(5).toString();
        entry.source = query.value(6).toString();
        entry.createdAt = query.value(7).toString();
        entry.datasetRef = query.value(8).toString();
        entry.modelRef = query.value(9).toString();
        entries << entry;
    }
    return entries;
}

// Checks one entry against the registry and fills in the dataset of an input from its model.
void resolveEntry(const QSqlDatabase& db, Feedback& entry, const QString& what)
{
    entry.label = entry.label.trimmed();
    if (entry.label.isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: label: a corrected label is required").arg(what));
    if (!kSources.contains(entry.source))
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: source: '%2' is not one of %3").arg(what, entry.source, kSources.join(QLatin1String(", "))));
    if (entry.isRow() && !entry.input.isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: give a dataset row or an input, not both").arg(what));
    if (!entry.isRow() && entry.input.isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: give a dataset row (version and row index) or an input").arg(what));
    if (entry.isRow() && entry.datasetVersionId <= 0)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: row %2 needs the dataset version it belongs to").arg(what).arg(entry.rowIndex));

    if (entry.modelVersionId > 0) {
        QSqlQuery model = sql::exec(db, QStringLiteral("SELECT COALESCE(dataset_version_id, 0) FROM model_versions WHERE id = ?"), {entry.modelVersionId});
        if (!model.next())
            throw Error(ErrorCode::NotFound, QStringLiteral("%1: no model version with id %2").arg(what).arg(entry.modelVersionId));
        if (!entry.isRow() && entry.datasetVersionId <= 0)
            entry.datasetVersionId = model.value(0).toLongLong();
    }
    if (entry.datasetVersionId <= 0) {
        if (entry.modelVersionId <= 0)
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: an input needs the model version or the dataset it belongs to").arg(what));
        return;  // a model imported without a dataset: kept, but no dataset can take it
    }
    QSqlQuery dataset = sql::exec(db, QStringLiteral("SELECT row_count, label_kind FROM dataset_versions WHERE id = ?"), {entry.datasetVersionId});
    if (!dataset.next())
        throw Error(ErrorCode::NotFound, QStringLiteral("%1: no dataset version with id %2").arg(what).arg(entry.datasetVersionId));
    const qint64 rows = dataset.value(0).toLongLong();
    if (entry.isRow() && entry.rowIndex >= rows)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: row %2 is outside the dataset version's %3 rows").arg(what).arg(entry.rowIndex).arg(rows));
    if (dataset.value(1).toString() == toString(LabelKind::Regression) && !isNumber(entry.label))
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: label: '%2' is not a number, and the dataset's target is numeric").arg(what, entry.label.left(40)));
}

// The latest version and the versions whose row numbers it keeps (it was made from them by
// appending rows or applying feedback), with the highest feedback id already applied among them.
struct Lineage {
    DatasetVersionInfo latest;
    QSet<qint64> rowCompatible;
    qint64 appliedThrough = 0;
};

Lineage lineageOf(const DatasetCatalog& catalog, const QString& dataset)
{
    Lineage lineage;
    lineage.latest = catalog.resolve(dataset);
    DatasetVersionInfo version = lineage.latest;
    for (;;) {
        lineage.rowCompatible.insert(version.id);
        const QJsonObject source = version.metadata.value(QStringLiteral("source")).toObject();
        lineage.appliedThrough = std::max(lineage.appliedThrough, source.value(QStringLiteral("feedback")).toObject().value(QStringLiteral("through_id")).toInteger());
        const QString parent = source.value(QStringLiteral("appended_to")).toString();
        if (parent.isEmpty())
            break;
        version = catalog.resolve(parent);
        if (lineage.rowCompatible.contains(version.id))
            break;
    }
    return lineage;
}

void relabel(DataColumn& label, const Feedback& entry)
{
    if (label.type == ColumnType::Text) {
        label.texts[entry.rowIndex] = entry.label;
        return;
    }
    double value = 0;
    if (!isNumber(entry.label, &value)) {
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("feedback %1: label '%2' is not a number, and the label column '%3' holds numbers")
                                                    .arg(entry.id).arg(entry.label.left(40), label.name));
    }
    label.numbers[size_t(entry.rowIndex)] = value;
}

}  // namespace

QJsonObject Feedback::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("dataset_version"), datasetRef.isEmpty() ? QJsonValue() : QJsonValue(datasetRef)},
                       {QStringLiteral("row_index"), isRow() ? QJsonValue(rowIndex) : QJsonValue()},
                       {QStringLiteral("model_version"), modelRef.isEmpty() ? QJsonValue() : QJsonValue(modelRef)},
                       {QStringLiteral("input"), isRow() ? QJsonValue() : QJsonValue(input)},
                       {QStringLiteral("label"), label},
                       {QStringLiteral("source"), source},
                       {QStringLiteral("created_at"), createdAt}};
}

QVector<qint64> FeedbackStore::add(const QVector<Feedback>& entries) const
{
    const QSqlDatabase db = m_workspace.database();
    WriteTransaction transaction(db);
    QVector<qint64> ids;
    for (int i = 0; i < entries.size(); ++i) {
        Feedback entry = entries.at(i);
        resolveEntry(db, entry, entries.size() == 1 ? QStringLiteral("feedback") : QStringLiteral("feedback %1 of %2").arg(i + 1).arg(entries.size()));
        const QSqlQuery insert =
            sql::exec(db, QStringLiteral("INSERT INTO feedback (dataset_version_id, row_index, model_version_id, input, label, source) VALUES (?, ?, ?, ?, ?, ?)"),
                      {nullable(entry.datasetVersionId, 0), nullable(entry.rowIndex, -1), nullable(entry.modelVersionId, 0),
                       entry.isRow() ? QStringLiteral("{}") : json::compact(entry.input), entry.label, entry.source});
        ids << insert.lastInsertId().toLongLong();
    }
    transaction.commit();
    return ids;
}

QVector<Feedback> FeedbackStore::list(const FeedbackFilter& filter) const
{
    return query(m_workspace.database(), QStringLiteral("WHERE (? = '' OR m.name = ?) AND (? = '' OR d.name = ?)"),
                 {filter.model, filter.model, filter.dataset, filter.dataset});
}

void FeedbackStore::remove(qint64 id) const
{
    const QSqlDatabase db = m_workspace.database();
    WriteTransaction transaction(db);
    if (!sql::scalar(db, QStringLiteral("SELECT 1 FROM feedback WHERE id = ?"), {id}).isValid())
        throw Error(ErrorCode::NotFound, QStringLiteral("no feedback with id %1").arg(id));
    sql::exec(db, QStringLiteral("DELETE FROM feedback WHERE id = ?"), {id});
    m_workspace.audit(QStringLiteral("local"), QStringLiteral("feedback.remove"), QString::number(id));
    transaction.commit();
}

AppliedFeedback FeedbackStore::applyToDataset(const QString& datasetName) const
{
    DatasetWriter::checkName(datasetName);
    const DatasetCatalog catalog(m_workspace);
    const Lineage lineage = lineageOf(catalog, datasetName);
    QVector<Feedback> rows, inputs;
    qint64 through = lineage.appliedThrough;
    for (const Feedback& entry : query(m_workspace.database(), QStringLiteral("WHERE d.name = ? AND f.id > ?"), {datasetName, lineage.appliedThrough})) {
        if (entry.isRow() && !lineage.rowCompatible.contains(entry.datasetVersionId))
            continue;  // its row numbers mean other rows in the latest version
        (entry.isRow() ? rows : inputs) << entry;
        through = std::max(through, entry.id);
    }
    AppliedFeedback applied;
    if (rows.isEmpty() && inputs.isEmpty()) {
        applied.version = {lineage.latest, false};
        return applied;
    }

    DatasetVersion base = catalog.load(lineage.latest);
    const QString labelColumn = base.schema.labelColumn();
    DataColumn& label = base.table.columns[base.table.indexOf(labelColumn)];
    QSet<qint64> relabelled;
    for (const Feedback& entry : std::as_const(rows)) {  // oldest first: the latest correction of a row wins
        if (entry.rowIndex >= base.table.rowCount())
            throw Error(ErrorCode::Corrupt, QStringLiteral("feedback %1: row %2 is not in %3").arg(entry.id).arg(entry.rowIndex).arg(lineage.latest.ref()));
        relabel(label, entry);
        relabelled.insert(entry.rowIndex);
    }
    if (!inputs.isEmpty() && base.schema.kind == DatasetKind::Image)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("'%1' is an image dataset: feedback inputs cannot become rows of it").arg(datasetName));
    DataTable added;
    for (const Feedback& entry : std::as_const(inputs)) {
        QJsonObject input = entry.input;
        input.insert(labelColumn, entry.label);
        const DataTable row = DatasetRows::fromObjects({input}, base.schema, QStringLiteral("feedback %1").arg(entry.id), DatasetRows::UnknownColumns::Ignore);
        if (added.columns.isEmpty())
            added = row;
        else
            added.append(row);
    }
    const QJsonObject source{{QStringLiteral("feedback"), QJsonObject{{QStringLiteral("through_id"), through},
                                                                      {QStringLiteral("relabelled"), relabelled.size()},
                                                                      {QStringLiteral("appended"), inputs.size()}}}};
    applied.relabelled = relabelled.size();
    applied.appended = inputs.size();
    applied.version = DatasetImporter(m_workspace).appendTo(std::move(base), added, {}, source, SplitOptions{});
    return applied;
}

}  // namespace mb
