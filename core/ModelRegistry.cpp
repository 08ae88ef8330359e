#include "ModelRegistry.h"

#include "Error.h"
#include "JsonText.h"
#include "Sql.h"
#include "Workspace.h"
#include "WriteTransaction.h"

#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>

namespace mb {
namespace {


}  // namespace

void ModelRegistry::checkModelName(const QString& name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    if (!valid.match(name).hasMatch())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("'%1' is not a valid model name: use up to 64 letters, digits, '.', '_' or '-'").arg(name));
}

void ModelRegistry::checkAliasName(const QString& alias)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z][A-Za-z0-9_-]{0,31}$"));
    if (!valid.match(alias).hasMatch())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("'%1' is not a valid alias: start with a letter, then up to 31 letters, digits, '_' or '-'").arg(alias));
}

QVector<ModelVersionInfo> ModelRegistry::query(const QString& where, const QVariantList& values) const
{
    QSqlQuery query = sql::exec(m_workspace.database(), QStringLiteral(R"(
        SELECT mv.id, m.name, mv.version, m.task, mv.model_type, mv.bundle, COALESCE(mv.run_id, 0),
               COALESCE(mv.dataset_version_id, 0), COALESCE(d.name || '@' || dv.number, ''),
               COALESCE((SELECT group_concat(a.alias, ',') FROM model_aliases a WHERE a.version_id = mv.id), ''),
               mv.metrics, mv.signature, mv.description, mv.created_at
        FROM model_versions mv
        JOIN models m ON m.id = mv.model_id
        LEFT JOIN dataset_versions dv ON dv.id = mv.dataset_version_id
        LEFT JOIN datasets d ON d.id = dv.dataset_id
        WHERE %1 ORDER BY m.name, mv.version)").arg(where), values);
    QVector<ModelVersionInfo> result;
    while (query.next()) {
        ModelVersionInfo info;
        info.id = query.value(0).toLongLong();
        info.model = query.value(1).toString();
        info.version = query.value(2).toInt();
        info.task = query.value(3).toString();
        info.modelType = query.value(4).toString();
        info.bundle = query.value(5).toString();
        info.runId = query.value(6).toLongLong();
        info.datasetVersionId = query.value(7).toLongLong();
        info.datasetRef = query.value(8).toString();
        info.aliases = query.value(9).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        info.aliases.sort();
        info.metrics = json::parse(query.value(10).toString());
        info.signature = json::parse(query.value(11).toString());
        info.description = query.value(12).toString();
        info.createdAt = query.value(13).toString();
        result << info;
    }
    return result;
}

QVector<ModelSummary> ModelRegistry::list() const
{
    QSqlQuery query = sql::exec(m_workspace.database(), QStringLiteral(R"(
        SELECT m.name, m.task, COUNT(mv.id), COALESCE(MAX(mv.version), 0),
               COALESCE((SELECT group_concat(a.alias || '=' || v.version, ',') FROM model_aliases a
                         JOIN model_versions v ON v.id = a.version_id WHERE a.model_id = m.id), ''),
               COALESCE(MAX(mv.created_at), m.created_at)
        FROM models m LEFT JOIN model_versions mv ON mv.model_id = m.id
        GROUP BY m.id ORDER BY m.name)"));
    QVector<ModelSummary> result;
    while (query.next()) {
        ModelSummary summary;
        summary.name = query.value(0).toString();
        summary.task = query.value(1).toString();
        summary.versions = query.value(2).toInt();
        summary.latest = query.value(3).toInt();
        summary.aliases = query.value(4).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        summary.aliases.sort();
        summary.updatedAt = query.value(5).toString();
        result << summary;
    }
    return result;
}

QVector<ModelVersionInfo> ModelRegistry::versions(const QString& model) const
{
    const QVector<ModelVersionInfo> result = query(QStringLiteral("m.name = ?"), {model});
    if (result.isEmpty()) {
        QStringList names;
        for (const ModelSummary& summary : list())
            names << summary.name;
        throw Error(ErrorCode::NotFound, names.isEmpty() ? QStringLiteral("no model '%1': nothing is registered yet").arg(model)
                                                         : QStringLiteral("no model '%1' (models: %2)").arg(model, names.join(QLatin1String(", "))));
    }
    return result;
}

ModelVersionInfo ModelRegistry::resolve(const QString& ref) const
{
    const qsizetype at = ref.lastIndexOf(QLatin1Char('@'));
    const QString name = at < 0 ? ref : ref.left(at);
    const QString selector = at < 0 ? QString() : ref.mid(at + 1);
    if (name.isEmpty() || (at >= 0 && selector.isEmpty()))
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("'%1' is not a model reference: use NAME, NAME@VERSION or NAME@ALIAS").arg(ref));
    const QVector<ModelVersionInfo> all = versions(name);
    bool isNumber = false;
    const int number = selector.toInt(&isNumber);
    const QString alias = selector.isEmpty() ? QStringLiteral("production") : selector;
    for (const ModelVersionInfo& info : all) {
        if ((isNumber && info.version == number) || (!isNumber && info.aliases.contains(alias)))
            return info;
    }
    if (selector.isEmpty())
        return all.last();
    throw Error(ErrorCode::NotFound, isNumber ? QStringLiteral("model '%1' has no version %2 (versions: 1 to %3)").arg(name).arg(number).arg(all.last().version)
                                              : QStringLiteral("model '%1' has no alias '%2'").arg(name, selector));
}

ModelVersionInfo ModelRegistry::get(qint64 versionId) const
{
    const QVector<ModelVersionInfo> found = query(QStringLiteral("mv.id = ?"), {versionId});
    if (found.isEmpty())
        throw Error(ErrorCode::NotFound, QStringLiteral("no model version with id %1").arg(versionId));
    return found.first();
}

ModelVersionInfo ModelRegistry::registerVersion(const NewModelVersion& version, const QString& actor) const
{
    checkModelName(version.model);
    const QString bundle = m_workspace.artifacts().put(version.bundle);
    const QSqlDatabase db = m_workspace.database();
    WriteTransaction transaction(db);
    sql::exec(db, QStringLiteral("INSERT OR IGNORE INTO models (name, task) VALUES (?, ?)"), {version.model, version.task});
    QSqlQuery model = sql::exec(db, QStringLiteral("SELECT id, task FROM models WHERE name = ?"), {version.model});
    model.next();
    if (model.value(1).toString() != version.task) {
        throw Error(ErrorCode::Conflict, QStringLiteral("model '%1' is a %2 model; a %3 version cannot join it (choose another name)")
                                             .arg(version.model, model.value(1).toString(), version.task));
    }
    const qint64 modelId = model.value(0).toLongLong();
    const int number = sql::scalar(db, QStringLiteral("SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE model_id = ?"), {modelId}).toInt();
    const auto nullable = [](qint64 id) { return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>()); };
    const QSqlQuery insert = sql::exec(db, QStringLiteral("INSERT INTO model_versions (model_id, version, run_id, dataset_version_id, bundle, "
                                                          "model_type, metrics, signature, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                                       {modelId, number, nullable(version.runId), nullable(version.datasetVersionId), bundle, version.modelType,
                                        json::compact(version.metrics), json::compact(version.signature), version.description});
    const qint64 id = insert.lastInsertId().toLongLong();
    m_workspace.audit(actor, QStringLiteral("model.version.create"), QStringLiteral("%1@%2").arg(version.model).arg(number), bundle);
    transaction.commit();
    return get(id);
}

