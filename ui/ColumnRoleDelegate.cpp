#include "ColumnRoleDelegate.h"

#include "ColumnRolesModel.h"

#include <QComboBox>

namespace mb::ui {

QWidget* ColumnRoleDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const
{
    auto* combo = new QComboBox(parent);
    combo->addItems(ColumnRolesModel::columnRoleNames());
    connect(combo, &QComboBox::activated, this, [this, combo] {
        auto* self = const_cast<ColumnRoleDelegate*>(this);
        Q_EMIT self->commitData(combo);
        Q_EMIT self->closeEditor(combo);
    });
    return combo;
}

void ColumnRoleDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const
{
    auto* combo = static_cast<QComboBox*>(editor);
    combo->setCurrentIndex(combo->findText(index.data(Qt::EditRole).toString()));
}

void ColumnRoleDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const
{
    model->setData(index, static_cast<QComboBox*>(editor)->currentText(), Qt::EditRole);
}

}  // namespace mb::ui
