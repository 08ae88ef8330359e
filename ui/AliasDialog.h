#pragma once

#include <QDialog>
#include <QMap>

class QComboBox;
class QDialogButtonBox;
class QLabel;

namespace mb::ui {

// Asks for an alias name to point at a model version ("production", "staging", or any name)
// and says where that alias points now, so moving it is a conscious act. GUI thread only.
class AliasDialog : public QDialog {
    Q_OBJECT
public:
    // `current` maps the model's existing aliases to their version numbers.
    AliasDialog(const QString& versionRef, const QMap<QString, int>& current, QWidget* parent = nullptr);

    QString alias() const;
    void setAlias(const QString& alias);

private:
    void updateNote();

    QString m_ref;
    QMap<QString, int> m_current;
    QComboBox* m_alias;
    QLabel* m_note;
    QDialogButtonBox* m_buttons;
};

}  // namespace mb::ui
