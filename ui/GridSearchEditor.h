#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace mb::ui {

// The grid of a grid search as YAML (`key: [values]`, dotted or nested keys as in a config),
// checked with GridSearch::expand() as it is typed: the number of combinations, or what is
// wrong and on which line. GUI thread only.
class GridSearchEditor : public QWidget {
    Q_OBJECT
public:
    explicit GridSearchEditor(QWidget* parent = nullptr);

    QString gridYaml() const;
    void setGridYaml(const QString& yaml);
    bool isValid() const { return m_combinations > 0; }
    int combinationCount() const { return m_combinations; }  // 0 while invalid
    QString error() const { return m_error; }

    QPlainTextEdit* editor() const { return m_editor; }
    QLabel* summaryLabel() const { return m_summary; }

    // The name grid errors give the grid ("grid.yaml:2: ...").
    static QString sourceName();

Q_SIGNALS:
    // The text changed and was checked again.
    void validated(bool valid);

private:
    void validate();

    QPlainTextEdit* m_editor;
    QLabel* m_summary;
    int m_combinations = 0;
    QString m_error;
};

}  // namespace mb::ui
