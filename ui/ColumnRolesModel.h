#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

namespace mb::ui {

class ImportPlan;

// The columns of the CSV being imported, one row each: name, detected type, role (editable:
// label, feature, text or ignore) and the first values, for the import wizard. Edits go to
// the ImportPlan, which must outlive the model. GUI thread only.
class ColumnRolesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Type, Role, Sample, ColumnCount };

    explicit ColumnRolesModel(ImportPlan* plan, QObject* parent = nullptr);

    // Re-reads the plan's columns; `previewRows` give the sample values.
    void reload(const QList<QStringList>& previewRows);
    // The roles a CSV column can take, in the order the editor offers them.
    static QStringList columnRoleNames();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // A role was changed by the user (the caller re-checks the file with the new roles).
    void rolesEdited();

private:
    ImportPlan* m_plan;
    QStringList m_samples;  // per column
};

}  // namespace mb::ui
