#pragma once

#include "ModelVersionInfo.h"

#include <QAbstractTableModel>
#include <QVector>

namespace mb::ui {

// Table model of model versions (one row each) with lineage, aliases and test metrics.
// Qt::DisplayRole gives text, SortRole the raw value, ModelNameRole the model's name (for
// filtering by model). GUI thread only; the owner fills it from a ModelRegistry.
class ModelVersionListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Ref, ModelType, Dataset, Aliases, Accuracy, MacroF1, MinF1, R2, Created, ColumnCount };
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int ModelNameRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;

    void setVersions(QVector<ModelVersionInfo> versions);
    const ModelVersionInfo& version(int row) const { return m_versions.at(row); }
    int rowOf(const QString& ref) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVector<ModelVersionInfo> m_versions;
};

}  // namespace mb::ui
