#include "DatasetTableModel.h"

#include <QColor>

#include <cmath>

namespace mb::ui {

void DatasetTableModel::setVersion(std::shared_ptr<const DatasetVersion> version)
{
    beginResetModel();
    m_version = std::move(version);
    m_specs.clear();
    if (m_version) {
        for (const DataColumn& column : m_version->table.columns) {
            const ColumnSpec* spec = nullptr;
            for (const ColumnSpec& candidate : m_version->schema.columns) {
                if (candidate.name == column.name)
                    spec = &candidate;
            }
            m_specs << spec;
        }
    }
    endResetModel();
}

int DatasetTableModel::splitColumn() const
{
    if (!m_version || m_version->split.empty())
        return -1;
    return m_version->table.columnCount();
}

int DatasetTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_version ? 0 : int(m_version->table.rowCount());
}

int DatasetTableModel::columnCount(const QModelIndex& parent) const
{
    if (parent.isValid() || !m_version)
        return 0;
    return m_version->table.columnCount() + (splitColumn() >= 0 ? 1 : 0);
}

QVariant DatasetTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const qsizetype row = index.row();
    if (index.column() == splitColumn()) {
        if (role == Qt::DisplayRole)
            return DatasetSplitter::name(m_version->split[size_t(row)]);
        return {};
    }
    const DataColumn& column = m_version->table.columns.at(index.column());
    const bool numeric = column.type == ColumnType::Numeric;
    switch (role) {
    case Qt::DisplayRole:
        if (numeric && std::isnan(column.numbers[size_t(row)]))
            return QString();
        return column.text(row);
    case Qt::ToolTipRole:
        return numeric ? QVariant() : QVariant(column.texts.at(row).left(500));
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(numeric ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole: {
        const ColumnSpec* spec = m_specs.at(index.column());
        // Columns the model will not see are greyed, as in the import wizard.
        return spec && spec->role == ColumnRole::Ignore ? QVariant(QColor(0x8a, 0x8a, 0x8a)) : QVariant();
    }
    }
    return {};
}

QVariant DatasetTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical)
        return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
    if (!m_version || section < 0 || section >= columnCount())
        return {};
    if (section == splitColumn()) {
        if (role == Qt::DisplayRole)
            return tr("split");
        if (role == Qt::ToolTipRole)
            return tr("train, val or test");
        return {};
    }
    const DataColumn& column = m_version->table.columns.at(section);
    const ColumnSpec* spec = m_specs.at(section);
    // The schema's type: a CSV preview holds the fields as text but shows what core detected
    // (and only the name while core has not read the file).
    if (!spec)
        return role == Qt::DisplayRole || role == Qt::ToolTipRole ? QVariant(column.name) : QVariant();
    const QString detail = QStringLiteral("%1 · %2").arg(toString(spec->type), toString(spec->role));
    if (role == Qt::DisplayRole)
        return QStringLiteral("%1\n%2").arg(column.name, detail);
    if (role == Qt::ToolTipRole)
        return QStringLiteral("%1 (%2)").arg(column.name, detail);
    return {};
}

}  // namespace mb::ui
