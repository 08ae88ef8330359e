#include "ModelEvaluator.h"

#include "DatasetCatalog.h"
#include "Error.h"
#include "Evaluation.h"
#include "ModelRegistry.h"
#include "PredictionStore.h"
#include "Predictor.h"
#include "Workspace.h"

#include <QHash>

namespace mb {
namespace {

constexpr qsizetype kBatch = 512;

}  // namespace

QVector<Instance> ModelEvaluator::instancesOf(const DatasetVersion& data, const QJsonArray& inputs, const std::vector<qsizetype>& rows,
                                              const Workspace& workspace)
{
    struct Input {
        QString name;
        bool image;
        const DataColumn* column;
    };
    QVector<Input> columns;
    for (const QJsonValue& value : inputs) {
        const QString name = value.toObject().value(QStringLiteral("name")).toString();
        const int index = data.table.indexOf(name);
        if (index < 0)
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1 has no column '%2' that the model reads").arg(data.info.ref(), name));
        columns << Input{name, value.toObject().value(QStringLiteral("type")).toString() == QLatin1String("image"), &data.table.columns.at(index)};
    }
    QVector<Instance> instances;
    instances.reserve(qsizetype(rows.size()));
    for (qsizetype row : rows) {
        Instance instance;
        for (const Input& input : std::as_const(columns)) {
            if (input.image)
                instance.insert(input.name, workspace.artifacts().get(input.column->texts.at(row)));
            else if (input.column->type == ColumnType::Numeric)
                instance.insert(input.name, input.column->numbers[size_t(row)]);
            else
                instance.insert(input.name, input.column->texts.at(row));
        }
        instances << instance;
    }
    return instances;
}

EvaluationOutcome ModelEvaluator::evaluate(const QString& modelRef, const QString& datasetRef, const QString& split) const
{
    const ModelRegistry registry(m_workspace);
    const ModelVersionInfo version = registry.resolve(modelRef);
    const DatasetVersion data = DatasetCatalog(m_workspace).load(datasetRef);
    const auto predictor = Predictor::fromBundle(registry.bundleBytes(version), version.ref());

    std::vector<qsizetype> rows;
    const bool all = split == QLatin1String("all");
    const Split wanted = all ? Split::Test : DatasetSplitter::parse(split, QStringLiteral("--split"));
    for (qsizetype row = 0; row < data.table.rowCount(); ++row) {
        if (all || data.split[size_t(row)] == wanted)
            rows.push_back(row);
    }
    if (rows.empty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1 has no %2 rows").arg(data.info.ref(), split));
    const int labelColumn = data.table.indexOf(data.schema.labelColumn());
    const DataColumn& label = data.table.columns.at(labelColumn);

    EvaluationOutcome outcome{version.ref(), data.info.ref(), all ? QStringLiteral("all") : DatasetSplitter::name(wanted), {}, {}, {}};
    const bool refitted = version.metrics.contains(QStringLiteral("refit"));
    if (version.datasetRef == data.info.ref() && (all || wanted == Split::Train || (refitted && wanted == Split::Val))) {
        outcome.caution = QStringLiteral("%1 was trained on %2's %3 rows: these figures are not held out")
                              .arg(version.ref(), data.info.ref(), refitted ? QStringLiteral("training and validation") : QStringLiteral("training"));
    }
    QVector<Prediction> predictions;
    for (size_t start = 0; start < rows.size(); start += kBatch) {
        const std::vector<qsizetype> batch(rows.begin() + qsizetype(start), rows.begin() + qsizetype(std::min(rows.size(), start + size_t(kBatch))));
        predictions += predictor->predict(instancesOf(data, predictor->inputs(), batch, m_workspace));
    }
    for (size_t i = 0; i < rows.size(); ++i) {
        StoredPrediction stored;
        stored.row = rows[i];
        stored.split = DatasetSplitter::name(data.split[size_t(rows[i])]);
        stored.truth = label.text(rows[i]).trimmed();
        const Prediction& p = predictions.at(qsizetype(i));
        stored.predicted = predictor->task() == QLatin1String("regression") ? formatNumber(p.value) : p.label;
        stored.confidence = p.confidence;
        stored.top = p.top;
        outcome.predictions << stored;
    }

    if (predictor->task() == QLatin1String("regression")) {
        if (label.type != ColumnType::Numeric)
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1's label '%2' is not numeric").arg(data.info.ref(), label.name));
        std::vector<double> truth, predicted;
        for (size_t i = 0; i < rows.size(); ++i) {
            truth.push_back(label.numbers[size_t(rows[i])]);
            predicted.push_back(predictions.at(qsizetype(i)).value);
        }
        outcome.report = Evaluation::regression(truth, predicted).toJson();
    } else {
        // Classes the model does not know still count, as errors: they extend the label list.
        QStringList labels = predictor->labels();
        QHash<QString, int> ids;
        for (int i = 0; i < labels.size(); ++i)
            ids.insert(labels.at(i), i);
        std::vector<int> truth, predicted;
        for (const StoredPrediction& p : std::as_const(outcome.predictions)) {
            if (!ids.contains(p.truth)) {
                ids.insert(p.truth, labels.size());
                labels << p.truth;
            }
            truth.push_back(ids.value(p.truth));
            predicted.push_back(ids.value(p.predicted));
        }
        outcome.report = Evaluation::classification(labels, truth, predicted).toJson();
    }
    PredictionStore(m_workspace).store(version.id, data.info.id, outcome.predictions);
    return outcome;
}

}  // namespace mb
