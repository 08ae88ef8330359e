#pragma once

#include "DatasetVersionInfo.h"

#include <QAbstractTableModel>
#include <QVector>

namespace mb::ui {

// Table model of one dataset's versions (newest first): number, hash, rows, parent, when it
// was made and where its rows came from. GUI thread only; filled from DatasetCatalog.
class DatasetVersionListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Version, Hash, Rows, Parent, Created, Source, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    // Versions in any order; shown newest first.
    void setVersions(QVector<DatasetVersionInfo> versions);
    const DatasetVersionInfo& version(int row) const { return m_versions.at(row); }
    int rowOf(const QString& ref) const;

    // "file wine.csv", "folder photos", "generator unistroke", "appended to wine@1", ...
    static QString describeSource(const QJsonObject& source);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVector<DatasetVersionInfo> m_versions;
};

}  // namespace mb::ui
