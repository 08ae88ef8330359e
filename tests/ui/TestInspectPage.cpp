#include "ClassMetricsChart.h"
#include "ConfusionMatrixView.h"
#include "DatasetCatalog.h"
#include "DatasetImporter.h"
#include "GestureDatasets.h"
#include "GesturePad.h"
#include "GesturePlayground.h"
#include "InspectPage.h"
#include "PredictionFilterModel.h"
#include "PredictionStore.h"
#include "PredictionTableModel.h"
#include "TextPlayground.h"
#include "TopClassesView.h"
#include "Trainer.h"
#include "TestData.h"
#include "Workspace.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtMath>
#include <QtTest>

using namespace mb;

namespace {

const int kLoadTimeoutMs = 120000;

// A tiny text set two words tell apart: fruit names vs vehicle names.
QByteArray productsCsv()
{
    const QStringList fruit{QStringLiteral("apple"), QStringLiteral("banana"), QStringLiteral("cherry"), QStringLiteral("mango")};
    const QStringList vehicles{QStringLiteral("truck"), QStringLiteral("bicycle"), QStringLiteral("scooter"), QStringLiteral("tractor")};
    QByteArray csv = "name,category\n";
    for (int i = 0; i < 30; ++i) {
        csv += QStringLiteral("fresh %1 %2,fruit\n").arg(fruit.at(i % 4)).arg(i).toUtf8();
        csv += QStringLiteral("red %1 model %2,vehicle\n").arg(vehicles.at(i % 4)).arg(i).toUtf8();
    }
    return csv;
}

// A pen circle drawn on the pad through real mouse events.
void drawCircle(QWidget* pad)
{
    const QPoint centre = pad->rect().center();
    const double radius = pad->width() / 3.0;
    QVector<QPoint> points;
    for (int i = 0; i <= 36; ++i) {
        const double a = 2 * M_PI * i / 36 - M_PI / 2;
        points << centre + QPoint(int(radius * std::cos(a)), int(radius * std::sin(a)));
    }
    QTest::mousePress(pad, Qt::LeftButton, Qt::NoModifier, points.first());
    for (const QPoint& p : std::as_const(points)) {
        QMouseEvent move(QEvent::MouseMove, p, pad->mapToGlobal(p), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(pad, &move);
    }
    QTest::mouseRelease(pad, Qt::LeftButton, Qt::NoModifier, points.last());
}

}  // namespace

class TestInspectPage : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;

    void train(const QString& dataset, const QStringList& overrides, const QString& modelName = {})
    {
        TrainRequest request;
        request.dataset = dataset;
        request.overrides = overrides;
        request.modelName = modelName;
        Trainer(*m_workspace).train(request);
    }

    static bool waitLoaded(ui::InspectPage& page, QSignalSpy& spy)
    {
        return spy.count() > 0 || spy.wait(kLoadTimeoutMs) || !page.isBusy();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
        testdata::importBlobs(*m_workspace, m_dir->path(), QStringLiteral("blobs"), 40);
        train(QStringLiteral("blobs"), {QStringLiteral("epochs=4")});
        testdata::importBlobs(*m_workspace, m_dir->path(), QStringLiteral("blobs-new"), 20);

        GestureDatasetOptions gestures;
        gestures.perClass = 12;
        GestureDatasets(*m_workspace).generate(gestures);
        train(QStringLiteral("gestures-images"), {QStringLiteral("epochs=2")}, QStringLiteral("gesture-cnn"));
        train(QStringLiteral("gestures-trajectories"), {QStringLiteral("epochs=5")}, QStringLiteral("gesture-mlp"));

        const QString csv = m_dir->filePath(QStringLiteral("products.csv"));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(productsCsv());
        file.close();
        CsvImportRequest request;
        request.path = csv;
        request.name = QStringLiteral("products");
        request.table.label = QStringLiteral("category");
        request.table.text = {QStringLiteral("name")};
        DatasetImporter(*m_workspace).importCsv(request);
        train(QStringLiteral("products"), {QStringLiteral("epochs=40"), QStringLiteral("lr=0.05"), QStringLiteral("text.buckets=4096"), QStringLiteral("patience=0")});
    }

