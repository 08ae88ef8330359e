#include "../serve/ServeTestSupport.h"

#include "AccessPanel.h"
#include "CurlExample.h"
#include "JobManager.h"
#include "HttpServer.h"
#include "LineChart.h"
#include "RequestLogModel.h"
#include "ServePage.h"
#include "TestData.h"
#include "Workspace.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace mb;

class TestServePage : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);  // QSettings go to a test location
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
        testdata::importBlobs(*m_workspace, m_dir->path(), QStringLiteral("blobs"), 30);
        serve_test::train(*m_workspace, QStringLiteral("blobs"), {QStringLiteral("epochs=3")});
    }

    void cleanupTestCase()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void togglesTheServerAndShowsItsTraffic()
    {
        ui::ServePage page(m_workspace, nullptr);
        QAbstractItemModelTester log(page.requestLog(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy state(&page, &ui::ServePage::stateChanged);
        page.portBox()->setValue(0);
        page.refresh();
        QCOMPARE(page.exampleModelBox()->currentData().toString(), QStringLiteral("blobs@1"));

        QTest::mouseClick(page.toggleButton(), Qt::LeftButton);
        QVERIFY(page.isRunning());
        QCOMPARE(state.count(), 1);
        const QString url = state.at(0).at(0).toString();
        QVERIFY2(url.startsWith(QLatin1String("http://127.0.0.1:")), qPrintable(url));
        QVERIFY(!page.hostEdit()->isEnabled());
        QVERIFY(page.curlText()->toPlainText().contains(url + QStringLiteral("/api/v1/models/blobs/predict?version=1")));

        QNetworkAccessManager client;
        QCOMPARE(serve_test::get(client, url + QStringLiteral("/health/live")).status, 200);
        const serve_test::Reply predicted = serve_test::post(client, url + QStringLiteral("/api/v1/models/blobs/predict"),
                                                             R"({"instances": [[0, 3, 6, 0]]})");
        QCOMPARE(predicted.status, 200);
        QCOMPARE(serve_test::get(client, url + QStringLiteral("/api/v1/models/nope")).status, 404);

        // The window is told within a tick: three requests, newest first, in the log and the chart.
        QTRY_VERIFY_WITH_TIMEOUT((page.tick(), page.requestLog()->rowCount() == 3), 10000);
        QCOMPARE(page.requestLog()->index(0, ui::RequestLogModel::Status).data().toInt(), 404);
        QCOMPARE(page.requestLog()->index(2, ui::RequestLogModel::Path).data().toString(), QStringLiteral("/health/live"));
        QVERIFY(page.rateChart()->lineSeries().first()->count() > 0);
        QVERIFY(page.latencyChart()->lineSeries().at(1)->count() > 0);

        QTest::mouseClick(page.toggleButton(), Qt::LeftButton);
        QVERIFY(!page.isRunning());
        QCOMPARE(state.count(), 2);
        QVERIFY(state.at(1).at(0).toString().isEmpty());
        QVERIFY(page.hostEdit()->isEnabled());
        // Off means off: nothing answers there any more.
        QCOMPARE(serve_test::get(client, url + QStringLiteral("/health/live")).status, 0);

        // And on again, as often as the user likes.
        QVERIFY(page.start());
        QCOMPARE(serve_test::get(client, page.url() + QStringLiteral("/health/ready")).status, 200);
        page.stop();
    }

    void refusesAnOpenAddressWithoutTokens()
    {
        ui::ServePage page(m_workspace, nullptr);
        QSignalSpy errors(&page, &ui::ServePage::errorOccurred);
        page.hostEdit()->setText(QStringLiteral("0.0.0.0"));
        page.authBox()->setChecked(false);
        page.portBox()->setValue(0);
        QVERIFY(!page.start());
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors.at(0).at(0).toString().contains(QLatin1String("0.0.0.0")), qPrintable(errors.at(0).at(0).toString()));
        QVERIFY(!page.isRunning());
        QVERIFY(!page.toggleButton()->isChecked());
    }

    void usersAndTokensGuardTheApi()
    {
        ui::ServePage page(m_workspace, nullptr);
        ui::AccessPanel* access = page.accessPanel();
        QSignalSpy users(access, &ui::AccessPanel::usersChanged);
        QSignalSpy errors(access, &ui::AccessPanel::errorOccurred);
        access->addUser(QStringLiteral("ann"), QStringLiteral("short"), true);   // refused by core
        QVERIFY(users.wait(30000));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(access->userTable()->rowCount(), 0);
        access->addUser(QStringLiteral("ann"), QStringLiteral("long enough"), true);
        QVERIFY(users.wait(30000));
        QCOMPARE(access->userTable()->rowCount(), 1);
        QCOMPARE(access->userTable()->item(0, 1)->text(), QStringLiteral("admin"));
        const QString token = access->createToken(QStringLiteral("ann"), QStringLiteral("test"), 3600);
        QVERIFY(token.startsWith(QLatin1String("mbt_")));
        QCOMPARE(access->tokenTable()->rowCount(), 1);
        QCOMPARE(access->tokenTable()->item(0, 4)->text(), QStringLiteral("active"));

        page.refresh();
        page.portBox()->setValue(0);
        page.authBox()->setChecked(true);
        QVERIFY(page.start());
        QVERIFY(page.curlText()->toPlainText().contains(QLatin1String("Authorization: Bearer")));
        QNetworkAccessManager client;
        const QString models = page.url() + QStringLiteral("/api/v1/models");
        QCOMPARE(serve_test::get(client, models).status, 401);
        QNetworkRequest request = serve_test::request(models);
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        QCOMPARE(serve_test::finish(client.get(request)).status, 200);
        QVERIFY(access->revokeToken(access->tokenTable()->item(0, 0)->text()));
        QCOMPARE(access->tokenTable()->item(0, 4)->text(), QStringLiteral("revoked"));
        QCOMPARE(serve_test::finish(client.get(request)).status, 401);
        page.stop();
        QVERIFY(access->removeUser(QStringLiteral("ann")));
        QCOMPARE(access->userTable()->rowCount(), 0);
    }

    void trainingsStartedOverTheApiUseTheWindowsJobs()
    {
        JobManager jobs(m_workspace);
        ui::ServePage page(m_workspace, &jobs);
        page.portBox()->setValue(0);
        page.authBox()->setChecked(false);
        QVERIFY(page.start());
        QSignalSpy added(&jobs, &JobManager::jobAdded);
        QNetworkAccessManager client;
        const serve_test::Reply reply = serve_test::post(client, page.url() + QStringLiteral("/api/v1/train"),
                                                         R"({"dataset": "blobs", "overrides": {"epochs": 1}, "model_name": "from-api"})");
        QCOMPARE(reply.status, 202);
        QCOMPARE(added.count(), 1);
        QVERIFY(jobs.waitForDone(120000));
        page.stop();
    }

    void curlExamplesFollowTheSignature()
    {
        ModelVersionInfo text;
        text.model = QStringLiteral("products");
        text.version = 2;
        text.signature = QJsonObject{{QStringLiteral("inputs"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("name")}, {QStringLiteral("type"), QStringLiteral("text")}}}}};
        const QString command = ui::curlExample(text, QStringLiteral("http://127.0.0.1:9000"), true);
        QVERIFY(command.contains(QLatin1String("http://127.0.0.1:9000/api/v1/models/products/predict?version=2")));
        QVERIFY(command.contains(QLatin1String("Authorization: Bearer $MODELBENCH_TOKEN")));
        QVERIFY(command.contains(QLatin1String(R"({"instances":[{"name":"some name text"}]})")));

        ModelVersionInfo image = text;
        image.signature = QJsonObject{{QStringLiteral("inputs"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("image")}, {QStringLiteral("type"), QStringLiteral("image")}}}}};
        const QString imageCommand = ui::curlExample(image, QStringLiteral("http://h:1"), false);
        QVERIFY(imageCommand.contains(QLatin1String("base64 -w0 image.png")));
        QVERIFY(!imageCommand.contains(QLatin1String("Authorization")));
    }
};

QTEST_MAIN(TestServePage)
#include "TestServePage.moc"
