#include "PredictionFilterModel.h"

#include "PredictionTableModel.h"

namespace mb::ui {

PredictionFilterModel::PredictionFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(Qt::EditRole);
}

void PredictionFilterModel::setShow(Show show)
{
    if (show == m_show)
        return;
    m_show = show;
    invalidateFilter();
}

void PredictionFilterModel::setThreshold(double threshold)
{
    m_threshold = threshold;
    invalidateFilter();
}

void PredictionFilterModel::setCell(const QString& truth, const QString& predicted)
{
    m_cellTruth = truth;
    m_cellPredicted = predicted;
    invalidateFilter();
}

void PredictionFilterModel::setSearch(const QString& text)
{
    m_search = text.trimmed();
    invalidateFilter();
}

bool PredictionFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, PredictionTableModel::Input, sourceParent);
    if (!m_cellTruth.isEmpty()
        && (index.data(PredictionTableModel::TruthRole).toString() != m_cellTruth
            || index.data(PredictionTableModel::PredictedRole).toString() != m_cellPredicted))
        return false;
    if (m_show == Show::Misclassified && !index.data(PredictionTableModel::MisclassifiedRole).toBool())
        return false;
    if (m_show == Show::LowConfidence && index.data(PredictionTableModel::ConfidenceRole).toDouble() >= m_threshold)
        return false;
    return m_search.isEmpty() || index.data().toString().contains(m_search, Qt::CaseInsensitive);
}

}  // namespace mb::ui
