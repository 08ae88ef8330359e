#pragma once

#include "DatasetVersion.h"

#include <QAbstractTableModel>

#include <memory>

namespace mb::ui {

// The rows of a dataset version as a table: one column per data column (headed by name, type
// and role), then the row's split when the version has one. Reads straight from the
// column-oriented DataTable, so data() is O(1) and a 100,000-row version scrolls smoothly in
// a view with fixed row heights. Read-only; GUI thread only. The version is shared, not copied.
class DatasetTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

    // `version` may be null (an empty table). Its schema names the types and roles (a column
    // it lacks is headed by its name alone); a version without a split (a CSV preview) shows
    // no split column.
    void setVersion(std::shared_ptr<const DatasetVersion> version);
    const DatasetVersion* version() const { return m_version.get(); }
    // The column showing the split, or -1.
    int splitColumn() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const DatasetVersion> m_version;
    QVector<const ColumnSpec*> m_specs;  // per data column, null when the schema lacks it
};

}  // namespace mb::ui
