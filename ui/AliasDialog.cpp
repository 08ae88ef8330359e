#include "AliasDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace mb::ui {

AliasDialog::AliasDialog(const QString& versionRef, const QMap<QString, int>& current, QWidget* parent)
    : QDialog(parent),
      m_ref(versionRef),
      m_current(current),
      m_alias(new QComboBox(this)),
      m_note(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Set alias"));
    setObjectName(QStringLiteral("aliasDialog"));
    m_alias->setObjectName(QStringLiteral("aliasName"));
    m_alias->setEditable(true);
    m_alias->setInsertPolicy(QComboBox::NoInsert);
    QStringList names = {QStringLiteral("production"), QStringLiteral("staging")};
    for (auto it = current.cbegin(); it != current.cend(); ++it) {
        if (!names.contains(it.key()))
            names << it.key();
    }
    m_alias->addItems(names);
    m_alias->lineEdit()->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[A-Za-z0-9._-]{0,64}")), this));
    m_note->setWordWrap(true);
    m_note->setObjectName(QStringLiteral("aliasNote"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Set alias"));

    auto* intro = new QLabel(tr("Point an alias at <b>%1</b>. Clients asking for <code>%2@ALIAS</code> then get this version; "
                                "the API serves <code>%2</code> with the <i>production</i> alias.")
                                 .arg(versionRef, versionRef.section(QLatin1Char('@'), 0, 0)),
                             this);
    intro->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("Alias:"), m_alias);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addWidget(m_buttons);
    setMinimumWidth(420);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_alias, &QComboBox::currentTextChanged, this, &AliasDialog::updateNote);
    updateNote();
}

QString AliasDialog::alias() const
{
    return m_alias->currentText().trimmed();
}

void AliasDialog::setAlias(const QString& alias)
{
    m_alias->setCurrentText(alias);
}

void AliasDialog::updateNote()
{
    const QString name = alias();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!name.isEmpty());
    const int version = m_current.value(name, 0);
    const int target = m_ref.section(QLatin1Char('@'), 1).toInt();
    if (name.isEmpty())
        m_note->setText(tr("Give the alias a name."));
    else if (version == 0)
        m_note->setText(tr("<i>%1</i> is new for this model.").arg(name));
    else if (version == target)
        m_note->setText(tr("<i>%1</i> already points at this version.").arg(name));
    else
        m_note->setText(tr("<span style='color:#8a6d00'><i>%1</i> now points at v%2; it will move to v%3.</span>").arg(name).arg(version).arg(target));
}

}  // namespace mb::ui
