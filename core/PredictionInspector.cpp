#include "PredictionInspector.h"

#include "DatasetCatalog.h"
#include "Error.h"
#include "FeedbackStore.h"
#include "ModelRegistry.h"
#include "PredictionStore.h"
#include "Workspace.h"

#include <QJsonArray>

namespace mb {
namespace {

const int kInputTextLimit = 240;

// A row's input in a few words: its text fields, or its first features as name=value.
QString inputText(const DatasetVersion& data, const QStringList& textColumns, const QStringList& featureColumns, qsizetype row)
{
    QStringList parts;
    for (const QString& name : textColumns)
        parts << data.table.columns.at(data.table.indexOf(name)).texts.at(row);
    if (!parts.isEmpty())
        return parts.join(QStringLiteral(" — ")).left(kInputTextLimit);
    QString text;
    for (const QString& name : featureColumns) {
        if (text.size() > kInputTextLimit)
            break;
        const DataColumn& column = data.table.columns.at(data.table.indexOf(name));
        text += (text.isEmpty() ? QString() : QStringLiteral(", ")) + name + QLatin1Char('=') + column.text(row);
    }
    return text.left(kInputTextLimit);
}

}  // namespace

Inspection PredictionInspector::inspect(qint64 modelVersionId, const QString& datasetRef, const QString& split) const
{
    Inspection inspection;
    inspection.version = ModelRegistry(m_workspace).get(modelVersionId);
    if (inspection.version.task != QLatin1String("classification"))
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1 is a %2 model: Inspect shows classifiers").arg(inspection.version.ref(), inspection.version.task));
    const DatasetCatalog catalog(m_workspace);
    const DatasetVersionInfo info = catalog.resolve(datasetRef);
    inspection.datasetRef = info.ref();
    inspection.datasetName = info.dataset;
    inspection.datasetVersionId = info.id;
    inspection.split = split;
    inspection.predictions = PredictionStore(m_workspace).load(modelVersionId, info.id, split == QLatin1String("all") ? QString() : split);
    if (inspection.predictions.isEmpty())
        return inspection;
    FeedbackFilter filter;
    filter.dataset = info.dataset;
    for (const Feedback& feedback : FeedbackStore(m_workspace).list(filter)) {
        if (feedback.isRow() && feedback.datasetVersionId == info.id)
            inspection.corrections.insert(feedback.rowIndex, feedback.label);   // oldest first: the latest wins
    }

    QStringList labels;
    for (const QJsonValue& label : inspection.version.signature.value(QStringLiteral("labels")).toArray())
        labels << label.toString();
    std::vector<int> truth, predicted;
    truth.reserve(size_t(inspection.predictions.size()));
    predicted.reserve(size_t(inspection.predictions.size()));
    const auto idOf = [&labels](const QString& label) {
        qsizetype id = labels.indexOf(label);
        if (id < 0) {
            labels << label;
            id = labels.size() - 1;
        }
        return int(id);
    };
    for (const StoredPrediction& p : std::as_const(inspection.predictions)) {
        truth.push_back(idOf(p.truth));
        predicted.push_back(idOf(p.predicted));
    }
    inspection.report = Evaluation::classification(labels, truth, predicted);

    const DatasetVersion data = catalog.load(info);
    const QStringList images = data.schema.columnsWithRole(ColumnRole::Image);
    const QStringList texts = data.schema.columnsWithRole(ColumnRole::Text);
    const QStringList features = data.schema.columnsWithRole(ColumnRole::Feature);
    // An image is named by its file path when the data keeps one (an Ignore text column).
    const DataColumn* imageNames = nullptr;
    for (const QString& name : data.schema.columnsWithRole(ColumnRole::Ignore)) {
        const DataColumn& column = data.table.columns.at(data.table.indexOf(name));
        if (column.type == ColumnType::Text && !imageNames)
            imageNames = &column;
    }
    for (const StoredPrediction& p : std::as_const(inspection.predictions)) {
        if (p.row < 0 || p.row >= data.table.rowCount())
            throw Error(ErrorCode::Corrupt, QStringLiteral("a stored prediction names row %1, which %2 does not have").arg(p.row).arg(info.ref()));
        if (!images.isEmpty()) {
            const QString hash = data.table.columns.at(data.table.indexOf(images.first())).texts.at(p.row);
            inspection.images << m_workspace.artifacts().get(hash);
            inspection.inputs << (imageNames ? imageNames->texts.at(p.row) : hash.left(12));
        } else {
            inspection.inputs << inputText(data, texts, features, p.row);
        }
    }
    return inspection;
}

}  // namespace mb
