#include "SearchResultsModel.h"

#include "Format.h"
#include "RunListModel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include <algorithm>
#include <cmath>

namespace mb::ui {
namespace {

// The order metrics are shown in; others follow alphabetically.
const QStringList kMetricOrder = {QStringLiteral("accuracy"), QStringLiteral("macro_f1"), QStringLiteral("weighted_f1"), QStringLiteral("min_f1"),
                                  QStringLiteral("mae"),      QStringLiteral("rmse"),     QStringLiteral("r2"),          QStringLiteral("loss")};

int metricRank(const QString& key)
{
    const qsizetype rank = kMetricOrder.indexOf(key);
    return rank < 0 ? int(kMetricOrder.size()) : int(rank);
}

}  // namespace

void SearchResultsModel::setTrials(QVector<GridTrial> trials, const QString& metric)
{
    beginResetModel();
    // GridSearch scores so that higher is better (the negated loss for a loss-selected search).
    std::stable_sort(trials.begin(), trials.end(), [](const GridTrial& a, const GridTrial& b) { return a.score > b.score; });
    m_trials = std::move(trials);
    m_metric = metric;
    if (m_metric.isEmpty() && !m_trials.isEmpty())
        m_metric = RunListModel::configValue(m_trials.first().run.config, QStringLiteral("selection_metric"));
    QStringList others;
    for (const GridTrial& trial : std::as_const(m_trials)) {
        for (auto it = trial.validation.cbegin(); it != trial.validation.cend(); ++it) {
            if (it.key() != m_metric && !others.contains(it.key()))
                others << it.key();
        }
    }
    std::sort(others.begin(), others.end(), [](const QString& a, const QString& b) {
        return metricRank(a) != metricRank(b) ? metricRank(a) < metricRank(b) : a < b;
    });
    m_otherMetrics = others;
    endResetModel();
}

void SearchResultsModel::clear()
{
    setTrials({}, QString());
}

int SearchResultsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_trials.size());
}

int SearchResultsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : cachedColumn() + 1;
}

QString SearchResultsModel::metricOfColumn(int column) const
{
    if (column == Selection)
        return m_metric;
    if (column >= FirstOtherMetric && column < runColumn())
        return m_otherMetrics.at(column - FirstOtherMetric);
    return {};
}

QVariant SearchResultsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_trials.size() || index.column() >= columnCount())
        return {};
    const GridTrial& trial = m_trials.at(index.row());
    const int column = index.column();
    const QString metric = metricOfColumn(column);
    const double value = metric.isEmpty() ? NAN : trial.validation.value(metric, NAN);
    if (role == Qt::DisplayRole) {
        if (column == Rank)
            return index.row() + 1;
        if (column == Combination)
            return trial.overrides.join(QStringLiteral("  "));
        if (column == runColumn())
            return trial.run.id;
        if (column == cachedColumn())
            return format::cacheNote(trial.cached, trial.run.prepCached);
        return format::metric(value);
    }
    if (role == SortRole)
        return metric.isEmpty() ? data(index, Qt::DisplayRole) : QVariant(value);
    if (role == Qt::TextAlignmentRole)
        return column == Combination || column == cachedColumn() ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::BackgroundRole && index.row() == 0)
        return QBrush(QColor(0xe3f2e5));
    if (role == Qt::FontRole && (index.row() == 0 || column == Selection)) {
        QFont font;
        font.setBold(true);
        return font;
    }
    if (role == Qt::ToolTipRole) {
        if (index.row() == 0)
            return tr("The best combination: its model is registered when the search ends");
        if (column == Combination)
            return trial.overrides.join(QLatin1Char('\n'));
    }
    return {};
}

QVariant SearchResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return {};
    if (role == Qt::DisplayRole) {
        if (section == Rank)
            return QStringLiteral("#");
        if (section == Combination)
            return tr("Combination");
        if (section == Selection)
            return tr("%1 (selects)").arg(format::metricName(m_metric.isEmpty() ? tr("metric") : m_metric));
        if (section == runColumn())
            return tr("Run");
        if (section == cachedColumn())
            return tr("Cached");
        return format::metricName(metricOfColumn(section));
    }
    if (role == Qt::ToolTipRole && section >= Selection && section < runColumn())
        return tr("On the validation split, at the best epoch");
    return {};
}

}  // namespace mb::ui
