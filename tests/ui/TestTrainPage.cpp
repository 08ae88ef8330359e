#include "JobManager.h"
#include "TrainConfigForm.h"
#include "TrainPage.h"
#include "TrainingJob.h"
#include "TestData.h"
#include "Workspace.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace mb;

class TestTrainPage : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;
    std::unique_ptr<JobManager> m_jobs;

    // Picks a dataset in the combo box the way a user does: open it, arrow down to the entry.
    static void chooseDataset(QComboBox* box, const QString& name)
    {
        const int target = box->findData(name);
        QVERIFY(target >= 0);
        box->setFocus();
        while (box->currentIndex() < target)
            QTest::keyClick(box, Qt::Key_Down);
        while (box->currentIndex() > target)
            QTest::keyClick(box, Qt::Key_Up);
        QCOMPARE(box->currentData().toString(), name);
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
        QCOMPARE(testdata::importBlobs(*m_workspace, m_dir->path(), QStringLiteral("aaa-small"), 20), QStringLiteral("aaa-small@1"));
        QCOMPARE(testdata::importBlobs(*m_workspace, m_dir->path(), QStringLiteral("blobs"), 200), QStringLiteral("blobs@1"));
        m_jobs = std::make_unique<JobManager>(m_workspace);
    }

    void cleanup()
    {
        m_jobs.reset();
        m_workspace.reset();
        m_dir.reset();
    }

    void trainsFromTheWidgetsWhileTheWindowStaysLive()
    {
        ui::TrainPage page(m_workspace, m_jobs.get());
        page.resize(1200, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(page.datasetBox()->count(), 2);

        chooseDataset(page.datasetBox(), QStringLiteral("blobs"));
        QCOMPARE(page.selectedDatasetRef(), QStringLiteral("blobs@1"));
        QVERIFY(page.findChild<QLabel*>(QStringLiteral("workloadLabel"))->text().contains(QLatin1String("3 classes")));
        // The form shows the defaults; editing it rewrites the YAML.
        QCOMPARE(page.configForm()->epochsBox()->value(), 300);
        QVERIFY(page.configYaml().contains(QLatin1String("epochs: 300")));
        page.configForm()->epochsBox()->selectAll();
        QTest::keyClicks(page.configForm()->epochsBox(), QStringLiteral("10"));
        page.configForm()->batchSizeBox()->selectAll();
        QTest::keyClicks(page.configForm()->batchSizeBox(), QStringLiteral("8"));
        QVERIFY2(page.configYaml().contains(QLatin1String("epochs: 10\n")), qPrintable(page.configYaml()));
        QVERIFY(page.configYaml().contains(QLatin1String("batch_size: 8\n")));

        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start(10);

        QVERIFY(page.startButton()->isEnabled());
        QTest::mouseClick(page.startButton(), Qt::LeftButton);
        const QString id = page.followedJobId();
        QVERIFY(!id.isEmpty());
        TrainingJob* job = m_jobs->job(id);
        QVERIFY(job);
        QVERIFY(!page.startButton()->isEnabled());
        QVERIFY(page.stopButton()->isEnabled());

        // The event loop keeps turning while the job trains: the timer fires in between epochs.
        QTRY_VERIFY_WITH_TIMEOUT(page.trainLossSeries()->count() >= 2, 15000);
        const int ticksAtEpoch2 = ticks;
        QVERIFY(job->isActive());
        QTRY_VERIFY_WITH_TIMEOUT(ticks > ticksAtEpoch2 + 5 || !job->isActive(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(page.trainLossSeries()->count() > 2 || !job->isActive(), 15000);

        QTRY_VERIFY_WITH_TIMEOUT(!job->isActive(), 20000);
        QTRY_VERIFY(page.resultLabel()->isVisible());
        QCOMPARE(mb::toString(job->state()), QStringLiteral("finished"));
        QCOMPARE(page.trainLossSeries()->count(), 10);
        QCOMPARE(page.valLossSeries()->count(), 10);
        QCOMPARE(page.metricSeries().size(), 3);
        for (QLineSeries* series : page.metricSeries())
            QCOMPARE(series->count(), 10);
        QVERIFY(page.batchLossSeries()->count() >= 10);
        QCOMPARE(page.progressBar()->value(), 1000);
        QVERIFY2(page.resultLabel()->text().contains(QLatin1String("blobs@1")), qPrintable(page.resultLabel()->text()));
        QVERIFY(page.resultLabel()->text().contains(QLatin1String("macro F1")));
        QVERIFY(page.logView()->toPlainText().contains(QLatin1String("epoch 10/10")));
        QVERIFY(page.startButton()->isEnabled());
        QVERIFY(!page.stopButton()->isEnabled());
    }

    void textWidthSwitchesBetweenTheLinearModelAndTheNetwork()
    {
        QByteArray csv = "name,category\n";
        for (int i = 0; i < 20; ++i)
            csv += "lib" + QByteArray::number(i) + (i % 2 ? "-dev,libdevel\n" : "-doc,doc\n");
        CsvImportRequest request;
        request.name = QStringLiteral("packages");
        request.table.label = QStringLiteral("category");
        request.table.text = {QStringLiteral("name")};
        testdata::importCsv(*m_workspace, m_dir->filePath(QStringLiteral("packages.csv")), csv, request);
        ui::TrainPage page(m_workspace, m_jobs.get());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        chooseDataset(page.datasetBox(), QStringLiteral("packages"));
        QVERIFY(page.configYaml().contains(QLatin1String("loss: hinge")));
        auto* width = page.findChild<QSpinBox*>(QStringLiteral("config:text.dim"));
        QVERIFY(width && width->isVisible());
        QCOMPARE(width->value(), 0);

        // A width asks for the fastText network: its loss, optimiser and learning rate come along.
        width->setValue(64);
        QVERIFY(page.configYaml().contains(QLatin1String("loss: softmax")));
        QVERIFY(page.configYaml().contains(QLatin1String("optimizer: adamw")));
        QCOMPARE(page.configForm()->learningRateEdit()->text(), QStringLiteral("0.01"));
        QCOMPARE(width->value(), 64);
        QVERIFY(page.startButton()->isEnabled());
        // And back to the linear model.
        width->setValue(0);
        QVERIFY(page.configYaml().contains(QLatin1String("loss: hinge")));
        QCOMPARE(page.configForm()->learningRateEdit()->text(), QStringLiteral("240"));
    }

    void stopCancelsTheTraining()
    {
        ui::TrainPage page(m_workspace, m_jobs.get());
        page.show();
        QVERIFY(page.selectDataset(QStringLiteral("blobs@1")));
        page.setConfigYaml(QStringLiteral("epochs: 5000\npatience: 0\nbatch_size: 2\n"));
        QTest::mouseClick(page.startButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(page.trainLossSeries()->count() >= 1, 15000);
        QTest::mouseClick(page.stopButton(), Qt::LeftButton);
        TrainingJob* job = m_jobs->job(page.followedJobId());
        QTRY_COMPARE_WITH_TIMEOUT(mb::toString(job->state()), QStringLiteral("cancelled"), 10000);
        QTRY_VERIFY(page.resultLabel()->text().contains(QLatin1String("Stopped")));
        QVERIFY(page.startButton()->isEnabled());
    }

    void invalidYamlIsReportedWithItsLine()
    {
        ui::TrainPage page(m_workspace, m_jobs.get());
        page.show();
        QSignalSpy errors(&page, &ui::TrainPage::errorOccurred);
        QSignalSpy cleared(&page, &ui::TrainPage::errorCleared);
        page.configTabs()->setCurrentIndex(1);
        page.yamlEditor()->setPlainText(QStringLiteral("epochs: 10\nlr: 50000\n"));
        QTRY_COMPARE(errors.count(), 1);
        const QString message = errors.first().first().toString();
        QVERIFY2(message.contains(QLatin1String("config.yaml:2")) && message.contains(QLatin1String("'lr'")), qPrintable(message));
        QVERIFY(!page.startButton()->isEnabled());
        QVERIFY(page.start().isEmpty());

        page.yamlEditor()->setPlainText(QStringLiteral("epochs: 10\nlr: 0.01\n"));
        QTRY_COMPARE(cleared.count(), 1);
        QVERIFY(page.startButton()->isEnabled());
        QCOMPARE(page.configForm()->epochsBox()->value(), 10);  // the form follows the YAML
        QCOMPARE(page.configForm()->learningRateEdit()->text(), QStringLiteral("0.01"));
    }

    void followsTrainingsStartedElsewhere()
    {
        ui::TrainPage page(m_workspace, m_jobs.get());
        page.show();
        TrainRequest request;
        request.dataset = QStringLiteral("aaa-small");
        request.overrides = {QStringLiteral("epochs=4"), QStringLiteral("patience=0")};
        request.source = QStringLiteral("api");
        const QString id = m_jobs->startTraining(request);
        QCOMPARE(page.followedJobId(), id);
        QTRY_COMPARE_WITH_TIMEOUT(page.trainLossSeries()->count(), 4, 15000);
        QTRY_VERIFY(page.resultLabel()->isVisible());
        QVERIFY(page.findChild<QComboBox*>(QStringLiteral("jobBox"))->currentText().contains(QLatin1String("(api)")));
    }
};

QTEST_MAIN(TestTrainPage)
#include "TestTrainPage.moc"
