#include "Format.h"

#include <QLocale>
#include <QObject>
#include <QStringList>

#include <cmath>

namespace mb::ui::format {

QString duration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return QStringLiteral("—");
    const qint64 s = qint64(std::llround(seconds));
    if (s < 60)
        return seconds < 10 ? QStringLiteral("%1 s").arg(seconds, 0, 'f', 1) : QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1m %2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1h %2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString metric(double value)
{
    return std::isfinite(value) ? QString::number(value, 'f', 3) : QStringLiteral("—");
}

QString number(double value)
{
    return QString::number(value, 'g', 8);
}

QString metricName(const QString& key)
{
    if (key == QLatin1String("macro_f1"))
        return QStringLiteral("macro F1");
    if (key == QLatin1String("min_f1"))
        return QStringLiteral("min F1");
    if (key == QLatin1String("weighted_f1"))
        return QStringLiteral("weighted F1");
    if (key == QLatin1String("r2"))
        return QStringLiteral("R²");
    if (key == QLatin1String("mae") || key == QLatin1String("rmse"))
        return key.toUpper();
    if (key == QLatin1String("loss"))
        return QStringLiteral("validation loss");
    if (key == QLatin1String("log_loss"))
        return QStringLiteral("log loss");
    return key;
}

QString plural(qint64 n, const QString& singular, const QString& pluralForm)
{
    return QStringLiteral("%1 %2").arg(QLocale(QLocale::English).toString(n), n == 1 ? singular : pluralForm);
}

QString count(double value)
{
    return QLocale(QLocale::English).toString(qint64(std::llround(value)));
}

QString reportLine(const QJsonObject& report)
{
    if (report.isEmpty())
        return QStringLiteral("—");
    QStringList parts;
    const QStringList keys = report.contains(QStringLiteral("r2"))
                                 ? QStringList{QStringLiteral("mae"), QStringLiteral("rmse"), QStringLiteral("r2")}
                                 : QStringList{QStringLiteral("accuracy"), QStringLiteral("macro_f1"), QStringLiteral("min_f1")};
    for (const QString& key : keys) {
        if (report.contains(key))
            parts << QStringLiteral("%1 %2").arg(metricName(key), metric(report.value(key).toDouble(NAN)));
    }
    return parts.join(QStringLiteral(" · "));
}

QString cacheNote(bool runReused, bool prepCached)
{
    if (runReused)
        return QObject::tr("run");
    return prepCached ? QObject::tr("data prep") : QString();
}

QColor seriesColor(int index)
{
    static const QColor colors[] = {QColor(0x1f77b4), QColor(0xff7f0e), QColor(0x2ca02c), QColor(0xd62728), QColor(0x9467bd),
                                    QColor(0x8c564b), QColor(0xe377c2), QColor(0x7f7f7f), QColor(0xbcbd22), QColor(0x17becf)};
    return colors[index % 10];
}

}  // namespace mb::ui::format
