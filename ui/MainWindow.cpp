#include "MainWindow.h"

#include "DatasetCatalog.h"
#include "DatasetsPage.h"
#include "Error.h"
#include "Format.h"
#include "InspectPage.h"
#include "JobManager.h"
#include "JobStatusIndicator.h"
#include "MessageBar.h"
#include "ModelsPage.h"
#include "RunsPage.h"
#include "ServePage.h"
#include "TrainPage.h"
#include "Workspace.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QThread>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

struct ViewEntry {
    MainWindow::View view;
    const char* title;
    QStyle::StandardPixmap icon;
};

const ViewEntry kViews[] = {
    {MainWindow::View::Datasets, QT_TRANSLATE_NOOP("MainWindow", "Datasets"), QStyle::SP_DirIcon},
    {MainWindow::View::Train, QT_TRANSLATE_NOOP("MainWindow", "Train"), QStyle::SP_MediaPlay},
    {MainWindow::View::Runs, QT_TRANSLATE_NOOP("MainWindow", "Runs"), QStyle::SP_FileDialogDetailedView},
    {MainWindow::View::Models, QT_TRANSLATE_NOOP("MainWindow", "Models"), QStyle::SP_DriveHDIcon},
    {MainWindow::View::Inspect, QT_TRANSLATE_NOOP("MainWindow", "Inspect"), QStyle::SP_FileDialogContentsView},
    {MainWindow::View::Serve, QT_TRANSLATE_NOOP("MainWindow", "Serve"), QStyle::SP_ComputerIcon},
};

const QString kConfigErrorPrefix = QStringLiteral("The training config is not valid");

}  // namespace

MainWindow::MainWindow(std::shared_ptr<Workspace> workspace, MainWindowOptions options, QWidget* parent)
    : QMainWindow(parent),
      m_workspace(std::move(workspace)),
      m_ownJobs(options.jobs ? nullptr : new JobManager(m_workspace, {}, this)),
      m_jobs(options.jobs ? options.jobs : m_ownJobs),
      m_sidebar(new QListWidget(this)),
      m_pages(new QStackedWidget(this)),
      m_messageBar(new MessageBar(this)),
      m_datasetsPage(new DatasetsPage(m_workspace, this)),
      m_trainPage(new TrainPage(m_workspace, m_jobs, this)),
      m_runsPage(new RunsPage(m_workspace, this)),
      m_modelsPage(new ModelsPage(m_workspace, this)),
      m_inspectPage(new InspectPage(m_workspace, this)),
      m_servePage(new ServePage(m_workspace, m_jobs, this)),
      m_serverState(new QLabel(this))
{
    setWindowTitle(tr("Modelbench"));
    setObjectName(QStringLiteral("mainWindow"));
    buildSidebar();
    buildStatusBar();
    connectPages();

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
    if (options.prepareGestureData)
        prepareGestureData(options.gestures);
}

MainWindow::~MainWindow()
{
    // Stop our own trainings while the views still exist, and let the data preparation end
    // (it writes in one transaction; cutting it off would only waste the work).
    delete m_ownJobs;
    m_ownJobs = nullptr;
    if (m_dataThread)
        m_dataThread->wait();
}

void MainWindow::buildSidebar()
{
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setFixedWidth(170);
    m_sidebar->setIconSize(QSize(20, 20));
    m_sidebar->setSpacing(2);
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setStyleSheet(QStringLiteral(
        "#sidebar { background: palette(window); border-right: 1px solid palette(mid); padding-top: 8px; outline: 0; }"
        "#sidebar::item { padding: 8px 10px; }"
        "#sidebar::item:selected { background: palette(highlight); color: palette(highlighted-text); }"));
    int shortcut = 1;
    for (const ViewEntry& entry : kViews) {
        const QString title = tr(entry.title);
        auto* item = new QListWidgetItem(style()->standardIcon(entry.icon), title, m_sidebar);
        item->setToolTip(QStringLiteral("%1 (Ctrl+%2)").arg(title).arg(shortcut));
        QWidget* page = nullptr;
        switch (entry.view) {
        case View::Datasets:
            page = m_datasetsPage;
            break;
        case View::Train:
            page = m_trainPage;
            break;
        case View::Runs:
            page = m_runsPage;
            break;
        case View::Models:
            page = m_modelsPage;
            break;
        case View::Inspect:
            page = m_inspectPage;
            break;
        case View::Serve:
            page = m_servePage;
            break;
        }
        m_pages->addWidget(page);
        auto* action = new QAction(this);
        action->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(shortcut++)));
        const View view = entry.view;
        connect(action, &QAction::triggered, this, [this, view] { showView(view); });
        addAction(action);
    }
    connect(m_sidebar, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    connect(m_sidebar, &QListWidget::currentRowChanged, this, [this](int row) {
        // Views that others change (a training, the CLI, the API) are read again when shown.
        if (row == int(View::Datasets))
            m_datasetsPage->refresh();
        else if (row == int(View::Train))
            m_trainPage->refreshDatasets();
        else if (row == int(View::Runs))
            m_runsPage->refresh();
        else if (row == int(View::Models))
            m_modelsPage->refresh();
        else if (row == int(View::Inspect))
            m_inspectPage->refresh();
        else if (row == int(View::Serve))
            m_servePage->refresh();
    });
}

