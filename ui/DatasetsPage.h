#pragma once

#include "ClassDistribution.h"
#include "DatasetVersion.h"
#include "DebianCatalog.h"
#include "GestureDatasets.h"

#include <QWidget>

#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QListView;
class QProgressBar;
class QSortFilterProxyModel;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace mb {
class Workspace;
}

namespace mb::ui {

class ClassDistributionChart;
class DatasetListModel;
class DatasetTableModel;
class DatasetVersionListModel;
class ImageThumbnailModel;
class ImportDialog;

// The Datasets view: the workspace's datasets, the selected one's versions, and the selected
// version's rows (a virtualised table), class distribution per split and, for image data, a
// thumbnail grid filtered by class. Actions: the import wizard, generating the built-in pen
// gestures, importing the Debian package catalogue (apt-cache dumpavail) and exporting a
// version as CSV. Loading, importing, generating and exporting run in the background (one
// write at a time) with progress under the header. GUI thread only.
class DatasetsPage : public QWidget {
    Q_OBJECT
public:
    enum Tab { RowsTab, DistributionTab, ImagesTab };

    explicit DatasetsPage(std::shared_ptr<const Workspace> workspace, QWidget* parent = nullptr);

    DatasetListModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    DatasetVersionListModel* versionModel() const { return m_versions; }
    QTableView* versionTable() const { return m_versionTable; }
    DatasetTableModel* rowsModel() const { return m_rows; }
    QTableView* rowsView() const { return m_rowsView; }
    ClassDistributionChart* distributionChart() const { return m_chart; }
    ImageThumbnailModel* thumbnailModel() const { return m_thumbnails; }
    QSortFilterProxyModel* thumbnailFilter() const { return m_thumbnailFilter; }
    QListView* thumbnailView() const { return m_thumbnailView; }
    QComboBox* classFilter() const { return m_classFilter; }
    QTabWidget* tabs() const { return m_tabs; }
    QAction* importAction() const { return m_import; }
    QAction* gesturesAction() const { return m_gestures; }
    QAction* debianAction() const { return m_debian; }
    QAction* exportAction() const { return m_export; }

    // Selects a dataset version ("wine@2"; "wine" for its newest) and loads it in the
    // background (versionLoaded follows). False when it is not in the list.
    bool selectVersion(const QString& ref);
    // The version whose rows are on show, or null.
    const DatasetVersion* currentVersion() const { return m_current.get(); }
    bool isBusy() const { return m_taskRunning; }

    // The actions' work without their dialogs. Each runs in the background, reports through
    // noticeOccurred / errorOccurred and ends with taskFinished.
    void generateGestures(const GestureDatasetOptions& options);
    void importDebianCatalog(const DebianCatalogOptions& options);
    void exportCsv(const QString& path);
    // Opens the import wizard (window-modal); a successful import refreshes and selects it.
    ImportDialog* openImportDialog();

public Q_SLOTS:
    // Re-reads the list from the registry. Errors are reported through errorOccurred.
    void refresh();

Q_SIGNALS:
    void errorOccurred(const QString& message);
    void noticeOccurred(const QString& message);
    void versionLoaded(const QString& ref);
    void taskFinished();

private:
    // What a background write reports: a sentence for the status bar and what to select.
    struct TaskOutcome {
        QString notice;
        QString select;  // a version ref, or empty
    };
    struct LoadedVersion {
        std::shared_ptr<const DatasetVersion> version;
        ClassDistribution distribution;
    };

    QWidget* buildRowsTab();
    QWidget* buildDistributionTab();
    QWidget* buildImagesTab();
    void showVersions();
    void loadSelectedVersion();
    void showVersion(const LoadedVersion& loaded);
    void applyClassFilter();
    void updateActions();
    void onGestures();
    void onDebian();
    void onExport();
    // Runs a write in the background with progress, one at a time; refreshes the list after.
    void runTask(const QString& text, std::function<TaskOutcome(const DatasetWriter::StepObserver&)> work);
    void setTask(const QString& text, int percent = -1);
    QString selectedDataset() const;

    std::shared_ptr<const Workspace> m_workspace;
    DatasetListModel* m_model;
    QTableView* m_table;
    DatasetVersionListModel* m_versions;
    QTableView* m_versionTable;
    DatasetTableModel* m_rows;
    QTableView* m_rowsView = nullptr;
    ClassDistributionChart* m_chart;
    ImageThumbnailModel* m_thumbnails;
    QSortFilterProxyModel* m_thumbnailFilter;
    QListView* m_thumbnailView = nullptr;
    QComboBox* m_classFilter = nullptr;
    QTabWidget* m_tabs;
    QLabel* m_summary;
    QLabel* m_emptyState;
    QStackedWidget* m_content;
    QLabel* m_taskLabel;
    QProgressBar* m_taskBar;
    QAction* m_import = nullptr;
    QAction* m_gestures = nullptr;
    QAction* m_debian = nullptr;
    QAction* m_export = nullptr;
    std::shared_ptr<const DatasetVersion> m_current;
    quint64 m_loadGeneration = 0;
    bool m_loading = false;
    bool m_taskRunning = false;
    QString m_pendingRef;  // the version to select once the list shows it
};

}  // namespace mb::ui
