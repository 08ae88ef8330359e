#pragma once

#include "ModelVersionInfo.h"

#include <QWidget>

#include <memory>

class QAction;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace mb {
class Workspace;
}

namespace mb::ui {

class CompareVersionsDialog;
class ConfusionMatrixView;
class ModelListModel;
class ModelVersionListModel;

// The Models view: registered models (select some to narrow the list) and their versions with
// lineage, aliases and test metrics; the selected version's details and test confusion matrix.
// Actions: set or move an alias, remove one, delete a version (refused while aliased unless
// forced: core's message is shown), export and import bundle files, export a version as
// TorchScript (in the background), compare two versions side by side. GUI thread only; every
// change goes through core's ModelRegistry.
class ModelsPage : public QWidget {
    Q_OBJECT
public:
    explicit ModelsPage(std::shared_ptr<const Workspace> workspace, QWidget* parent = nullptr);

    ModelListModel* modelList() const { return m_models; }
    ModelVersionListModel* versionList() const { return m_versions; }
    QSortFilterProxyModel* versionProxy() const { return m_versionProxy; }
    QTableView* modelTable() const { return m_modelTable; }
    QTableView* versionTable() const { return m_versionTable; }
    ConfusionMatrixView* confusionView() const { return m_confusion; }
    QAction* setAliasAction() const { return m_setAlias; }
    QAction* removeAliasAction() const { return m_removeAlias; }
    QAction* deleteAction() const { return m_delete; }
    QAction* exportAction() const { return m_export; }
    QAction* exportTorchScriptAction() const { return m_exportTorchScript; }
    QAction* importAction() const { return m_import; }
    QAction* compareAction() const { return m_compare; }

    // Selects versions by reference ("wine@3"), showing every model; false if one is missing.
    bool selectVersions(const QStringList& refs);
    bool selectVersion(const QString& ref) { return selectVersions({ref}); }
    QVector<ModelVersionInfo> selectedVersions() const;

    // The actions' work without their dialogs; errors go to errorOccurred. True on success.
    bool setAlias(const QString& ref, const QString& alias);
    bool removeAlias(const QString& model, const QString& alias);
    bool deleteVersion(const QString& ref, bool force);
    bool exportBundle(const QString& ref, const QString& path);
    // Writes `path` and its signature `path`.json off the GUI thread; the outcome arrives as
    // torchScriptExported and noticeOccurred, or errorOccurred.
    void exportTorchScript(const QString& ref, const QString& path);
    QString importBundle(const QString& path);  // the new version's ref, empty on failure
    // Opens (non-modal) the comparison of two versions.
    CompareVersionsDialog* compare(const QString& refA, const QString& refB);

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void errorOccurred(const QString& message);
    void noticeOccurred(const QString& message);
    // exportTorchScript() ended; `error` is empty on success.
    void torchScriptExported(const QString& path, const QString& error);

private:
    void buildActions();
    void applyModelFilter();
    void updateActions();
    void updateDetails();
    void onSetAlias();
    void onRemoveAlias();
    void onDelete();
    void onExport();
    void onExportTorchScript();
    void onImport();
    void onCompare();

    std::shared_ptr<const Workspace> m_workspace;
    ModelListModel* m_models;
    ModelVersionListModel* m_versions;
    QSortFilterProxyModel* m_versionProxy;
    QTableView* m_modelTable;
    QTableView* m_versionTable;
    QLabel* m_details;
    ConfusionMatrixView* m_confusion;
    QLabel* m_emptyState;
    QAction* m_setAlias = nullptr;
    QAction* m_removeAlias = nullptr;
    QAction* m_delete = nullptr;
    QAction* m_export = nullptr;
    QAction* m_exportTorchScript = nullptr;
    bool m_exportingTorchScript = false;
    QAction* m_import = nullptr;
    QAction* m_compare = nullptr;
};

}  // namespace mb::ui
