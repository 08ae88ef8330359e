#include "ColumnRolesModel.h"

#include "Error.h"
#include "ImportPlan.h"

#include <QColor>
#include <QFont>

namespace mb::ui {

ColumnRolesModel::ColumnRolesModel(ImportPlan* plan, QObject* parent) : QAbstractTableModel(parent), m_plan(plan) {}

QStringList ColumnRolesModel::columnRoleNames()
{
    return {toString(ColumnRole::Label), toString(ColumnRole::Feature), toString(ColumnRole::Text), toString(ColumnRole::Ignore)};
}

void ColumnRolesModel::reload(const QList<QStringList>& previewRows)
{
    beginResetModel();
    m_samples.clear();
    for (int c = 0; c < m_plan->columns().size(); ++c) {
        QStringList values;
        for (const QStringList& row : previewRows) {
            if (c < row.size())
                values << row.at(c).trimmed().left(24);
            if (values.size() == 3)
                break;
        }
        m_samples << values.join(QLatin1String(", "));
    }
    endResetModel();
}

int ColumnRolesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_samples.size();
}

int ColumnRolesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ColumnRolesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ImportPlan::Column& column = m_plan->columns().at(index.row());
    const ColumnRole columnRole = m_plan->role(column.name);
    if (role == Qt::FontRole && columnRole == ColumnRole::Label) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ForegroundRole && columnRole == ColumnRole::Ignore)
        return QColor(0x8a, 0x8a, 0x8a);
    if (role != Qt::DisplayRole && role != Qt::EditRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Name: return column.name;
    case Type: return column.type ? toString(*column.type) : QStringLiteral("—");
    case Role: return toString(columnRole);
    case Sample: return m_samples.at(index.row());
    }
    return {};
}

bool ColumnRolesModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid) || index.column() != Role)
        return false;
    const QString& name = m_plan->columns().at(index.row()).name;
    try {
        const ColumnRole newRole = columnRoleFromString(value.toString(), QStringLiteral("role"));
        if (newRole == m_plan->role(name))
            return true;
        m_plan->setRole(name, newRole);
    } catch (const Error&) {
        return false;
    }
    // Moving the label changes another row too.
    Q_EMIT dataChanged(this->index(0, 0), this->index(rowCount() - 1, ColumnCount - 1));
    Q_EMIT rolesEdited();
    return true;
}

Qt::ItemFlags ColumnRolesModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Role)
        flags |= Qt::ItemIsEditable;
    return flags;
}

QVariant ColumnRolesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name: return tr("Column");
    case Type: return tr("Type");
    case Role: return tr("Role");
    case Sample: return tr("First values");
    }
    return {};
}

}  // namespace mb::ui