    void cleanupTestCase()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void showsTheConfusionMatrixAndEveryPrediction()
    {
        ui::InspectPage page(m_workspace);
        QAbstractItemModelTester table(page.predictions(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester filter(page.filter(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&page, &ui::InspectPage::loaded);
        page.refresh();
        QVERIFY(page.selectVersion(QStringLiteral("blobs@1")));
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy() && loaded.count() > 0, kLoadTimeoutMs);
        QCOMPARE(page.datasetBox()->currentData().toString(), QStringLiteral("blobs@1"));
        QCOMPARE(page.splitBox()->currentData().toString(), QStringLiteral("test"));

        const QVector<StoredPrediction> stored = PredictionStore(*m_workspace).load(page.inspection().version.id, page.inspection().version.datasetVersionId, QStringLiteral("test"));
        QVERIFY(!stored.isEmpty());
        QCOMPARE(page.predictions()->rowCount(), stored.size());
        QCOMPARE(page.confusionView()->labels().size(), 3);
        qint64 total = 0;
        for (int t = 0; t < 3; ++t)
            for (int p = 0; p < 3; ++p)
                total += page.confusionView()->count(t, p);
        QCOMPARE(total, qint64(stored.size()));
        QCOMPARE(page.classChart()->classes().size(), 3);
        // Tabular inputs are shown as their features.
        QVERIFY(page.predictions()->index(0, ui::PredictionTableModel::Input).data().toString().startsWith(QLatin1String("a=")));

        // Every split: more rows.
        loaded.clear();
        page.splitBox()->setCurrentIndex(page.splitBox()->findData(QStringLiteral("all")));
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy() && loaded.count() > 0, kLoadTimeoutMs);
        QCOMPARE(page.predictions()->rowCount(), 120);
    }

    void clickingACellListsItsRows()
    {
        ui::InspectPage page(m_workspace);
        page.resize(1200, 900);
        page.show();
        QSignalSpy loaded(&page, &ui::InspectPage::loaded);
        page.refresh();
        QVERIFY(page.selectVersion(QStringLiteral("gesture-cnn@1")));
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy() && loaded.count() > 0 && page.predictions()->rowCount() > 0, kLoadTimeoutMs);
        ui::ConfusionMatrixView* matrix = page.confusionView();
        QCOMPARE(matrix->labels().size(), 16);

        // The busiest cell, off the diagonal if the model made mistakes.
        int truth = 0, predicted = 0;
        for (int t = 0; t < 16; ++t)
            for (int p = 0; p < 16; ++p)
                if (matrix->count(t, p) > matrix->count(truth, predicted))
                    truth = t, predicted = p;
        QTest::mouseClick(matrix, Qt::LeftButton, Qt::NoModifier, matrix->cellRect(truth, predicted).center());
        QCOMPARE(page.filter()->rowCount(), int(matrix->count(truth, predicted)));
        for (int row = 0; row < page.filter()->rowCount(); ++row) {
            QCOMPARE(page.filter()->index(row, ui::PredictionTableModel::Truth).data().toString(), matrix->labels().at(truth));
            QCOMPARE(page.filter()->index(row, ui::PredictionTableModel::Predicted).data().toString(), matrix->labels().at(predicted));
        }
        // Image data: every row has its thumbnail.
        QVERIFY(!page.predictions()->thumbnail(0).isNull());
        QVERIFY(page.predictions()->index(0, ui::PredictionTableModel::Input).data(Qt::DecorationRole).isValid());

        // Back to every row, then only the mistakes.
        page.filter()->clearCell();
        QCOMPARE(page.filter()->rowCount(), page.predictions()->rowCount());
        page.showBox()->setCurrentIndex(1);
        int mistakes = 0;
        for (int t = 0; t < 16; ++t)
            for (int p = 0; p < 16; ++p)
                mistakes += t == p ? 0 : int(matrix->count(t, p));
        QCOMPARE(page.filter()->rowCount(), mistakes);
        for (int row = 0; row < page.filter()->rowCount(); ++row)
            QVERIFY(page.filter()->index(row, 0).data(ui::PredictionTableModel::MisclassifiedRole).toBool());

        // Low confidence: every row shown is below the threshold, every row hidden is not.
        page.showBox()->setCurrentIndex(2);
        page.filter()->setThreshold(0.9);
        int below = 0;
        for (int row = 0; row < page.predictions()->rowCount(); ++row)
            below += page.predictions()->prediction(row).confidence < 0.9 ? 1 : 0;
        QCOMPARE(page.filter()->rowCount(), below);
    }

