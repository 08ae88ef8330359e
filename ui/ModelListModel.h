#pragma once

#include "ModelVersionInfo.h"

#include <QAbstractTableModel>
#include <QVector>

namespace mb::ui {

// Table model of registered models (one row each): name, task, versions, latest, aliases.
// GUI thread only; the owner fills it from a ModelRegistry.
class ModelListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Task, Versions, Aliases, Updated, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setModels(QVector<ModelSummary> models);
    const ModelSummary& model(int row) const { return m_models.at(row); }
    int rowOf(const QString& name) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVector<ModelSummary> m_models;
};

}  // namespace mb::ui
