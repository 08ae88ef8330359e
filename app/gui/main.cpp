// modelbench: the desktop workbench. Opens the workspace and shows the main window.
#include "Error.h"
#include "JobManager.h"
#include "MainWindow.h"
#include "RuntimeVersions.h"
#include "Workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace {

// Milliseconds since the process started, loading the shared libraries included (which happens
// before main()): Linux keeps the start in clock ticks since boot in /proc/self/stat, field 22.
// -1 when that cannot be read.
qint64 msSinceProcessStart()
{
    QFile file(QStringLiteral("/proc/self/stat"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');  // from field 3 on
    bool ok = false;
    const double startTicks = fields.value(19).toDouble(&ok);
    timespec now{};
    if (!ok || clock_gettime(CLOCK_BOOTTIME, &now) != 0)
        return -1;
    const double nowSeconds = double(now.tv_sec) + double(now.tv_nsec) / 1e9;
    return qint64((nowSeconds - startTicks / double(sysconf(_SC_CLK_TCK))) * 1000);
}

// For --startup-time: on the first paint of the main window, waits for the event loop to turn
// once more (the window then answers input), prints the times since main() started and quits.
class FirstPaintReporter : public QObject {
public:
    FirstPaintReporter(QWidget* window, const QElapsedTimer& clock) : m_window(window), m_clock(clock) {}

    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (!m_painted && event->type() == QEvent::Paint && watched->isWidgetType() && static_cast<QWidget*>(watched)->window() == m_window) {
            m_painted = true;
            const qint64 painted = m_clock.elapsed();
            QTimer::singleShot(0, this, [this, painted] {
                std::printf("startup: first paint %lld ms, interactive %lld ms (since main); interactive %lld ms since the process started\n",
                            static_cast<long long>(painted), static_cast<long long>(m_clock.elapsed()),
                            static_cast<long long>(msSinceProcessStart()));
                std::fflush(stdout);
                QCoreApplication::quit();
            });
        }
        return false;
    }

private:
    QWidget* m_window;
    const QElapsedTimer& m_clock;
    bool m_painted = false;
};

}  // namespace

int main(int argc, char** argv)
{
    QElapsedTimer sinceStart;
    sinceStart.start();
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
        QStringLiteral("Workspace folder (default: $MODELBENCH_WORKSPACE, else the one open last time, else "
                       "~/.local/share/modelbench/workspace)."),
        QStringLiteral("DIR"));
    parser.addOption(workspaceOption);
    const QCommandLineOption startupTimeOption(
        QStringLiteral("startup-time"),
        QStringLiteral("Print how long the window took to show and answer input (from the start of the program), then quit."));
    parser.addOption(startupTimeOption);
    parser.process(app);

    QString chosen = parser.value(workspaceOption);
    if (chosen.isEmpty() && qEnvironmentVariableIsEmpty("MODELBENCH_WORKSPACE")) {
        // The window saves the workspace it had open; reopen it if it is still there.
        const QString last = QSettings().value(QStringLiteral("workspace/last")).toString();
        if (!last.isEmpty() && QFileInfo::exists(last + QStringLiteral("/registry.sqlite")))
            chosen = last;
    }
    const QString path = mb::Workspace::resolvePath(chosen);
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
    FirstPaintReporter reporter(&window, sinceStart);
    if (parser.isSet(startupTimeOption))
        app.installEventFilter(&reporter);
    window.show();
    return app.exec();
}
