#include "DatasetListModel.h"

#include <QDateTime>
#include <QLocale>

namespace mb::ui {

void DatasetListModel::setDatasets(QVector<DatasetSummary> datasets)
{
    beginResetModel();
    m_datasets = std::move(datasets);
    endResetModel();
}

int DatasetListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_datasets.size();
}

int DatasetListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DatasetListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DatasetSummary& d = m_datasets.at(index.row());
    if (role == Qt::TextAlignmentRole) {
        const bool numeric = index.column() == Versions || index.column() == Rows || index.column() == Columns;
        return QVariant::fromValue(numeric ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const QLocale locale;
    switch (index.column()) {
    case Name: return d.name;
    case Kind: return d.kind;
    case Versions: return d.versionCount;
    case Rows: return locale.toString(d.rows);
    case Columns: return d.columns;
    case Label: return d.labelKind;
    case Updated:
        return QDateTime::fromString(d.updatedAt, Qt::ISODateWithMs).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    }
    return {};
}

QVariant DatasetListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name: return tr("Name");
    case Kind: return tr("Kind");
    case Versions: return tr("Versions");
    case Rows: return tr("Rows");
    case Columns: return tr("Columns");
    case Label: return tr("Label");
    case Updated: return tr("Updated");
    }
    return {};
}

}  // namespace mb::ui
