#include "DatasetWriter.h"

#include "CanonicalCsv.h"
#include "DatasetCatalog.h"
#include "Error.h"
#include "Sha256.h"
#include "Sql.h"
#include "Workspace.h"
#include "WriteTransaction.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QRegularExpression>

#include <cmath>

namespace mb {
namespace {

QJsonObject labelSummary(const DataTable& table, const DatasetSchema& schema)
{
    const DataColumn& label = table.columns.at(table.indexOf(schema.labelColumn()));
    if (schema.labelKind == LabelKind::Classification) {
        QMap<QString, qint64> counts;
        for (qsizetype row = 0; row < label.size(); ++row)
            ++counts[label.text(row).trimmed()];
        QJsonObject json;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            json.insert(it.key(), it.value());
        return QJsonObject{{QStringLiteral("class_counts"), json}};
    }
    double sum = 0, sumSquares = 0, low = INFINITY, high = -INFINITY;
    for (double value : label.numbers) {
        sum += value;
        sumSquares += value * value;
        low = std::min(low, value);
        high = std::max(high, value);
    }
    const double n = double(label.numbers.size());
    const double mean = sum / n;
    return QJsonObject{{QStringLiteral("target"),
                        QJsonObject{{QStringLiteral("min"), low},
                                    {QStringLiteral("max"), high},
                                    {QStringLiteral("mean"), mean},
                                    {QStringLiteral("std"), std::sqrt(std::max(0.0, sumSquares / n - mean * mean))}}}};
}

}  // namespace

void DatasetWriter::checkName(const QString& name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    if (!valid.match(name).hasMatch()) {
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("'%1' is not a valid dataset name: use up to 64 letters, digits, '.', '_' or '-', "
                                   "starting with a letter or digit").arg(name));
    }
}

CommittedVersion DatasetWriter::commit(const NewDatasetVersion& version, const StepObserver& observer) const
{
    const auto step = [&](Step s) {
        if (observer)
            observer(s);
    };
    checkName(version.name);
    if (qsizetype(version.split.size()) != version.table.rowCount())
        throw Error(ErrorCode::Internal, QStringLiteral("split has %1 rows, table %2").arg(version.split.size()).arg(version.table.rowCount()));
    if (version.table.rowCount() == 0)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("dataset '%1' would have no rows").arg(version.name));

    step(Step::Canonicalize);
    const QByteArray content = CanonicalCsv::write(version.table);
    const QByteArray splitBytes = DatasetSplitter::encode(version.split);
    const QByteArray schemaJson = QJsonDocument(version.schema.toJson()).toJson(QJsonDocument::Compact);
    const QString contentHash = Sha256::hex(content);
    const QString splitHash = Sha256::hex(splitBytes);
    const QString versionHash = Sha256::hex(contentHash.toLatin1() + '\n' + splitHash.toLatin1() + '\n' + schemaJson);

    const DatasetCatalog catalog(m_workspace);
    if (const auto existing = catalog.findByHash(version.name, versionHash))
        return {*existing, false};

    step(Step::StoreArtifacts);
    const ArtifactStore& store = m_workspace.artifacts();
    QStringList added;
    const auto put = [&](const QByteArray& bytes) {
        const QString hash = Sha256::hex(bytes);
        if (!store.contains(hash))
            added << hash;
        store.put(bytes);
    };
    try {
        put(content);
        put(splitBytes);
        for (const QByteArray& blob : version.attachmentBlobs)
            put(blob);
        for (const QString& file : version.attachmentFiles) {
            QFile source(file);
            if (!source.open(QIODevice::ReadOnly))
                throw Error(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(file, source.errorString()));
            put(source.readAll());
        }

        QJsonObject metadata = labelSummary(version.table, version.schema);
        metadata.insert(QStringLiteral("schema"), version.schema.toJson());
        QJsonObject splitInfo = version.splitInfo;
        const auto counts = DatasetSplitter::counts(version.split);
        splitInfo.insert(QStringLiteral("counts"), QJsonObject{{QStringLiteral("train"), counts[0]},
                                                               {QStringLiteral("val"), counts[1]},
                                                               {QStringLiteral("test"), counts[2]}});
        metadata.insert(QStringLiteral("split"), splitInfo);
        metadata.insert(QStringLiteral("source"), version.source);
        metadata.insert(QStringLiteral("notices"), QJsonArray::fromStringList(version.notices));

        step(Step::Register);
        const QSqlDatabase db = m_workspace.database();
        WriteTransaction transaction(db);
        sql::exec(db, QStringLiteral("INSERT OR IGNORE INTO datasets (name, kind) VALUES (?, ?)"),
                  {version.name, toString(version.schema.kind)});
        QSqlQuery dataset = sql::exec(db, QStringLiteral("SELECT id, kind FROM datasets WHERE name = ?"), {version.name});
        dataset.next();
        const qint64 datasetId = dataset.value(0).toLongLong();
        if (dataset.value(1).toString() != toString(version.schema.kind)) {
            throw Error(ErrorCode::Conflict, QStringLiteral("dataset '%1' holds %2 data, not %3; choose another name")
                                                 .arg(version.name, dataset.value(1).toString(), toString(version.schema.kind)));
        }
        // Another process may have stored the same version since the check above.
        if (const auto raced = catalog.findByHash(version.name, versionHash))
            return {*raced, false};
        const QVariant parent = sql::scalar(db, QStringLiteral("SELECT id FROM dataset_versions WHERE dataset_id = ? ORDER BY number DESC LIMIT 1"), {datasetId});
        const int number = sql::scalar(db, QStringLiteral("SELECT COALESCE(MAX(number), 0) + 1 FROM dataset_versions WHERE dataset_id = ?"), {datasetId}).toInt();
        sql::exec(db, QStringLiteral("INSERT INTO dataset_versions (dataset_id, number, content_hash, parent_id, artifact, "
                                     "split_artifact, row_count, column_count, label_kind, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                  {datasetId, number, versionHash, parent.isValid() ? parent : QVariant(QMetaType::fromType<qint64>()), contentHash,
                   splitHash, qint64(version.table.rowCount()), version.table.columnCount(), toString(version.schema.labelKind),
                   QString::fromUtf8(QJsonDocument(metadata).toJson(QJsonDocument::Compact))});
        m_workspace.audit(QStringLiteral("local"), QStringLiteral("dataset.version.create"),
                          QStringLiteral("%1@%2").arg(version.name).arg(number), versionHash);
        step(Step::Commit);
        transaction.commit();
        return {catalog.resolve(QStringLiteral("%1@%2").arg(version.name).arg(number)), true};
    } catch (...) {
        // Leave the store as it was: drop what this call added, unless something now uses it.
        for (const QString& hash : std::as_const(added)) {
            const bool used = sql::scalar(m_workspace.database(),
                                          QStringLiteral("SELECT 1 FROM dataset_versions WHERE artifact = ? OR split_artifact = ?"),
                                          {hash, hash}).isValid();
            if (!used)
                QFile::remove(store.pathFor(hash));
        }
        throw;
    }
}

}  // namespace mb
