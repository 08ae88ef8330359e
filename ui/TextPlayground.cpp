#include "TextPlayground.h"

#include <QFormLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QVBoxLayout>

namespace mb::ui {

TextPlayground::TextPlayground(std::shared_ptr<const Workspace> workspace, QWidget* parent)
    : PlaygroundPanel(std::move(workspace), tr("No text model is registered yet. Import the Debian catalogue in Datasets and train on it."),
                      parent),
      m_form(new QWidget(this))
{
    setObjectName(QStringLiteral("textPlayground"));
    new QFormLayout(m_form);
    inputLayout()->addWidget(m_form);
    inputLayout()->addStretch(1);
}

bool TextPlayground::accepts(const ModelVersionInfo& version) const
{
    const QJsonArray inputs = version.signature.value(QStringLiteral("inputs")).toArray();
    if (version.task != QLatin1String("classification") || inputs.isEmpty())
        return false;
    for (const QJsonValue& input : inputs) {
        if (input.toObject().value(QStringLiteral("type")).toString() != QLatin1String("text"))
            return false;
    }
    return true;
}

void TextPlayground::modelChanged(const ModelVersionInfo& version)
{
    // Keep what was typed in fields of the same name.
    QHash<QString, QString> typed;
    for (QLineEdit* field : std::as_const(m_fields))
        typed.insert(field->objectName(), field->text());
    auto* form = static_cast<QFormLayout*>(m_form->layout());
    while (form->rowCount() > 0)
        form->removeRow(0);
    m_fields.clear();
    for (const QJsonValue& input : version.signature.value(QStringLiteral("inputs")).toArray()) {
        const QString name = input.toObject().value(QStringLiteral("name")).toString();
        auto* field = new QLineEdit(m_form);
        field->setObjectName(name);
        field->setPlaceholderText(tr("Type a %1…").arg(name));
        field->setClearButtonEnabled(true);
        field->setText(typed.value(name));
        connect(field, &QLineEdit::textChanged, this, &TextPlayground::predictText);
        form->addRow(name + QLatin1Char(':'), field);
        m_fields << field;
    }
    predictText();
}

void TextPlayground::predictText()
{
    Instance instance;
    bool any = false;
    for (QLineEdit* field : std::as_const(m_fields)) {
        instance.insert(field->objectName(), field->text());
        any = any || !field->text().trimmed().isEmpty();
    }
    if (!any) {
        clearPrediction(tr("Type a product name or description."));
        return;
    }
    predict(instance);
}

}  // namespace mb::ui
