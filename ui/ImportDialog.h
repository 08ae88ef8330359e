#pragma once

#include "CsvPreview.h"
#include "DatasetWriter.h"
#include "ImportPlan.h"

#include <QWizard>

#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QTableView;

namespace mb {
class Workspace;
}

namespace mb::ui {

class ColumnRolesModel;
class DatasetTableModel;

// The import wizard: a CSV file or an image folder (one subfolder per class); for a CSV, the
// first 50 rows as the reader splits them, the detected delimiter, header and column types
// (delimiter and header overridable, the file re-read at once) and each column's role; then
// the dataset name, the task and the split. Every change re-checks the whole file with core
// in the background, so core's own error ("data.csv:17:3: ...") shows before importing.
// Finish runs the import in the background with progress and closes on success; a failure is
// shown and the wizard stays open. The choices live in an ImportPlan. GUI thread only.
class ImportDialog : public QWizard {
    Q_OBJECT
public:
    enum PageId { SourcePage, CsvPage, SettingsPage };

    explicit ImportDialog(std::shared_ptr<const Workspace> workspace, QWidget* parent = nullptr);

    const ImportPlan& plan() const { return m_plan; }
    ColumnRolesModel* rolesModel() const { return m_roles; }
    DatasetTableModel* previewModel() const { return m_preview; }
    const CsvPreview& lastPreview() const { return m_lastPreview; }
    // What the wizard shows as the current problem (core's message), empty when none.
    QString errorText() const;
    bool isBusy() const { return m_busy; }
    // The version the import made (or found identical), valid once imported() was emitted.
    const CommittedVersion& result() const { return m_result; }

    // The source as if picked in the file dialog; a CSV is analysed in the background.
    void setPath(const QString& path);

    int nextId() const override;
    bool validateCurrentPage() override;

public Q_SLOTS:
    // Finish: starts the import instead of closing; closes when it succeeded.
    void accept() override;
    // Closing is refused while the import runs (core cannot stop halfway).
    void reject() override;

Q_SIGNALS:
    void previewReady();
    void imported(const QString& ref);
    void importFailed(const QString& message);

private:
    QWizardPage* buildSourcePage();
    QWizardPage* buildCsvPage();
    QWizardPage* buildSettingsPage();
    void browseFile();
    void browseFolder();
    void analyse();
    void showPreview(const CsvPreview& preview);
    void updatePreviewTable();
    void updateSettingsPage();
    void showError(const QString& message);
    void readSettings();
    void setBusy(bool busy, const QString& text = {});

    std::shared_ptr<const Workspace> m_workspace;
    ImportPlan m_plan;
    CsvPreview m_lastPreview;
    CommittedVersion m_result;
    quint64 m_analysis = 0;
    bool m_analysing = false;
    bool m_busy = false;
    QString m_error;

    QLineEdit* m_path = nullptr;
    QLabel* m_sourceNote = nullptr;
    QComboBox* m_delimiter = nullptr;
    QCheckBox* m_header = nullptr;
    QComboBox* m_missing = nullptr;
    QLabel* m_detected = nullptr;
    QTableView* m_previewTable = nullptr;
    QTableView* m_rolesTable = nullptr;
    QLabel* m_csvError = nullptr;
    QLineEdit* m_name = nullptr;
    QComboBox* m_task = nullptr;
    QDoubleSpinBox* m_train = nullptr;
    QDoubleSpinBox* m_val = nullptr;
    QDoubleSpinBox* m_test = nullptr;
    QCheckBox* m_skipBad = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    ColumnRolesModel* m_roles;
    DatasetTableModel* m_preview;
};

}  // namespace mb::ui