ModelVersionInfo ModelRegistry::setAlias(const QString& ref, const QString& alias, const QString& actor) const
{
    checkAliasName(alias);
    const ModelVersionInfo target = resolve(ref);
    const QSqlDatabase db = m_workspace.database();
    WriteTransaction transaction(db);
    const qint64 modelId = sql::scalar(db, QStringLiteral("SELECT model_id FROM model_versions WHERE id = ?"), {target.id}).toLongLong();
    const QVariant previous = sql::scalar(db, QStringLiteral("SELECT v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id "
                                                             "WHERE a.model_id = ? AND a.alias = ?"), {modelId, alias});
    sql::exec(db, QStringLiteral("INSERT INTO model_aliases (model_id, alias, version_id) VALUES (?, ?, ?) "
                                 "ON CONFLICT (model_id, alias) DO UPDATE SET version_id = excluded.version_id, "
                                 "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"),
              {modelId, alias, target.id});
    m_workspace.audit(actor, QStringLiteral("model.alias.set"), QStringLiteral("%1@%2").arg(target.model, alias),
                      previous.isValid() ? QStringLiteral("%1 -> %2").arg(previous.toInt()).arg(target.version)
                                         : QStringLiteral("-> %1").arg(target.version));
    transaction.commit();
    return get(target.id);
}

void ModelRegistry::removeAlias(const QString& model, const QString& alias, const QString& actor) const
{
    const ModelVersionInfo target = resolve(QStringLiteral("%1@%2").arg(model, alias));
    const QSqlDatabase db = m_workspace.database();
    WriteTransaction transaction(db);
    sql::exec(db, QStringLiteral("DELETE FROM model_aliases WHERE version_id = ? AND alias = ?"), {target.id, alias});
    m_workspace.audit(actor, QStringLiteral("model.alias.remove"), QStringLiteral("%1@%2").arg(model, alias),
                      QStringLiteral("%1 ->").arg(target.version));
    transaction.commit();
}

void ModelRegistry::deleteVersion(const QString& ref, bool force, const QString& actor) const
{
    const ModelVersionInfo target = resolve(ref);
    if (!target.aliases.isEmpty() && !force) {
        throw Error(ErrorCode::Conflict, QStringLiteral("%1 is aliased as %2; move the alias first or force the deletion")
                                             .arg(target.ref(), target.aliases.join(QLatin1String(", "))));
    }
    const QSqlDatabase db = m_workspace.database();
    WriteTransaction transaction(db);
    sql::exec(db, QStringLiteral("DELETE FROM model_aliases WHERE version_id = ?"), {target.id});
    sql::exec(db, QStringLiteral("DELETE FROM predictions WHERE model_version_id = ?"), {target.id});
    sql::exec(db, QStringLiteral("UPDATE feedback SET model_version_id = NULL WHERE model_version_id = ?"), {target.id});
    sql::exec(db, QStringLiteral("DELETE FROM model_versions WHERE id = ?"), {target.id});
    m_workspace.audit(actor, QStringLiteral("model.version.delete"), target.ref(),
                      target.aliases.isEmpty() ? QString() : QStringLiteral("forced; aliases removed: %1").arg(target.aliases.join(QLatin1String(", "))));
    const bool stillUsed = sql::scalar(db, QStringLiteral("SELECT 1 FROM model_versions WHERE bundle = ?"), {target.bundle}).isValid();
    transaction.commit();
    if (!stillUsed)
        QFile::remove(m_workspace.artifacts().pathFor(target.bundle));
}

QByteArray ModelRegistry::bundleBytes(const ModelVersionInfo& version) const
{
    return m_workspace.artifacts().get(version.bundle);
}

}  // namespace mb
