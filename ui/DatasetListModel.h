#pragma once

#include "DatasetSummary.h"

#include <QAbstractTableModel>
#include <QVector>

namespace mb::ui {

// Table model of the workspace's datasets (one row each). GUI thread only; the owner
// fills it with setDatasets() from a DatasetCatalog.
class DatasetListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Kind, Versions, Rows, Columns, Label, Updated, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setDatasets(QVector<DatasetSummary> datasets);
    const DatasetSummary& dataset(int row) const { return m_datasets.at(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVector<DatasetSummary> m_datasets;
};

}  // namespace mb::ui
