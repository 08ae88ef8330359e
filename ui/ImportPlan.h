#pragma once

#include "DatasetImporter.h"
#include "ImageImporter.h"

#include <QHash>
#include <QString>
#include <QVector>

#include <optional>

namespace mb {
class Workspace;
}

namespace mb::ui {

// What the import wizard has chosen, without its widgets: the file or folder, how to read a
// CSV, each column's role, the dataset name, the task and the split. It builds core's import
// requests and runs them, so tests can drive an import without clicking through the wizard.
//
// Column roles start as core chose them on the last analysis of the file (setColumns) and
// can be overridden per column. Overriding only the label passes just the label to core, as
// `--label` would; overriding an input column lists every input explicitly (features and
// text), and columns listed in neither are kept but ignored, as core's rule says.
// A plain value; any thread.
class ImportPlan {
public:
    enum class Source { None, Csv, ImageFolder };
    enum class Task { Auto, Classification, Regression };

    // A column of the CSV as the last analysis saw it. `type` is empty when core could not
    // read the file with the current options (the columns then come from the header alone).
    struct Column {
        QString name;
        std::optional<ColumnType> type;
        ColumnRole detectedRole = ColumnRole::Feature;
    };

    // A folder is an image dataset (one subfolder per class), anything else a CSV file.
    // Clears the columns and their overrides.
    void setPath(const QString& path);
    const QString& path() const { return m_path; }
    Source source() const { return m_source; }

    // CSV reading. Delimiter 0 means detect. Changing either clears the role overrides,
    // since the columns may change with them.
    void setDelimiter(char delimiter);
    char delimiter() const { return m_delimiter; }
    void setHeader(CsvOptions::Header header);
    CsvOptions::Header header() const { return m_header; }
    void setMissing(TableImportOptions::Missing missing) { m_missing = missing; }
    TableImportOptions::Missing missing() const { return m_missing; }

    // The columns of the last analysis. Overrides of columns that no longer exist are dropped.
    void setColumns(const QVector<Column>& columns);
    const QVector<Column>& columns() const { return m_columns; }
    // The role a column will have: the override, else what core chose.
    ColumnRole role(const QString& column) const;
    // Overrides a column's role. Making a column the label turns the previous label into an
    // input again (its override is dropped). Image is not a CSV role: InvalidArgument.
    void setRole(const QString& column, ColumnRole role);
    bool hasRoleOverrides() const { return !m_labelOverride.isEmpty() || !m_inputOverrides.isEmpty(); }
    void clearRoleOverrides();

    // Empty means core's default: the file's or folder's base name.
    void setName(const QString& name) { m_name = name.trimmed(); }
    const QString& name() const { return m_name; }
    QString effectiveName() const;

    void setTask(Task task) { m_task = task; }
    Task task() const { return m_task; }
    // Percentages (or any ratios: core normalises them); seed of the split.
    void setSplit(double train, double val, double test);
    const SplitOptions& split() const { return m_split; }
    // Images: leave undecodable files out instead of failing.
    void setSkipBadImages(bool skip) { m_skipBad = skip; }
    bool skipBadImages() const { return m_skipBad; }

    // How core reads the CSV with these choices (the wizard's preview uses it too).
    TableImportOptions tableOptions() const;
    CsvImportRequest csvRequest() const;
    ImageImportRequest imageRequest() const;

    // Throws InvalidArgument naming the field at fault: no path, a bad dataset name, a
    // split without rows for training.
    void validate() const;
    // validate(), then the import through core. Blocking: run it off the GUI thread.
    CommittedVersion run(const Workspace& workspace, const DatasetWriter::StepObserver& observer = {}) const;

private:
    QString labelColumn() const;

    QString m_path;
    Source m_source = Source::None;
    char m_delimiter = 0;
    CsvOptions::Header m_header = CsvOptions::Header::Auto;
    TableImportOptions::Missing m_missing = TableImportOptions::Missing::Reject;
    QVector<Column> m_columns;
    QString m_labelOverride;
    QHash<QString, ColumnRole> m_inputOverrides;
    QString m_name;
    Task m_task = Task::Auto;
    SplitOptions m_split;
    bool m_skipBad = false;
};

}  // namespace mb::ui
