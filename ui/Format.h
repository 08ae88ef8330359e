#pragma once

#include <QColor>
#include <QJsonObject>
#include <QString>

// Display helpers shared by the views: numbers, durations, metric names and the chart palette.
// Pure functions; GUI thread or not.
namespace mb::ui::format {

// "42 s", "3m 05s", "1h 02m".
QString duration(double seconds);
// A metric value to 3 decimals ("0.953"), or an em dash for NaN.
QString metric(double value);
// A config number in its shortest form ("0.003", "1e-05").
QString number(double value);
// "macro_f1" -> "macro F1", "r2" -> "R²", "accuracy" -> "accuracy".
QString metricName(const QString& key);
// "1 epoch", "3 epochs".
QString plural(qint64 n, const QString& singular, const QString& pluralForm);
// "1,234".
QString count(double value);
// The headline of an evaluation report: "accuracy 0.953 · macro F1 0.951 · min F1 0.900", or
// "MAE 1.2 · RMSE 2.3 · R² 0.81" for a regression.
QString reportLine(const QJsonObject& report);
// What a run took from the caches: "run" (an identical run was reused), "data prep" (its data
// preparation was loaded from the preparation cache), or empty.
QString cacheNote(bool runReused, bool prepCached);
// The i-th colour of the chart palette (Tableau 10).
QColor seriesColor(int index);

}  // namespace mb::ui::format
