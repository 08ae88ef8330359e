#include "GridSearchEditor.h"

#include "Error.h"
#include "Format.h"
#include "GridSearch.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace mb::ui {

GridSearchEditor::GridSearchEditor(QWidget* parent)
    : QWidget(parent), m_editor(new QPlainTextEdit(this)), m_summary(new QLabel(this))
{
    m_editor->setObjectName(QStringLiteral("gridYaml"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setTabChangesFocus(true);
    m_editor->setPlaceholderText(QStringLiteral("lr: [0.001, 0.01]\nbatch_size: [16, 32]"));
    m_editor->setToolTip(tr("Config keys with the values to try; every combination is trained on top of the config above."));
    m_summary->setObjectName(QStringLiteral("gridSummary"));
    m_summary->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_summary);

    // Expanding a grid is cheap (a YAML parse and at most 1000 combinations): check every edit.
    connect(m_editor, &QPlainTextEdit::textChanged, this, &GridSearchEditor::validate);
    validate();
}

QString GridSearchEditor::sourceName()
{
    return QStringLiteral("grid.yaml");
}

QString GridSearchEditor::gridYaml() const
{
    return m_editor->toPlainText();
}

void GridSearchEditor::setGridYaml(const QString& yaml)
{
    m_editor->setPlainText(yaml);
}

void GridSearchEditor::validate()
{
    m_combinations = 0;
    m_error.clear();
    if (m_editor->toPlainText().trimmed().isEmpty()) {
        m_error = tr("Give at least one key with the values to try, e.g. lr: [0.001, 0.01]");
    } else {
        try {
            m_combinations = int(GridSearch::expand(m_editor->toPlainText(), sourceName()).size());
        } catch (const Error& error) {
            m_error = error.message();
        }
    }
    if (isValid()) {
        m_summary->setStyleSheet(QStringLiteral("color: #2e7d32;"));
        m_summary->setText(tr("%1 to train").arg(format::plural(m_combinations, tr("combination"), tr("combinations"))));
    } else {
        m_summary->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_summary->setText(m_error);
    }
    Q_EMIT validated(isValid());
}

}  // namespace mb::ui
