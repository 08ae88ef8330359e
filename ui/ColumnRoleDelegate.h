#pragma once

#include <QStyledItemDelegate>

namespace mb::ui {

// Edits a column's role (ColumnRolesModel::Role) with a combo box of the CSV roles; the choice
// is committed as soon as it is made. GUI thread only.
class ColumnRoleDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;
};

}  // namespace mb::ui
