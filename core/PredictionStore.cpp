#include "PredictionStore.h"

#include "Error.h"
#include "Sql.h"
#include "Workspace.h"
#include "WriteTransaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>

namespace mb {

void PredictionStore::store(qint64 modelVersionId, qint64 datasetVersionId, const QVector<StoredPrediction>& predictions) const
{
    const QSqlDatabase db = m_workspace.database();
    WriteTransaction transaction(db);
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT OR REPLACE INTO predictions (model_version_id, dataset_version_id, row_index, split, truth, "
                                  "predicted, confidence, top) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const StoredPrediction& p : predictions) {
        QJsonArray top;
        for (const auto& [label, probability] : p.top)
            top.append(QJsonArray{label, probability});
        const QVariantList values = {modelVersionId, datasetVersionId, p.row, p.split, p.truth, p.predicted, p.confidence,
                                     QString::fromUtf8(QJsonDocument(top).toJson(QJsonDocument::Compact))};
        for (int i = 0; i < values.size(); ++i)
            insert.bindValue(i, values.at(i));
        if (!insert.exec())
            throw Error(ErrorCode::Io, QStringLiteral("cannot store a prediction: %1").arg(insert.lastError().text()));
    }
    transaction.commit();
}

QVector<StoredPrediction> PredictionStore::load(qint64 modelVersionId, qint64 datasetVersionId, const QString& split) const
{
    QSqlQuery query = sql::exec(m_workspace.database(),
                                QStringLiteral("SELECT row_index, split, truth, predicted, confidence, top FROM predictions "
                                               "WHERE model_version_id = ? AND dataset_version_id = ? AND (? = '' OR split = ?) "
                                               "ORDER BY row_index"),
                                {modelVersionId, datasetVersionId, split, split});
    QVector<StoredPrediction> result;
    while (query.next()) {
        StoredPrediction p;
        p.row = query.value(0).toLongLong();
        p.split = query.value(1).toString();
        p.truth = query.value(2).toString();
        p.predicted = query.value(3).toString();
        p.confidence = query.value(4).toDouble();
        for (const QJsonValue& entry : QJsonDocument::fromJson(query.value(5).toString().toUtf8()).array())
            p.top.append({entry.toArray().at(0).toString(), entry.toArray().at(1).toDouble()});
        result << p;
    }
    return result;
}

}  // namespace mb
