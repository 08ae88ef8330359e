#pragma once

#include "MainWindowOptions.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QListWidget;
class QStackedWidget;
class QThread;

namespace mb {
class JobManager;
class Workspace;
}  // namespace mb

namespace mb::ui {

class DatasetsPage;
class InspectPage;
class JobStatusIndicator;
class MessageBar;
class ModelsPage;
class RunsPage;
class ServePage;
class TrainPage;

// The workbench window: a sidebar of views (Datasets, Train, Runs, Models, Inspect, Serve),
// a message bar for errors, and a status bar with the workspace, running jobs and the server
// state. Trainings run on a JobManager's threads (the window's own, or one shared with the
// HTTP API); a fresh workspace gets the built-in gesture datasets in the background. Keeps its
// geometry and last view in QSettings. GUI thread only.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class View { Datasets, Train, Runs, Models, Inspect, Serve };

    explicit MainWindow(std::shared_ptr<Workspace> workspace, MainWindowOptions options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    void showView(View view);
    View currentView() const;
    MessageBar* messageBar() const { return m_messageBar; }
    DatasetsPage* datasetsPage() const { return m_datasetsPage; }
    TrainPage* trainPage() const { return m_trainPage; }
    RunsPage* runsPage() const { return m_runsPage; }
    ModelsPage* modelsPage() const { return m_modelsPage; }
    InspectPage* inspectPage() const { return m_inspectPage; }
    ServePage* servePage() const { return m_servePage; }
    JobManager* jobManager() const { return m_jobs; }
    JobStatusIndicator* jobStatus() const { return m_jobStatus; }
    // True while the gesture datasets are being prepared.
    bool isPreparingData() const { return m_dataThread != nullptr; }

Q_SIGNALS:
    // The start-up data preparation ended (successfully or not).
    void dataPrepared();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildSidebar();
    void buildStatusBar();
    void connectPages();
    void restoreSettings();
    void prepareGestureData(const GestureDatasetOptions& options);
    void showError(const QString& message);
    void showNotice(const QString& message);

    std::shared_ptr<Workspace> m_workspace;
    JobManager* m_ownJobs;  // when the options gave none
    JobManager* m_jobs;
    QListWidget* m_sidebar;
    QStackedWidget* m_pages;
    MessageBar* m_messageBar;
    DatasetsPage* m_datasetsPage;
    TrainPage* m_trainPage;
    RunsPage* m_runsPage;
    ModelsPage* m_modelsPage;
    InspectPage* m_inspectPage;
    ServePage* m_servePage;
    JobStatusIndicator* m_jobStatus = nullptr;
    QLabel* m_serverState;
    QThread* m_dataThread = nullptr;
};

}  // namespace mb::ui
