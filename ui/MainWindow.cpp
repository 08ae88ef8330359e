#include "MainWindow.h"

#include "DatasetsPage.h"
#include "MessageBar.h"
#include "PageHeader.h"
#include "Workspace.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

struct ViewEntry {
    MainWindow::View view;
    const char* title;
    QStyle::StandardPixmap icon;
    const char* description;
};

const ViewEntry kViews[] = {
    {MainWindow::View::Datasets, QT_TRANSLATE_NOOP("MainWindow", "Datasets"), QStyle::SP_DirIcon, ""},
    {MainWindow::View::Train, QT_TRANSLATE_NOOP("MainWindow", "Train"), QStyle::SP_MediaPlay,
     QT_TRANSLATE_NOOP("MainWindow", "Train a model on a dataset version and watch it learn.")},
    {MainWindow::View::Runs, QT_TRANSLATE_NOOP("MainWindow", "Runs"), QStyle::SP_FileDialogDetailedView,
     QT_TRANSLATE_NOOP("MainWindow", "Every training run, its parameters and curves.")},
    {MainWindow::View::Models, QT_TRANSLATE_NOOP("MainWindow", "Models"), QStyle::SP_DriveHDIcon,
     QT_TRANSLATE_NOOP("MainWindow", "Registered model versions and their aliases.")},
    {MainWindow::View::Inspect, QT_TRANSLATE_NOOP("MainWindow", "Inspect"), QStyle::SP_FileDialogContentsView,
     QT_TRANSLATE_NOOP("MainWindow", "Confusion matrix, per-class metrics and mistakes.")},
    {MainWindow::View::Serve, QT_TRANSLATE_NOOP("MainWindow", "Serve"), QStyle::SP_ComputerIcon,
     QT_TRANSLATE_NOOP("MainWindow", "The local HTTP API for registered models.")},
};

// A view whose tools are not in this build: says so instead of showing empty controls.
QWidget* unavailablePage(const QString& title, const QString& description, QWidget* parent)
{
    auto* page = new QWidget(parent);
    auto* notice = new QLabel(QObject::tr("This view is not available in this build yet."), page);
    notice->setAlignment(Qt::AlignCenter);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(new PageHeader(title, description, page));
    layout->addWidget(notice, 1);
    return page;
}

}  // namespace

MainWindow::MainWindow(std::shared_ptr<Workspace> workspace, QWidget* parent)
    : QMainWindow(parent),
      m_workspace(std::move(workspace)),
      m_sidebar(new QListWidget(this)),
      m_pages(new QStackedWidget(this)),
      m_messageBar(new MessageBar(this)),
      m_datasetsPage(new DatasetsPage(m_workspace, this)),
      m_serverState(new QLabel(this))
{
    setWindowTitle(tr("Modelbench"));
    setObjectName(QStringLiteral("mainWindow"));
    buildSidebar();
    buildStatusBar();

    connect(m_datasetsPage, &DatasetsPage::errorOccurred, this,
            [this](const QString& message) { m_messageBar->showMessage(message, MessageBar::Kind::Error); });

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(12, 12, 12, 4);
    rightLayout->addWidget(m_messageBar);
    rightLayout->addWidget(m_pages, 1);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_sidebar);
    layout->addWidget(right, 1);
    setCentralWidget(central);

    auto* quit = new QAction(tr("Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    addAction(quit);

    restoreSettings();
}

void MainWindow::buildSidebar()
{
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setFixedWidth(170);
    m_sidebar->setIconSize(QSize(20, 20));
    m_sidebar->setSpacing(2);
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setStyleSheet(QStringLiteral(
        "#sidebar { background: palette(window); border-right: 1px solid palette(mid); padding-top: 8px; }"
        "#sidebar::item { padding: 8px 10px; }"
        "#sidebar::item:selected { background: palette(highlight); color: palette(highlighted-text); }"));
    int shortcut = 1;
    for (const ViewEntry& entry : kViews) {
        const QString title = tr(entry.title);
        auto* item = new QListWidgetItem(style()->standardIcon(entry.icon), title, m_sidebar);
        item->setToolTip(QStringLiteral("%1 (Ctrl+%2)").arg(title).arg(shortcut));
        m_pages->addWidget(entry.view == View::Datasets ? static_cast<QWidget*>(m_datasetsPage)
                                                        : unavailablePage(title, tr(entry.description), m_pages));
        auto* action = new QAction(this);
        action->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(shortcut++)));
        const View view = entry.view;
        connect(action, &QAction::triggered, this, [this, view] { showView(view); });
        addAction(action);
    }
    connect(m_sidebar, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
}

void MainWindow::buildStatusBar()
{
    auto* workspaceLabel = new QLabel(tr("Workspace: %1").arg(m_workspace->path()), this);
    workspaceLabel->setObjectName(QStringLiteral("workspaceLabel"));
    workspaceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_serverState->setObjectName(QStringLiteral("serverState"));
    m_serverState->setText(tr("API: off"));
    statusBar()->addWidget(workspaceLabel, 1);
    statusBar()->addPermanentWidget(m_serverState);
}

void MainWindow::showView(View view)
{
    m_sidebar->setCurrentRow(static_cast<int>(view));
}

MainWindow::View MainWindow::currentView() const
{
    return static_cast<View>(m_pages->currentIndex());
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1180, 760);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    const int view = settings.value(QStringLiteral("window/view"), 0).toInt();
    showView(static_cast<View>(qBound(0, view, m_pages->count() - 1)));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/view"), m_pages->currentIndex());
    settings.setValue(QStringLiteral("workspace/last"), m_workspace->path());
    event->accept();
}

}  // namespace mb::ui
