#pragma once

#include "PlaygroundPanel.h"

#include <QList>

class QLineEdit;

namespace mb::ui {

// The text playground of the Inspect view: one field per text input of a text model (a
// product's name and description, say) and its top-5 categories, updated as you type.
// GUI thread only.
class TextPlayground : public PlaygroundPanel {
    Q_OBJECT
public:
    explicit TextPlayground(std::shared_ptr<const Workspace> workspace, QWidget* parent = nullptr);

    const QList<QLineEdit*>& fields() const { return m_fields; }

protected:
    bool accepts(const ModelVersionInfo& version) const override;
    void modelChanged(const ModelVersionInfo& version) override;

private:
    void predictText();

    QWidget* m_form;
    QList<QLineEdit*> m_fields;
};

}  // namespace mb::ui
