#include "ModelListModel.h"

#include "Format.h"

namespace mb::ui {

void ModelListModel::setModels(QVector<ModelSummary> models)
{
    beginResetModel();
    m_models = std::move(models);
    endResetModel();
}

int ModelListModel::rowOf(const QString& name) const
{
    for (int row = 0; row < m_models.size(); ++row) {
        if (m_models.at(row).name == name)
            return row;
    }
    return -1;
}

int ModelListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_models.size());
}

int ModelListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ModelListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_models.size() || index.column() >= ColumnCount)
        return {};
    const ModelSummary& model = m_models.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (Column(index.column())) {
        case Name:
            return model.name;
        case Task:
            return model.task;
        case Versions:
            return model.versions;
        case Aliases: {
            QStringList aliases;
            for (const QString& alias : model.aliases)
                aliases << QString(alias).replace(QLatin1Char('='), QStringLiteral(" → v"));
            return aliases.join(QStringLiteral(", "));
        }
        case Updated:
            return model.updatedAt.left(16).replace(QLatin1Char('T'), QLatin1Char(' '));
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::TextAlignmentRole)
        return QVariant((index.column() == Versions ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Name)
        return tr("%1: %2, latest v%3").arg(model.name, format::plural(model.versions, tr("version"), tr("versions"))).arg(model.latest);
    return {};
}

QVariant ModelListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    static const char* const titles[] = {QT_TR_NOOP("Model"), QT_TR_NOOP("Task"), QT_TR_NOOP("Versions"), QT_TR_NOOP("Aliases"),
                                         QT_TR_NOOP("Updated (UTC)")};
    return tr(titles[section]);
}

}  // namespace mb::ui
