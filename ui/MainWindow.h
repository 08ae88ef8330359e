#pragma once

#include <QMainWindow>

#include <memory>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace mb {
class Workspace;
}

namespace mb::ui {

class DatasetsPage;
class MessageBar;

// The workbench window: a sidebar of views (Datasets, Train, Runs, Models, Inspect, Serve),
// a message bar for errors, and a status bar with the workspace and the server state.
// Keeps its geometry and last view in QSettings. GUI thread only.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class View { Datasets, Train, Runs, Models, Inspect, Serve };

    explicit MainWindow(std::shared_ptr<Workspace> workspace, QWidget* parent = nullptr);

    void showView(View view);
    View currentView() const;
    MessageBar* messageBar() const { return m_messageBar; }
    DatasetsPage* datasetsPage() const { return m_datasetsPage; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildSidebar();
    void buildStatusBar();
    void restoreSettings();

    std::shared_ptr<Workspace> m_workspace;
    QListWidget* m_sidebar;
    QStackedWidget* m_pages;
    MessageBar* m_messageBar;
    DatasetsPage* m_datasetsPage;
    QLabel* m_serverState;
};

}  // namespace mb::ui
