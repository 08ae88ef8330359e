#include "LineChart.h"
#include "RunListModel.h"
#include "RunStore.h"
#include "RunsPage.h"
#include "Trainer.h"
#include "TestData.h"
#include "Workspace.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QLineSeries>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace mb;

class TestRunsPage : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;
    QList<qint64> m_runs;

    qint64 train(const QString& dataset, const QStringList& overrides)
    {
        TrainRequest request;
        request.dataset = dataset;
        request.overrides = overrides;
        return Trainer(*m_workspace).train(request).run.id;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
        testdata::importBlobs(*m_workspace, m_dir->path(), QStringLiteral("blobs"), 40);
        testdata::importBlobs(*m_workspace, m_dir->path(), QStringLiteral("dots"), 30);
        m_runs << train(QStringLiteral("blobs"), {QStringLiteral("epochs=3"), QStringLiteral("lr=0.01")});
        m_runs << train(QStringLiteral("blobs"), {QStringLiteral("epochs=4"), QStringLiteral("lr=0.001")});
        m_runs << train(QStringLiteral("dots"), {QStringLiteral("epochs=5"), QStringLiteral("model=linear")});
    }

    void cleanupTestCase()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void listsRunsWithTheirFigures()
    {
        ui::RunsPage page(m_workspace);
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(page.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.refresh();
        ui::RunListModel* model = page.model();
        QCOMPARE(model->rowCount(), 3);
        const int row = model->rowOf(m_runs.at(0));
        QCOMPARE(model->index(row, ui::RunListModel::Dataset).data().toString(), QStringLiteral("blobs@1"));
        QCOMPARE(model->index(row, ui::RunListModel::ModelType).data().toString(), QStringLiteral("mlp"));
        QVERIFY(model->index(row, ui::RunListModel::Params).data().toString().contains(QLatin1String("lr 0.01")));
        QCOMPARE(model->index(row, ui::RunListModel::Metric).data().toString(), QStringLiteral("macro F1"));
        QVERIFY(model->index(row, ui::RunListModel::BestVal).data().toString().startsWith(QLatin1String("0.")) ||
                model->index(row, ui::RunListModel::BestVal).data().toString().startsWith(QLatin1String("1.")));
        QCOMPARE(model->index(row, ui::RunListModel::Epochs).data(ui::RunListModel::SortRole).toInt(), 3);
        QCOMPARE(model->index(row, ui::RunListModel::State).data().toString(), QStringLiteral("finished"));
        QCOMPARE(model->index(row, ui::RunListModel::Version).data().toString(), QStringLiteral("blobs@1"));
        QVERIFY(model->index(row, ui::RunListModel::Params).data(Qt::ToolTipRole).toString().contains(QLatin1String("selection_metric")));
        QCOMPARE(model->headerData(ui::RunListModel::Test, Qt::Horizontal).toString(), QStringLiteral("Test"));
        // Newest first by default.
        QCOMPARE(page.proxy()->index(0, ui::RunListModel::Id).data().toLongLong(), m_runs.at(2));
    }

    void sortsAndFilters()
    {
        ui::RunsPage page(m_workspace);
        page.table()->sortByColumn(ui::RunListModel::Epochs, Qt::AscendingOrder);
        QCOMPARE(page.proxy()->index(0, ui::RunListModel::Id).data().toLongLong(), m_runs.at(0));
        QCOMPARE(page.proxy()->index(2, ui::RunListModel::Id).data().toLongLong(), m_runs.at(2));

        QTest::keyClicks(page.filterEdit(), QStringLiteral("DOTS"));
        QCOMPARE(page.proxy()->rowCount(), 1);
        QCOMPARE(page.proxy()->index(0, ui::RunListModel::Id).data().toLongLong(), m_runs.at(2));
        page.filterEdit()->clear();
        QTest::keyClicks(page.filterEdit(), QStringLiteral("lr 0.001"));
        QCOMPARE(page.proxy()->rowCount(), 1);
        page.filterEdit()->clear();
        QCOMPARE(page.proxy()->rowCount(), 3);
    }

    void showsCacheUseAndSortsAndFiltersEveryColumn()
    {
        const bool prepCached = RunStore(*m_workspace).get(m_runs.at(1)).prepCached;
        RunStore(*m_workspace).setPrepCached(m_runs.at(1), true);
        ui::RunsPage page(m_workspace);
        QAbstractItemModelTester tester(page.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const ui::RunListModel* model = page.model();
        QCOMPARE(model->headerData(ui::RunListModel::Cached, Qt::Horizontal).toString(), QStringLiteral("Cached"));
        QCOMPARE(model->index(model->rowOf(m_runs.at(1)), ui::RunListModel::Cached).data().toString(), QStringLiteral("data prep"));
        QCOMPARE(model->index(model->rowOf(m_runs.at(0)), ui::RunListModel::Cached).data().toString(), QString());
        QVERIFY(!model->index(model->rowOf(m_runs.at(0)), ui::RunListModel::Duration).data().toString().isEmpty());

        for (int column = 0; column < ui::RunListModel::ColumnCount; ++column) {
            // Sorting by any column orders the rows by that column's value.
            for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                page.table()->sortByColumn(column, order);
                for (int row = 1; row < page.proxy()->rowCount(); ++row) {
                    const QVariant before = page.proxy()->index(row - 1, column).data(ui::RunListModel::SortRole);
                    const QVariant after = page.proxy()->index(row, column).data(ui::RunListModel::SortRole);
                    const QPartialOrdering ordering = QVariant::compare(before, after);
                    QVERIFY2(ordering == QPartialOrdering::Equivalent || ordering == (order == Qt::AscendingOrder ? QPartialOrdering::Less : QPartialOrdering::Greater),
                             qPrintable(QStringLiteral("column %1 row %2").arg(column).arg(row)));
                }
            }
            // Typing any column's text finds the run.
            const QString text = model->index(model->rowOf(m_runs.at(1)), column).data().toString();
            if (text.isEmpty())
                continue;
            page.filterEdit()->setText(text);
            QList<qint64> shown;
            for (int row = 0; row < page.proxy()->rowCount(); ++row)
                shown << page.proxy()->index(row, ui::RunListModel::Id).data().toLongLong();
            QVERIFY2(shown.contains(m_runs.at(1)), qPrintable(QStringLiteral("column %1: '%2'").arg(column).arg(text)));
        }
        page.filterEdit()->setText(QStringLiteral("data prep"));
        QCOMPARE(page.proxy()->rowCount(), 1);
        RunStore(*m_workspace).setPrepCached(m_runs.at(1), prepCached);
    }

    void overlaysTheCurvesOfSelectedRuns()
    {
        ui::RunsPage page(m_workspace);
        page.show();
        QVERIFY(page.overlayChart()->lineSeries().isEmpty());
        // Ctrl+click two rows, as a user selects several runs.
        page.table()->sortByColumn(ui::RunListModel::Id, Qt::AscendingOrder);
        const QRect first = page.table()->visualRect(page.proxy()->index(0, ui::RunListModel::Dataset));
        const QRect second = page.table()->visualRect(page.proxy()->index(1, ui::RunListModel::Dataset));
        QTest::mouseClick(page.table()->viewport(), Qt::LeftButton, {}, first.center());
        QTest::mouseClick(page.table()->viewport(), Qt::LeftButton, Qt::ControlModifier, second.center());
        QCOMPARE(page.selectedRunIds(), (QList<qint64>{m_runs.at(0), m_runs.at(1)}));
        const QList<QLineSeries*> series = page.overlayChart()->lineSeries();
        QCOMPARE(series.size(), 2);
        QCOMPARE(series.at(0)->count(), 3);
        QCOMPARE(series.at(1)->count(), 4);
        QVERIFY(series.at(0)->name().contains(QLatin1String("blobs@1")));

        page.curveMetricBox()->setCurrentIndex(page.curveMetricBox()->findData(QStringLiteral("train_loss")));
        QCOMPARE(page.overlayChart()->lineSeries().size(), 2);
        const QVector<EpochMetrics> epochs = RunStore(*m_workspace).epochs(m_runs.at(0));
        QCOMPARE(page.overlayChart()->lineSeries().at(0)->at(0).y(), epochs.at(0).trainLoss);

        page.selectRuns({m_runs.at(2)});
        QCOMPARE(page.overlayChart()->lineSeries().size(), 1);
        QCOMPARE(page.overlayChart()->lineSeries().at(0)->count(), 5);
    }

    void exportsEveryEpochToOneCsv()
    {
        ui::RunsPage page(m_workspace);
        QSignalSpy notices(&page, &ui::RunsPage::noticeOccurred);
        const QString path = m_dir->filePath(QStringLiteral("runs.csv"));
        QVERIFY(page.exportCsv(path));
        QCOMPARE(notices.count(), 1);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + 3 + 4 + 5);
        const QList<QByteArray> header = lines.first().split(',');
        QCOMPARE(header.mid(0, 3), (QList<QByteArray>{"run_id", "dataset", "model_type"}));
        QVERIFY(header.contains("val_macro_f1"));
        QVERIFY(header.contains("train_loss"));
        QVERIFY(lines.at(1).startsWith(QByteArray::number(m_runs.at(0)) + ",blobs@1,mlp,finished"));

        QSignalSpy errors(&page, &ui::RunsPage::errorOccurred);
        QVERIFY(!page.exportCsv(m_dir->filePath(QStringLiteral("no/such/dir/runs.csv"))));
        QCOMPARE(errors.count(), 1);
    }
};

QTEST_MAIN(TestRunsPage)
#include "TestRunsPage.moc"
