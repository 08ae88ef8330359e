#include "ModelPresenter.h"

#include <QJsonArray>

namespace mb::cli {

QJsonObject ModelPresenter::toJson(const RunInfo& r)
{
    return QJsonObject{{QStringLiteral("id"), r.id},
                       {QStringLiteral("key"), r.key},
                       {QStringLiteral("dataset"), r.datasetRef},
                       {QStringLiteral("model_type"), r.modelType},
                       {QStringLiteral("state"), r.state},
                       {QStringLiteral("source"), r.source},
                       {QStringLiteral("best_epoch"), r.bestEpoch},
                       {QStringLiteral("epochs_run"), r.epochsRun},
                       {QStringLiteral("metrics"), r.metrics},
                       {QStringLiteral("error"), r.error},
                       {QStringLiteral("config"), r.config},
                       {QStringLiteral("model_version"), r.modelVersionRef},
                       {QStringLiteral("started_at"), r.startedAt},
                       {QStringLiteral("finished_at"), r.finishedAt},
                       {QStringLiteral("duration_seconds"), r.durationSeconds},
                       {QStringLiteral("prep_cached"), r.prepCached}};
}

QString ModelPresenter::scoreLine(const QJsonObject& report)
{
    if (report.contains(QStringLiteral("rmse"))) {
        return QStringLiteral("MAE %1  RMSE %2  R\u00b2 %3")
            .arg(report.value(QStringLiteral("mae")).toDouble(), 0, 'f', 3)
            .arg(report.value(QStringLiteral("rmse")).toDouble(), 0, 'f', 3)
            .arg(report.value(QStringLiteral("r2")).toDouble(), 0, 'f', 4);
    }
    return QStringLiteral("accuracy %1  macro F1 %2  weighted F1 %3  min F1 %4 (%5)")
        .arg(report.value(QStringLiteral("accuracy")).toDouble(), 0, 'f', 4)
        .arg(report.value(QStringLiteral("macro_f1")).toDouble(), 0, 'f', 4)
        .arg(report.value(QStringLiteral("weighted_f1")).toDouble(), 0, 'f', 4)
        .arg(report.value(QStringLiteral("min_f1")).toDouble(), 0, 'f', 4)
        .arg(report.value(QStringLiteral("min_f1_label")).toString());
}

void ModelPresenter::printMetrics(QTextStream& out, const QJsonObject& metrics)
{
    if (metrics.contains(QStringLiteral("validation")))
        out << "  validation: " << scoreLine(metrics.value(QStringLiteral("validation")).toObject()) << "\n";
    if (metrics.contains(QStringLiteral("test")))
        out << "  test:       " << scoreLine(metrics.value(QStringLiteral("test")).toObject()) << "\n";
    const QJsonObject refit = metrics.value(QStringLiteral("refit")).toObject();
    if (!refit.isEmpty()) {
        out << "  the model kept was refitted on training + validation (" << refit.value(QStringLiteral("rows")).toInteger() << " rows, "
            << refit.value(QStringLiteral("epochs")).toInt() << " epochs): validation figures are the first model's\n";
    }
}

}  // namespace mb::cli
