#include "RunMetricsCsv.h"

#include "DataTable.h"
#include "Error.h"
#include "RunStore.h"

#include <QSaveFile>
#include <QSet>

#include <algorithm>

namespace mb {
namespace {

QByteArray field(const QString& text)
{
    QByteArray bytes = text.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r')) {
        bytes.replace("\"", "\"\"");
        bytes = '"' + bytes + '"';
    }
    return bytes;
}

QByteArray number(double value)
{
    return formatNumber(value).toUtf8();
}

}  // namespace

QByteArray RunMetricsCsv::build(int* rowCount) const
{
    const RunStore store(m_workspace);
    QVector<RunInfo> runs = store.list();
    std::reverse(runs.begin(), runs.end());  // oldest first
    QVector<QVector<EpochMetrics>> epochs;
    QSet<QString> metricSet;
    for (const RunInfo& run : std::as_const(runs)) {
        epochs << store.epochs(run.id);
        for (const EpochMetrics& epoch : std::as_const(epochs.last())) {
            for (auto it = epoch.val.cbegin(); it != epoch.val.cend(); ++it)
                metricSet.insert(it.key());
        }
    }
    QStringList metrics(metricSet.cbegin(), metricSet.cend());
    metrics.sort();

    QByteArrayList header = {"run_id", "dataset", "model_type", "state", "source", "model_version", "epoch", "train_loss", "val_loss"};
    for (const QString& metric : std::as_const(metrics))
        header << ("val_" + metric).toUtf8();
    header << "lr" << "seconds" << "samples_per_second";
    QByteArray csv = header.join(',') + '\n';
    int rows = 0;
    for (qsizetype r = 0; r < runs.size(); ++r) {
        const RunInfo& run = runs.at(r);
        for (const EpochMetrics& epoch : std::as_const(epochs.at(r))) {
            QByteArrayList fields = {QByteArray::number(run.id), field(run.datasetRef), field(run.modelType), field(run.state),
                                     field(run.source), field(run.modelVersionRef), QByteArray::number(epoch.epoch),
                                     number(epoch.trainLoss), number(epoch.valLoss)};
            for (const QString& metric : std::as_const(metrics))
                fields << (epoch.val.contains(metric) ? number(epoch.val.value(metric)) : QByteArray());
            fields << number(epoch.lr) << number(epoch.seconds) << number(epoch.samplesPerSecond);
            csv += fields.join(',') + '\n';
            ++rows;
        }
    }
    if (rowCount)
        *rowCount = rows;
    return csv;
}

int RunMetricsCsv::write(const QString& path) const
{
    int rows = 0;
    const QByteArray csv = build(&rows);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size() || !file.commit())
        throw Error(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return rows;
}

}  // namespace mb