    void evaluatesOnOtherData()
    {
        ui::InspectPage page(m_workspace);
        QSignalSpy loaded(&page, &ui::InspectPage::loaded);
        page.refresh();
        QVERIFY(page.selectVersion(QStringLiteral("blobs@1")));
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy() && loaded.count() > 0, kLoadTimeoutMs);
        loaded.clear();
        page.splitBox()->setCurrentIndex(page.splitBox()->findData(QStringLiteral("all")));
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy() && loaded.count() > 0, kLoadTimeoutMs);
        loaded.clear();
        page.datasetBox()->setCurrentIndex(page.datasetBox()->findData(QStringLiteral("blobs-new@1")));
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy() && loaded.count() > 0, kLoadTimeoutMs);
        QCOMPARE(page.predictions()->rowCount(), 0);
        QVERIFY(!page.evaluateButton()->isHidden());

        loaded.clear();
        QTest::mouseClick(page.evaluateButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy() && loaded.count() > 0, kLoadTimeoutMs);
        QCOMPARE(page.predictions()->rowCount(), 60);
        QVERIFY(page.evaluateButton()->isHidden());
        QCOMPARE(page.inspection().datasetRef, QStringLiteral("blobs-new@1"));
    }

    void gesturePadPredictsWhatIsDrawn_data()
    {
        QTest::addColumn<QString>("version");
        QTest::newRow("image model") << QStringLiteral("gesture-cnn@1");
        QTest::newRow("trajectory model") << QStringLiteral("gesture-mlp@1");
    }

    void gesturePadPredictsWhatIsDrawn()
    {
        QFETCH(QString, version);
        ui::InspectPage page(m_workspace);
        page.resize(1200, 900);
        page.show();
        page.refresh();
        page.tabs()->setCurrentWidget(page.gesturePlayground());
        ui::GesturePlayground* playground = page.gesturePlayground();
        // Only the gesture models are offered.
        QCOMPARE(playground->modelBox()->count(), 2);
        QSignalSpy ready(playground, &ui::PlaygroundPanel::modelReady);
        if (playground->modelBox()->currentData().toString() != version)
            QVERIFY(playground->selectVersion(version));
        QTRY_VERIFY_WITH_TIMEOUT(playground->isReady() && playground->status().contains(version), kLoadTimeoutMs);

        QSignalSpy predicted(playground, &ui::PlaygroundPanel::predicted);
        drawCircle(playground->pad());
        QVERIFY(predicted.count() > 0);
        QCOMPARE(playground->pad()->stroke().size(), 37);  // the press, 36 moves (the first at the press point), the release at the last
        const auto& top = playground->topClasses()->classes();
        QCOMPARE(top.size(), 5);
        double sum = 0;
        for (int i = 0; i < top.size(); ++i) {
            QVERIFY(i == 0 || top.at(i).second <= top.at(i - 1).second);
            sum += top.at(i).second;
        }
        QVERIFY(sum > 0 && sum <= 1.0001);

        QTest::mouseClick(playground->findChild<QPushButton*>(QStringLiteral("clearPad")), Qt::LeftButton);
        QVERIFY(playground->topClasses()->classes().isEmpty());
        QVERIFY(playground->pad()->stroke().isEmpty());
    }

    void textPlaygroundFollowsTyping()
    {
        ui::InspectPage page(m_workspace);
        page.show();
        page.refresh();
        page.tabs()->setCurrentWidget(page.textPlayground());
        ui::TextPlayground* playground = page.textPlayground();
        QCOMPARE(playground->modelBox()->count(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(playground->isReady() && playground->fields().size() == 1, kLoadTimeoutMs);
        QLineEdit* name = playground->fields().first();
        QCOMPARE(name->objectName(), QStringLiteral("name"));

        QTest::keyClicks(name, QStringLiteral("fresh mango"));
        QCOMPARE(playground->topClasses()->classes().size(), 2);
        QCOMPARE(playground->topClasses()->classes().first().first, QStringLiteral("fruit"));
        name->clear();
        QVERIFY(playground->topClasses()->classes().isEmpty());
        QTest::keyClicks(name, QStringLiteral("red tractor"));
        QCOMPARE(playground->topClasses()->classes().first().first, QStringLiteral("vehicle"));
    }

    void relabelledRowsBecomeANewDatasetVersion()
    {
        ui::InspectPage page(m_workspace);
        QSignalSpy loaded(&page, &ui::InspectPage::loaded);
        page.refresh();
        QVERIFY(page.selectVersion(QStringLiteral("blobs@1")));
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy() && loaded.count() > 0 && page.predictions()->rowCount() > 0, kLoadTimeoutMs);
        const StoredPrediction first = page.predictions()->prediction(page.filter()->mapToSource(page.filter()->index(0, 0)).row());
        const QString other = first.truth == QLatin1String("blob0") ? QStringLiteral("blob1") : QStringLiteral("blob0");
        QVERIFY(page.relabel(0, other));
        QCOMPARE(page.filter()->index(0, ui::PredictionTableModel::Correction).data().toString(), other);

        // A label core refuses (empty) changes nothing.
        QSignalSpy errors(&page, &ui::InspectPage::errorOccurred);
        QVERIFY(!page.relabel(1, QStringLiteral(" ")));
        QCOMPARE(errors.count(), 1);

        // Reloading shows the stored correction again.
        loaded.clear();
        page.load();
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy() && loaded.count() > 0, kLoadTimeoutMs);
        QCOMPARE(page.inspection().corrections.value(first.row), other);

        QSignalSpy applied(&page, &ui::InspectPage::feedbackApplied);
        QVERIFY(page.applyFeedbackButton()->isEnabled());
        QTest::mouseClick(page.applyFeedbackButton(), Qt::LeftButton);
        QVERIFY(applied.wait(kLoadTimeoutMs));
        QCOMPARE(applied.at(0).at(0).toString(), QStringLiteral("blobs@2"));
        const DatasetVersion data = DatasetCatalog(*m_workspace).load(QStringLiteral("blobs@2"));
        QCOMPARE(data.table.columns.at(data.table.indexOf(QStringLiteral("label"))).texts.at(first.row), other);
        QTRY_VERIFY_WITH_TIMEOUT(page.datasetBox()->findData(QStringLiteral("blobs@2")) >= 0, 5000);
    }

    void regressionAndEmptyWorkspacesAreExplained()
    {
        QTemporaryDir dir;
        auto workspace = Workspace::open(dir.filePath(QStringLiteral("ws")));
        ui::InspectPage page(workspace);
        page.refresh();
        QCOMPARE(page.versionBox()->count(), 0);
        page.tabs()->setCurrentWidget(page.gesturePlayground());
        QVERIFY2(page.gesturePlayground()->status().contains(QLatin1String("Train")), qPrintable(page.gesturePlayground()->status()));
    }
};

QTEST_MAIN(TestInspectPage)
#include "TestInspectPage.moc"
