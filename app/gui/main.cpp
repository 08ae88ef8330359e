// modelbench: the desktop workbench. Opens the workspace and shows the main window.
#include "Error.h"
#include "JobManager.h"
#include "MainWindow.h"
#include "RuntimeVersions.h"
#include "Workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("modelbench"));
    QApplication::setOrganizationName(QStringLiteral("modelbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("Modelbench"));
    QApplication::setApplicationVersion(mb::RuntimeVersions::current().describe(QStringLiteral("modelbench")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Modelbench: import data, train models, inspect them and serve them."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspaceOption(
        QStringLiteral("workspace"),
        QStringLiteral("Workspace folder (default: $MODELBENCH_WORKSPACE, else ~/.local/share/modelbench/workspace)."),
        QStringLiteral("DIR"));
    parser.addOption(workspaceOption);
    parser.process(app);

    const QString path = mb::Workspace::resolvePath(parser.value(workspaceOption));
    std::shared_ptr<mb::Workspace> workspace;
    try {
        workspace = mb::Workspace::open(path);
    } catch (const mb::Error& error) {
        QMessageBox::critical(nullptr, QStringLiteral("Modelbench"),
                              QStringLiteral("Cannot open the workspace %1:\n\n%2").arg(path, error.message()));
        return 3;
    }
    // One job manager for the process: the window and (when switched on) the HTTP API start
    // trainings through it. Declared before the window, so it outlives it.
    mb::JobManager jobs(workspace);
    mb::ui::MainWindowOptions options;
    options.jobs = &jobs;
    mb::ui::MainWindow window(workspace, options);
    window.show();
    return app.exec();
}