void MainWindow::buildStatusBar()
{
    auto* workspaceLabel = new QLabel(tr("Workspace: %1").arg(m_workspace->path()), this);
    workspaceLabel->setObjectName(QStringLiteral("workspaceLabel"));
    workspaceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_serverState->setObjectName(QStringLiteral("serverState"));
    m_serverState->setText(tr("API: off"));
    m_jobStatus = new JobStatusIndicator(m_jobs, this);
    connect(m_jobStatus, &JobStatusIndicator::clicked, this, [this] { showView(View::Train); });
    statusBar()->addWidget(workspaceLabel, 1);
    statusBar()->addPermanentWidget(m_jobStatus);
    statusBar()->addPermanentWidget(m_serverState);
}

void MainWindow::connectPages()
{
    connect(m_datasetsPage, &DatasetsPage::errorOccurred, this, &MainWindow::showError);
    connect(m_datasetsPage, &DatasetsPage::noticeOccurred, this, &MainWindow::showNotice);
    connect(m_trainPage, &TrainPage::errorOccurred, this, &MainWindow::showError);
    connect(m_runsPage, &RunsPage::errorOccurred, this, &MainWindow::showError);
    connect(m_modelsPage, &ModelsPage::errorOccurred, this, &MainWindow::showError);
    connect(m_runsPage, &RunsPage::noticeOccurred, this, &MainWindow::showNotice);
    connect(m_modelsPage, &ModelsPage::noticeOccurred, this, &MainWindow::showNotice);
    connect(m_inspectPage, &InspectPage::errorOccurred, this, &MainWindow::showError);
    connect(m_inspectPage, &InspectPage::noticeOccurred, this, &MainWindow::showNotice);
    connect(m_servePage, &ServePage::errorOccurred, this, &MainWindow::showError);
    connect(m_servePage, &ServePage::noticeOccurred, this, &MainWindow::showNotice);
    connect(m_servePage, &ServePage::stateChanged, this, [this](const QString& url) {
        m_serverState->setText(url.isEmpty() ? tr("API: off") : tr("API: %1").arg(url));
    });
    connect(m_trainPage, &TrainPage::errorCleared, this, [this] {
        if (m_messageBar->isVisible() && m_messageBar->text().startsWith(kConfigErrorPrefix))
            m_messageBar->hide();
    });
    connect(m_trainPage, &TrainPage::showModelRequested, this, [this](const QString& ref) {
        showView(View::Models);
        m_modelsPage->selectVersion(ref);
    });
    connect(m_jobs, &JobManager::jobFinished, this, [this] {
        m_runsPage->refresh();
        m_modelsPage->refresh();
    });
}

void MainWindow::showError(const QString& message)
{
    m_messageBar->showMessage(message, MessageBar::Kind::Error);
}

void MainWindow::showNotice(const QString& message)
{
    statusBar()->showMessage(message, 10000);
}

void MainWindow::prepareGestureData(const GestureDatasetOptions& options)
{
    try {
        if (!DatasetCatalog(*m_workspace).list().isEmpty())
            return;
    } catch (const Error&) {
        return;  // the Datasets view reports a broken registry
    }
    m_jobStatus->setTask(tr("Preparing the built-in gesture datasets…"));
    auto outcome = std::make_shared<QString>();
    auto failure = std::make_shared<QString>();
    const std::shared_ptr<Workspace> workspace = m_workspace;
    m_dataThread = QThread::create([workspace, options, outcome, failure] {
        try {
            const GestureDatasetsResult result = GestureDatasets(*workspace).generate(options);
            *outcome = QStringLiteral("%1, %2").arg(result.images.info.ref(), result.trajectories.info.ref());
        } catch (const Error& error) {
            *failure = error.message();
        } catch (const std::exception& error) {
            *failure = QString::fromUtf8(error.what());
        }
        workspace->releaseThreadConnection();
    });
    m_dataThread->setParent(this);
    m_dataThread->setObjectName(QStringLiteral("mb-gesture-data"));
    connect(m_dataThread, &QThread::finished, this, [this, outcome, failure] {
        m_dataThread->deleteLater();
        m_dataThread = nullptr;
        m_jobStatus->setTask(QString());
        if (!failure->isEmpty()) {
            showError(tr("Could not prepare the gesture datasets: %1").arg(*failure));
        } else {
            showNotice(tr("The built-in gesture datasets are ready: %1. Pick one in Train.").arg(*outcome));
            m_datasetsPage->refresh();
            m_trainPage->refreshDatasets();
        }
        Q_EMIT dataPrepared();
    });
    m_dataThread->start(QThread::LowPriority);
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
        resize(1280, 820);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    const int view = settings.value(QStringLiteral("window/view"), 0).toInt();
    showView(static_cast<View>(qBound(0, view, m_pages->count() - 1)));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    const int active = int(m_jobs->activeJobs().size());
    if (active > 0) {
        const auto answer = QMessageBox::question(this, tr("Stop training?"),
                                                  tr("%1 still running. Stop and quit? Nothing unfinished is registered.").arg(format::plural(active, tr("training"), tr("trainings"))),
                                                  QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        m_jobs->cancelAll();
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/view"), m_pages->currentIndex());
    settings.setValue(QStringLiteral("workspace/last"), m_workspace->path());
    event->accept();
}

}  // namespace mb::ui
