#include "RunListModel.h"

#include "Format.h"

#include <QColor>
#include <QStringList>

#include <cmath>

namespace mb::ui {

void RunListModel::setRuns(QVector<RunInfo> runs)
{
    beginResetModel();
    m_runs = std::move(runs);
    endResetModel();
}

int RunListModel::rowOf(qint64 runId) const
{
    for (int row = 0; row < m_runs.size(); ++row) {
        if (m_runs.at(row).id == runId)
            return row;
    }
    return -1;
}

int RunListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunListModel::configValue(const QString& yaml, const QString& key)
{
    const qsizetype dot = key.indexOf(QLatin1Char('.'));
    const QString group = dot < 0 ? QString() : key.left(dot);
    const QString leaf = dot < 0 ? key : key.mid(dot + 1);
    QString currentGroup;
    for (const QString& line : yaml.split(QLatin1Char('\n'))) {
        if (line.trimmed().isEmpty())
            continue;
        const bool indented = line.startsWith(QLatin1Char(' '));
        const QString trimmed = line.trimmed();
        if (!indented)
            currentGroup.clear();
        if (!indented && trimmed.endsWith(QLatin1Char(':'))) {
            currentGroup = trimmed.chopped(1);
            continue;
        }
        if ((indented ? currentGroup : QString()) == group && trimmed.startsWith(leaf + QStringLiteral(": ")))
            return trimmed.mid(leaf.size() + 2);
    }
    return {};
}

QString RunListModel::displayMetric(const RunInfo& run)
{
    const QString selection = configValue(run.config, QStringLiteral("selection_metric"));
    if (!selection.isEmpty() && selection != QLatin1String("loss"))
        return selection;
    const QJsonObject validation = run.metrics.value(QStringLiteral("validation")).toObject();
    if (validation.contains(QStringLiteral("r2")))
        return QStringLiteral("r2");
    if (validation.contains(QStringLiteral("accuracy")))
        return QStringLiteral("accuracy");
    return selection.isEmpty() ? QStringLiteral("accuracy") : QStringLiteral("r2");
}

QString RunListModel::paramsSummary(const RunInfo& run)
{
    const auto value = [&run](const char* key) { return configValue(run.config, QString::fromLatin1(key)); };
    QStringList parts;
    parts << QStringLiteral("%1 lr %2").arg(value("optimizer"), value("lr"));
    parts << QStringLiteral("batch %1").arg(value("batch_size"));
    if (run.modelType == QLatin1String("mlp"))
        parts << QStringLiteral("hidden %1").arg(value("mlp.hidden"));
    else if (run.modelType == QLatin1String("text"))
        parts << QStringLiteral("dim %1").arg(value("text.dim"));
    else if (run.modelType == QLatin1String("cnn"))
        parts << QStringLiteral("%1 px%2").arg(value("image.size"), value("image.augment") == QLatin1String("true") ? QStringLiteral(" augmented") : QString());
    const QString seed = value("seed");
    if (!seed.isEmpty() && seed != QLatin1String("0"))
        parts << QStringLiteral("seed %1").arg(seed);
    return parts.join(QStringLiteral(" · "));
}

QVariant RunListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_runs.size() || index.column() >= ColumnCount)
        return {};
    const RunInfo& run = m_runs.at(index.row());
    const QString metric = displayMetric(run);
    const auto score = [&run, &metric](const char* split) {
        const QJsonObject report = run.metrics.value(QString::fromLatin1(split)).toObject();
        return report.contains(metric) ? report.value(metric).toDouble(NAN) : NAN;
    };
    if (role == Qt::DisplayRole) {
        switch (Column(index.column())) {
        case Id:
            return run.id;
        case Dataset:
            return run.datasetRef;
        case ModelType:
            return run.modelType;
        case Params:
            return paramsSummary(run);
        case Metric:
            return format::metricName(metric);
        case BestVal:
            return format::metric(score("validation"));
        case Test:
            return format::metric(score("test"));
        case Epochs:
            return run.bestEpoch > 0 ? QStringLiteral("%1 / %2").arg(run.bestEpoch).arg(run.epochsRun) : QString::number(run.epochsRun);
        case Duration:
            return run.state == QLatin1String("running") ? QString() : format::duration(run.durationSeconds);
        case Cached:
            // A run reused from the run cache adds no row of its own; a row can only have
            // reused a data preparation.
            return format::cacheNote(false, run.prepCached);
        case State:
            return run.state;
        case Version:
            return run.modelVersionRef;
        case Started:
            return run.startedAt.left(16).replace(QLatin1Char('T'), QLatin1Char(' '));
        case ColumnCount:
            break;
        }
        return {};
    }
    if (role == SortRole) {
        switch (Column(index.column())) {
        case Id:
            return run.id;
        case BestVal: {
            const double value = score("validation");
            return std::isfinite(value) ? value : -1e300;
        }
        case Test: {
            const double value = score("test");
            return std::isfinite(value) ? value : -1e300;
        }
        case Epochs:
            return run.epochsRun;
        case Duration:
            return run.durationSeconds;
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Params)
            return run.config;
        if (index.column() == State && !run.error.isEmpty())
            return run.error;
        if (index.column() == Epochs)
            return tr("best epoch / epochs run");
        if (index.column() == Cached && run.prepCached)
            return tr("The data preparation was loaded from the preparation cache");
        return {};
    }
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case Id:
        case BestVal:
        case Test:
        case Epochs:
        case Duration:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    if (role == Qt::ForegroundRole && index.column() == State) {
        if (run.state == QLatin1String("failed"))
            return QColor(0xc62828);
        if (run.state == QLatin1String("cancelled"))
            return QColor(0x757575);
        if (run.state == QLatin1String("running"))
            return QColor(0x1565c0);
    }
    return {};
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        static const char* const titles[] = {QT_TR_NOOP("Run"), QT_TR_NOOP("Dataset"), QT_TR_NOOP("Model"), QT_TR_NOOP("Parameters"),
                                             QT_TR_NOOP("Metric"), QT_TR_NOOP("Val"), QT_TR_NOOP("Test"), QT_TR_NOOP("Epochs"),
                                             QT_TR_NOOP("Duration"), QT_TR_NOOP("Cached"), QT_TR_NOOP("State"), QT_TR_NOOP("Model version"), QT_TR_NOOP("Started (UTC)")};
        return tr(titles[section]);
    }
    if (role == Qt::ToolTipRole) {
        if (section == BestVal)
            return tr("The metric on the validation split, with the best epoch's weights");
        if (section == Test)
            return tr("The metric on the test split, with the best epoch's weights");
        if (section == Cached)
            return tr("\"data prep\": the run loaded its data preparation from the cache instead of preparing the data again");
    }
    return {};
}

}  // namespace mb::ui
