#include "DatasetListModel.h"
#include "DatasetsPage.h"
#include "JobManager.h"
#include "JobStatusIndicator.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "Sql.h"
#include "TrainPage.h"
#include "TestData.h"
#include "Workspace.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QComboBox>
#include <QStatusBar>
#include <QSettings>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace mb;

class TestMainWindow : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;

    // No background data preparation: these tests look at an empty workspace.
    static ui::MainWindowOptions quiet()
    {
        ui::MainWindowOptions options;
        options.prepareGestureData = false;
        return options;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);  // QSettings go to a test location
        QCoreApplication::setOrganizationName(QStringLiteral("modelbench-test"));
    }

    void init()
    {
        QSettings().clear();
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
    }

    void cleanup()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void sidebarSwitchesViews()
    {
        ui::MainWindow window(m_workspace, quiet());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* sidebar = window.findChild<QListWidget*>(QStringLiteral("sidebar"));
        QVERIFY(sidebar);
        QCOMPARE(sidebar->count(), 6);
        QCOMPARE(sidebar->item(0)->text(), QStringLiteral("Datasets"));
        QCOMPARE(sidebar->item(5)->text(), QStringLiteral("Serve"));
        QCOMPARE(window.currentView(), ui::MainWindow::View::Datasets);

        const QRect modelsRect = sidebar->visualItemRect(sidebar->item(3));
        QTest::mouseClick(sidebar->viewport(), Qt::LeftButton, {}, modelsRect.center());
        QCOMPARE(window.currentView(), ui::MainWindow::View::Models);

        QTest::keyClick(&window, Qt::Key_5, Qt::ControlModifier);
        QCOMPARE(window.currentView(), ui::MainWindow::View::Inspect);
        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(window.currentView(), ui::MainWindow::View::Datasets);
    }

    void statusBarShowsTheWorkspace()
    {
        ui::MainWindow window(m_workspace, quiet());
        auto* label = window.findChild<QLabel*>(QStringLiteral("workspaceLabel"));
        QVERIFY(label);
        QVERIFY(label->text().contains(m_workspace->path()));
        QCOMPARE(window.findChild<QLabel*>(QStringLiteral("serverState"))->text(), QStringLiteral("API: off"));
    }

    void datasetsAppearAfterRefresh()
    {
        ui::MainWindow window(m_workspace, quiet());
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        ui::DatasetsPage* page = window.datasetsPage();
        auto* empty = page->findChild<QWidget*>(QStringLiteral("datasetsEmptyState"));
        QVERIFY(empty->isVisible());
        QVERIFY(!page->table()->isVisible());

        sql::exec(m_workspace->database(), QStringLiteral("INSERT INTO datasets (name, kind) VALUES ('wine', 'tabular')"));
        QTest::keyClick(&window, Qt::Key_F5);  // wherever the focus is
        QCOMPARE(page->model()->rowCount(), 1);
        QVERIFY(page->table()->isVisible());
        QCOMPARE(page->model()->index(0, 0).data().toString(), QStringLiteral("wine"));
    }

    void registryErrorsGoToTheMessageBar()
    {
        ui::MainWindow window(m_workspace, quiet());
        window.show();
        QVERIFY(!window.messageBar()->isVisible());
        sql::exec(m_workspace->database(), QStringLiteral("DROP TABLE dataset_versions"));
        window.datasetsPage()->refresh();
        QVERIFY(window.messageBar()->isVisible());
        QVERIFY2(window.messageBar()->text().contains(QLatin1String("dataset_versions")), qPrintable(window.messageBar()->text()));
    }

    void freshWorkspaceGetsTheGestureData()
    {
        ui::MainWindowOptions options;
        options.gestures.perClass = 3;
        ui::MainWindow window(m_workspace, options);
        window.show();
        QSignalSpy prepared(&window, &ui::MainWindow::dataPrepared);
        QVERIFY(window.isPreparingData());
        QVERIFY(window.jobStatus()->isVisible());
        QVERIFY(window.jobStatus()->text().contains(QLatin1String("gesture")));
        QTRY_COMPARE_WITH_TIMEOUT(prepared.count(), 1, 20000);
        QVERIFY(!window.isPreparingData());
        QVERIFY2(!window.messageBar()->isVisible(), qPrintable(window.messageBar()->text()));
        QCOMPARE(window.datasetsPage()->model()->rowCount(), 2);
        QCOMPARE(window.trainPage()->datasetBox()->count(), 2);
        QVERIFY(window.trainPage()->startButton()->isEnabled());  // the first click can be Train
        QVERIFY(!window.jobStatus()->isVisible());
        QVERIFY(window.statusBar()->currentMessage().contains(QLatin1String("gestures-images@1")));

        // A workspace with data is left alone.
        ui::MainWindow again(m_workspace, options);
        QVERIFY(!again.isPreparingData());
    }

    void statusBarShowsRunningJobs()
    {
        testdata::importBlobs(*m_workspace, m_dir->path(), QStringLiteral("blobs"), 100);
        ui::MainWindow window(m_workspace, quiet());
        window.show();
        QVERIFY(!window.jobStatus()->isVisible());
        TrainRequest request;
        request.dataset = QStringLiteral("blobs");
        request.overrides = {QStringLiteral("epochs=3000"), QStringLiteral("patience=0")};
        const QString id = window.jobManager()->startTraining(request);
        QTRY_VERIFY_WITH_TIMEOUT(window.jobStatus()->text().contains(QLatin1String("epoch")), 15000);
        QVERIFY(window.jobStatus()->isVisible());
        QVERIFY(window.jobStatus()->text().contains(QLatin1String("blobs@1")));
        QTest::mouseClick(window.jobStatus(), Qt::LeftButton);
        QCOMPARE(window.currentView(), ui::MainWindow::View::Train);
        QCOMPARE(window.trainPage()->followedJobId(), id);
        window.jobManager()->cancel(id);
        QTRY_VERIFY_WITH_TIMEOUT(!window.jobStatus()->isVisible(), 10000);
    }

    void lastViewIsRemembered()
    {
        {
            ui::MainWindow window(m_workspace, quiet());
            window.show();
            window.showView(ui::MainWindow::View::Runs);
            window.close();
        }
        ui::MainWindow again(m_workspace, quiet());
        QCOMPARE(again.currentView(), ui::MainWindow::View::Runs);
    }
};

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
