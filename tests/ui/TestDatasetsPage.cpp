#include "ClassDistributionChart.h"
#include "ColumnRolesModel.h"
#include "CsvPreview.h"
#include "CsvReader.h"
#include "DatasetCatalog.h"
#include "DatasetImporter.h"
#include "DatasetListModel.h"
#include "DatasetTableModel.h"
#include "DatasetVersionListModel.h"
#include "DatasetsPage.h"
#include "Error.h"
#include "ImageThumbnailModel.h"
#include "ImportDialog.h"
#include "ImportPlan.h"
#include "TestData.h"
#include "Workspace.h"

#include <QAbstractItemModelTester>
#include <QAbstractButton>
#include <QBarSet>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QHorizontalStackedBarSeries>
#include <QImage>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

using namespace mb;

namespace {

const int kTimeoutMs = 120000;

// id (an identifier core ignores), two numbers, a free-text note and a class label.
QByteArray mixedCsv(int rows)
{
    QByteArray csv = "id,a,b,note,label\n";
    for (int i = 0; i < rows; ++i) {
        const char* label = i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "blue";
        csv += QByteArray::number(i + 1) + ',' + QByteArray::number(i * 0.5) + ',' + QByteArray::number(i % 7) + ",note number "
               + QByteArray::number(i % 5) + ',' + label + '\n';
    }
    return csv;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

// What the wizard does when a file is picked: core's analysis fills the plan's columns.
void analyse(ui::ImportPlan& plan)
{
    const ui::CsvPreview preview = ui::CsvPreview::read(plan.path(), plan.tableOptions());
    QVector<ui::ImportPlan::Column> columns;
    for (const ColumnSpec& spec : preview.schema.columns)
        columns << ui::ImportPlan::Column{spec.name, spec.type, spec.role};
    plan.setColumns(columns);
}

ColumnRole roleIn(const DatasetSchema& schema, const QString& column)
{
    for (const ColumnSpec& spec : schema.columns) {
        if (spec.name == column)
            return spec.role;
    }
    return ColumnRole::Image;  // not there: no CSV column has this role
}

int rowOfColumn(const ui::ColumnRolesModel& model, const QString& name)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, ui::ColumnRolesModel::Name).data().toString() == name)
            return row;
    }
    return -1;
}

}  // namespace

class TestDatasetsPage : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;

    int datasetCount() const { return DatasetCatalog(*m_workspace).list().size(); }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
    }

    void cleanup()
    {
        QThreadPool::globalInstance()->waitForDone();
        m_workspace.reset();
        m_dir.reset();
    }

    void importsACsvThroughThePlan()
    {
        ui::ImportPlan plan;
        plan.setPath(writeFile(*m_dir, QStringLiteral("mixed.csv"), mixedCsv(60)));
        QVERIFY(plan.source() == ui::ImportPlan::Source::Csv);
        analyse(plan);
        QCOMPARE(plan.columns().size(), 5);
        // Core's defaults: the identifier ignored, numbers as features, the note as text.
        QCOMPARE(toString(plan.role(QStringLiteral("id"))), toString(ColumnRole::Ignore));
        QCOMPARE(toString(plan.role(QStringLiteral("a"))), toString(ColumnRole::Feature));
        QCOMPARE(toString(plan.role(QStringLiteral("note"))), toString(ColumnRole::Text));
        QCOMPARE(toString(plan.role(QStringLiteral("label"))), toString(ColumnRole::Label));
        QVERIFY(plan.tableOptions().features.isEmpty());  // nothing overridden: core decides
        QCOMPARE(plan.effectiveName(), QStringLiteral("mixed"));

        plan.setName(QStringLiteral("mixed-data"));
        plan.setSplit(60, 20, 20);
        const CommittedVersion committed = plan.run(*m_workspace);
        QVERIFY(committed.created);
        QCOMPARE(committed.info.ref(), QStringLiteral("mixed-data@1"));
        QCOMPARE(committed.info.rows, qint64(60));
        const DatasetVersion version = DatasetCatalog(*m_workspace).load(QStringLiteral("mixed-data"));
        QCOMPARE(toString(roleIn(version.schema, QStringLiteral("b"))), toString(ColumnRole::Feature));
        QCOMPARE(DatasetSplitter::counts(version.split)[0], qint64(36));  // 60% of each class of 20

        // Bad choices name the field and store nothing.
        plan.setName(QStringLiteral("has space"));
        QVERIFY_THROWS_EXCEPTION(Error, plan.run(*m_workspace));
        plan.setName(QString());
        plan.setSplit(0, 50, 50);
        try {
            plan.run(*m_workspace);
            QFAIL("a split without training rows was accepted");
        } catch (const Error& error) {
            QVERIFY2(error.message().startsWith(QLatin1String("split:")), qPrintable(error.message()));
        }
        QCOMPARE(datasetCount(), 1);
    }

    void overridingARoleChangesTheImportedSchema()
    {
        ui::ImportPlan plan;
        plan.setPath(writeFile(*m_dir, QStringLiteral("mixed.csv"), mixedCsv(60)));
        analyse(plan);
        plan.setRole(QStringLiteral("b"), ColumnRole::Ignore);
        plan.setRole(QStringLiteral("id"), ColumnRole::Feature);
        const TableImportOptions options = plan.tableOptions();
        QCOMPARE(options.features, (QStringList{QStringLiteral("id"), QStringLiteral("a")}));
        QCOMPARE(options.text, QStringList{QStringLiteral("note")});

        const DatasetVersion version = DatasetCatalog(*m_workspace).load(plan.run(*m_workspace).info);
        QCOMPARE(toString(roleIn(version.schema, QStringLiteral("b"))), toString(ColumnRole::Ignore));
        QCOMPARE(toString(roleIn(version.schema, QStringLiteral("id"))), toString(ColumnRole::Feature));
        QCOMPARE(toString(roleIn(version.schema, QStringLiteral("a"))), toString(ColumnRole::Feature));
        QCOMPARE(toString(roleIn(version.schema, QStringLiteral("note"))), toString(ColumnRole::Text));

        // Making another column the label turns the old label back into an input.
        plan.setRole(QStringLiteral("b"), ColumnRole::Label);
        QCOMPARE(toString(plan.role(QStringLiteral("b"))), toString(ColumnRole::Label));
        QCOMPARE(toString(plan.role(QStringLiteral("label"))), toString(ColumnRole::Text));
        QCOMPARE(plan.tableOptions().label, QStringLiteral("b"));
        QVERIFY_THROWS_EXCEPTION(Error, plan.setRole(QStringLiteral("a"), ColumnRole::Image));
    }

    void importsThroughTheDialogFromThePage()
    {
        const QByteArray csv = QByteArray(mixedCsv(80)).replace(',', ';');
        const QString path = writeFile(*m_dir, QStringLiteral("semi.csv"), csv);
        ui::DatasetsPage page(m_workspace);
        page.resize(1200, 800);
        page.show();
        page.importAction()->trigger();
        auto* dialog = page.findChild<ui::ImportDialog*>();
        QVERIFY(dialog);
        QAbstractItemModelTester roles(dialog->rolesModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester preview(dialog->previewModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy ready(dialog, &ui::ImportDialog::previewReady);

        dialog->setPath(path);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kTimeoutMs);
        QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
        QVERIFY(dialog->validateCurrentPage());
        dialog->next();
        QCOMPARE(dialog->currentId(), int(ui::ImportDialog::CsvPage));
        // The first 50 rows as parsed, with the detected delimiter, header and types shown.
        QCOMPARE(dialog->lastPreview().dialect.delimiter, ';');
        QCOMPARE(dialog->previewModel()->rowCount(), 50);
        QCOMPARE(dialog->previewModel()->columnCount(), 5);
        QCOMPARE(dialog->previewModel()->index(0, 3).data().toString(), QStringLiteral("note number 0"));
        QCOMPARE(dialog->previewModel()->headerData(1, Qt::Horizontal).toString(), QStringLiteral("a\nnumeric · feature"));
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("detectedNote"))->text().contains(QLatin1String("semicolon")));
        QVERIFY(dialog->findChild<QCheckBox*>(QStringLiteral("headerBox"))->isChecked());

        // No header: the first record becomes data and the columns c0..c4.
        dialog->findChild<QCheckBox*>(QStringLiteral("headerBox"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, kTimeoutMs);
        QCOMPARE(dialog->previewModel()->index(0, 0).data().toString(), QStringLiteral("id"));
        QCOMPARE(dialog->lastPreview().dialect.columns.first(), QStringLiteral("c0"));
        QVERIFY(!dialog->validateCurrentPage());  // core wants a label among c0..c4
        QVERIFY2(dialog->errorText().contains(QLatin1String("which column is the label")), qPrintable(dialog->errorText()));
        // Picking one in the roles table satisfies core.
        QVERIFY(dialog->rolesModel()->setData(dialog->rolesModel()->index(4, ui::ColumnRolesModel::Role), QStringLiteral("label")));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 3, kTimeoutMs);
        QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
        QCOMPARE(dialog->lastPreview().schema.labelColumn(), QStringLiteral("c4"));
        QVERIFY(dialog->validateCurrentPage());
        // Back to the header: the columns change, so the choices made for c0..c4 go.
        dialog->findChild<QCheckBox*>(QStringLiteral("headerBox"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 4, kTimeoutMs);
        QVERIFY(dialog->errorText().isEmpty());
        QVERIFY(!dialog->plan().hasRoleOverrides());

        // A text column cannot be a numeric feature: core's message names file, line and column.
        ui::ColumnRolesModel* model = dialog->rolesModel();
        const int note = rowOfColumn(*model, QStringLiteral("note"));
        QVERIFY(model->setData(model->index(note, ui::ColumnRolesModel::Role), QStringLiteral("feature")));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 5, kTimeoutMs);
        QVERIFY2(dialog->errorText().startsWith(QLatin1String("semi.csv:2:4: column 'note' is not numeric")), qPrintable(dialog->errorText()));
        QVERIFY(!dialog->validateCurrentPage());
        QVERIFY(model->setData(model->index(note, ui::ColumnRolesModel::Role), QStringLiteral("ignore")));
        const int b = rowOfColumn(*model, QStringLiteral("b"));
        QVERIFY(model->setData(model->index(b, ui::ColumnRolesModel::Role), QStringLiteral("ignore")));
        QVERIFY(!model->setData(model->index(b, ui::ColumnRolesModel::Role), QStringLiteral("image")));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 6, kTimeoutMs);  // the superseded check is dropped
        QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
        QCOMPARE(model->index(b, ui::ColumnRolesModel::Role).data().toString(), QStringLiteral("ignore"));
        QCOMPARE(model->index(b, ui::ColumnRolesModel::Type).data().toString(), QStringLiteral("numeric"));

        dialog->next();
        QCOMPARE(dialog->currentId(), int(ui::ImportDialog::SettingsPage));
        auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("datasetName"));
        QCOMPARE(name->placeholderText(), QStringLiteral("semi"));
        QTest::keyClicks(name, QStringLiteral("colours"));
        QSignalSpy imported(dialog, &ui::ImportDialog::imported);
        QSignalSpy loaded(&page, &ui::DatasetsPage::versionLoaded);
        dialog->button(QWizard::FinishButton)->click();
        QTRY_COMPARE_WITH_TIMEOUT(imported.count(), 1, kTimeoutMs);
        QCOMPARE(imported.first().first().toString(), QStringLiteral("colours@1"));

        const DatasetVersion version = DatasetCatalog(*m_workspace).load(QStringLiteral("colours"));
        QCOMPARE(version.info.rows, qint64(80));
        QCOMPARE(toString(roleIn(version.schema, QStringLiteral("b"))), toString(ColumnRole::Ignore));
        QCOMPARE(toString(roleIn(version.schema, QStringLiteral("note"))), toString(ColumnRole::Ignore));
        QCOMPARE(toString(roleIn(version.schema, QStringLiteral("a"))), toString(ColumnRole::Feature));
        // The page lists it and shows it.
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty() && loaded.last().first().toString() == QStringLiteral("colours@1"), kTimeoutMs);
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.rowsModel()->rowCount(), 80);
    }

    void aMalformedCsvShowsCoresMessageAndImportsNothing()
    {
        const QString path = writeFile(*m_dir, QStringLiteral("bad.csv"), "a,b,label\n1,2,x\n3,4,y\n5,6\n7,8,x\n");
        ui::ImportDialog dialog(m_workspace);
        dialog.show();
        QSignalSpy ready(&dialog, &ui::ImportDialog::previewReady);
        dialog.setPath(path);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kTimeoutMs);
        QVERIFY2(dialog.errorText().startsWith(QLatin1String("bad.csv:4")), qPrintable(dialog.errorText()));
        QVERIFY2(dialog.errorText().contains(QLatin1String("expected 3 fields")), qPrintable(dialog.errorText()));
        QCOMPARE(dialog.previewModel()->rowCount(), 2);  // the rows before the bad one
        dialog.next();
        QCOMPARE(dialog.currentId(), int(ui::ImportDialog::CsvPage));
        dialog.next();
        QCOMPARE(dialog.currentId(), int(ui::ImportDialog::CsvPage));  // refused while core refuses
        QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("csvError"))->text().startsWith(dialog.errorText()));

        // Forcing the import anyway fails with the same message and stores nothing.
        QSignalSpy failed(&dialog, &ui::ImportDialog::importFailed);
        dialog.accept();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
        QVERIFY2(failed.first().first().toString().startsWith(QLatin1String("bad.csv:4")), qPrintable(failed.first().first().toString()));
        QVERIFY(dialog.isVisible());
        QCOMPARE(datasetCount(), 0);
        QVERIFY(m_workspace->artifacts().stats().count == 0);
    }

    void aLargeVersionOpensInThePreview()
    {
        const int rows = 100000;
        QByteArray csv = "x,y,label\n";
        csv.reserve(rows * 24);
        for (int i = 0; i < rows; ++i)
            csv += QByteArray::number(i) + ',' + QByteArray::number(i * 0.25, 'f', 2) + ",c" + QByteArray::number(i % 4) + '\n';
        CsvImportRequest request;
        request.path = writeFile(*m_dir, QStringLiteral("big.csv"), csv);
        DatasetImporter(*m_workspace).importCsv(request);

        ui::DatasetsPage page(m_workspace);
        QAbstractItemModelTester tester(page.rowsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.resize(1200, 800);
        page.show();
        QSignalSpy loaded(&page, &ui::DatasetsPage::versionLoaded);
        QVERIFY(page.selectVersion(QStringLiteral("big@1")));
        QTRY_VERIFY_WITH_TIMEOUT(page.currentVersion() && page.currentVersion()->info.ref() == QStringLiteral("big@1"), kTimeoutMs);
        ui::DatasetTableModel* model = page.rowsModel();
        QCOMPARE(model->rowCount(), rows);
        QCOMPARE(model->columnCount(), 4);  // x, y, label, split
        QCOMPARE(model->splitColumn(), 3);
        QCOMPARE(model->index(rows - 1, 0).data().toString(), QStringLiteral("99999"));
        QCOMPARE(model->index(rows - 1, 1).data().toString(), QStringLiteral("24999.75"));
        QCOMPARE(model->index(rows - 1, 2).data().toString(), QStringLiteral("c3"));
        const QString split = model->index(rows - 1, 3).data().toString();
        QCOMPARE(split, DatasetSplitter::name(page.currentVersion()->split.back()));
        QCOMPARE(model->headerData(0, Qt::Horizontal).toString(), QStringLiteral("x\nnumeric · feature"));
        page.rowsView()->scrollToBottom();
        QCOMPARE(page.rowsView()->rowAt(page.rowsView()->viewport()->height() - 2) > rows - 100, true);
    }

    void distributionCountsEqualTheLabelCounts()
    {
        const QString ref = testdata::importBlobs(*m_workspace, m_dir->path(), QStringLiteral("blobs"), 25);
        // A second version appended to the first: 10 more rows of blob0.
        QByteArray more = "a,b,c,d,label\n";
        for (int i = 0; i < 10; ++i)
            more += "1,2,3,4,blob0\n";
        DatasetImporter(*m_workspace).appendCsv(QStringLiteral("blobs"), writeFile(*m_dir, QStringLiteral("more.csv"), more), {}, {});

        ui::DatasetsPage page(m_workspace);
        QAbstractItemModelTester list(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester versions(page.versionModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY_WITH_TIMEOUT(page.currentVersion() != nullptr, kTimeoutMs);
        // The newest version is selected; the list shows both with their lineage.
        QCOMPARE(page.currentVersion()->info.ref(), QStringLiteral("blobs@2"));
        QCOMPARE(page.versionModel()->rowCount(), 2);
        QCOMPARE(page.versionModel()->index(0, ui::DatasetVersionListModel::Parent).data().toString(), QStringLiteral("blobs@1"));
        QCOMPARE(page.versionModel()->index(0, ui::DatasetVersionListModel::Hash).data().toString(), page.currentVersion()->info.hash.left(12));
        QCOMPARE(page.versionModel()->index(0, ui::DatasetVersionListModel::Rows).data().toString(), QStringLiteral("85"));
        QCOMPARE(page.versionModel()->index(1, ui::DatasetVersionListModel::Source).data().toString(), QStringLiteral("file blobs.csv"));
        QVERIFY(page.versionModel()->index(0, ui::DatasetVersionListModel::Source).data().toString().endsWith(QLatin1String("appended to blobs@1")));

        const ui::ClassDistribution& distribution = page.distributionChart()->distribution();
        QVERIFY(!distribution.histogram);
        QCOMPARE(distribution.categories.first(), QStringLiteral("blob0"));  // the largest class first
        const QJsonObject classCounts = page.currentVersion()->info.metadata.value(QStringLiteral("class_counts")).toObject();
        QCOMPARE(distribution.categories.size(), classCounts.size());
        for (const QString& name : classCounts.keys())
            QCOMPARE(distribution.total(distribution.indexOf(name)), qint64(classCounts.value(name).toInt()));
        QCOMPARE(distribution.total(distribution.indexOf(QStringLiteral("blob0"))), qint64(35));
        // The bars per split add up to the split's rows.
        const auto splitCounts = DatasetSplitter::counts(page.currentVersion()->split);
        const QList<QBarSet*> sets = page.distributionChart()->series()->barSets();
        QCOMPARE(sets.size(), 3);
        for (int s = 0; s < 3; ++s) {
            double sum = 0;
            for (int i = 0; i < sets.at(s)->count(); ++i)
                sum += sets.at(s)->at(i);
            QCOMPARE(qint64(sum), splitCounts[size_t(s)]);
        }

        // Selecting the older version shows its counts.
        QVERIFY(page.selectVersion(QStringLiteral("blobs@1")));
        QTRY_VERIFY_WITH_TIMEOUT(page.currentVersion()->info.ref() == ref, kTimeoutMs);
        QCOMPARE(page.distributionChart()->distribution().total(page.distributionChart()->distribution().indexOf(QStringLiteral("blob0"))), qint64(25));
        QVERIFY(!page.tabs()->isTabEnabled(ui::DatasetsPage::ImagesTab));
    }

    void aRegressionTargetGetsAHistogram()
    {
        QByteArray csv = "x,price\n";
        for (int i = 0; i < 200; ++i)
            csv += QByteArray::number(i) + ',' + QByteArray::number(10 + i * 0.37) + '\n';
        CsvImportRequest request;
        request.path = writeFile(*m_dir, QStringLiteral("prices.csv"), csv);
        request.table.label = QStringLiteral("price");
        const DatasetVersion version = DatasetCatalog(*m_workspace).load(DatasetImporter(*m_workspace).importCsv(request).info);
        QVERIFY(version.schema.labelKind == LabelKind::Regression);
        const ui::ClassDistribution distribution = ui::ClassDistribution::of(version, 10);
        QVERIFY(distribution.histogram);
        QCOMPARE(distribution.categories.size(), 10);
        qint64 total = 0;
        for (int b = 0; b < 10; ++b) {
            QCOMPARE(distribution.total(b), qint64(20));  // evenly spread target
            total += distribution.total(b);
        }
        QCOMPARE(total, qint64(200));
    }

    void generatedGesturesShowThumbnails()
    {
        ui::DatasetsPage page(m_workspace);
        QAbstractItemModelTester thumbnails(page.thumbnailModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester filter(page.thumbnailFilter(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.resize(1200, 800);
        page.show();
        QSignalSpy finished(&page, &ui::DatasetsPage::taskFinished);
        QSignalSpy errors(&page, &ui::DatasetsPage::errorOccurred);
        GestureDatasetOptions options;
        options.perClass = 3;
        page.generateGestures(options);
        QVERIFY(page.isBusy());
        QVERIFY(!page.gesturesAction()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.first().first().toString()));
        QCOMPARE(page.model()->rowCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(page.currentVersion() && page.currentVersion()->info.ref() == QStringLiteral("gestures-images@1"), kTimeoutMs);

        QCOMPARE(page.thumbnailModel()->rowCount(), 48);
        QVERIFY(page.tabs()->isTabEnabled(ui::DatasetsPage::ImagesTab));
        page.tabs()->setCurrentIndex(ui::DatasetsPage::ImagesTab);
        // The view asks for what it paints; the thumbnails arrive decoded from the artifacts.
        QTRY_VERIFY_WITH_TIMEOUT(page.thumbnailModel()->hasThumbnail(0), kTimeoutMs);
        const QImage image = page.thumbnailModel()->index(0).data(Qt::DecorationRole).value<QImage>();
        QVERIFY(!image.isNull());
        QVERIFY(image.width() <= ui::ImageThumbnailModel::kThumbnailSize && image.width() >= 28);

        QCOMPARE(page.classFilter()->count(), 17);  // all classes + 16
        page.classFilter()->setCurrentText(QStringLiteral("circle"));
        QCOMPARE(page.thumbnailFilter()->rowCount(), 3);
        for (int row = 0; row < 3; ++row)
            QCOMPARE(page.thumbnailFilter()->index(row, 0).data().toString(), QStringLiteral("circle"));
        QCOMPARE(page.distributionChart()->distribution().categories.size(), 16);
        QCOMPARE(page.distributionChart()->distribution().total(0), qint64(3));
    }

    void exportsTheVersionAsCsv()
    {
        testdata::importBlobs(*m_workspace, m_dir->path(), QStringLiteral("blobs"), 10);
        ui::DatasetsPage page(m_workspace);
        QTRY_VERIFY_WITH_TIMEOUT(page.currentVersion() != nullptr, kTimeoutMs);
        QVERIFY(page.exportAction()->isEnabled());
        QSignalSpy finished(&page, &ui::DatasetsPage::taskFinished);
        QSignalSpy errors(&page, &ui::DatasetsPage::errorOccurred);
        const QString path = m_dir->filePath(QStringLiteral("out.csv"));
        page.exportCsv(path);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        QVERIFY(errors.isEmpty());
        const CsvTable table = CsvReader::readAll(path);
        QCOMPARE(table.dialect.columns, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d"),
                                                     QStringLiteral("label"), QStringLiteral("split")}));
        QCOMPARE(table.rows.size(), 30);
        std::map<QString, int> splits;
        for (const CsvRecord& record : table.rows)
            ++splits[record.fields.last()];
        const auto counts = DatasetSplitter::counts(page.currentVersion()->split);
        QCOMPARE(splits[QStringLiteral("train")], int(counts[0]));
        QCOMPARE(splits[QStringLiteral("test")], int(counts[2]));

        // An unwritable target is reported, nothing half-written.
        page.exportCsv(m_dir->filePath(QStringLiteral("missing/folder/out.csv")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, kTimeoutMs);
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors.first().first().toString().startsWith(QLatin1String("cannot write")), qPrintable(errors.first().first().toString()));
    }

    void importsTheDebianCatalogueInTheBackground()
    {
        // A stand-in for apt-cache that prints a small catalogue, so the test needs no apt.
        const QByteArray dump = "Package: zsh\nSection: shells\nDescription: shell with lots of features\n\n"
                                "Package: bash\nSection: shells\nDescription: GNU Bourne Again SHell\n\n"
                                "Package: dash\nSection: shells\nDescription: POSIX-compliant shell\n\n"
                                "Package: vim\nSection: editors\nDescription: Vi IMproved\n\n"
                                "Package: nano\nSection: editors\nDescription: small friendly text editor\n\n"
                                "Package: ed\nSection: editors\nDescription: classic UNIX line editor\n";
        writeFile(*m_dir, QStringLiteral("dump.txt"), dump);
        const QString script = writeFile(*m_dir, QStringLiteral("fake-apt-cache"),
                                         "#!/bin/sh\ncat \"$(dirname \"$0\")/dump.txt\"\n");
        QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

        ui::DatasetsPage page(m_workspace);
        QSignalSpy finished(&page, &ui::DatasetsPage::taskFinished);
        QSignalSpy errors(&page, &ui::DatasetsPage::errorOccurred);
        QSignalSpy notices(&page, &ui::DatasetsPage::noticeOccurred);

        DebianCatalogOptions missing;
        missing.aptCache = m_dir->filePath(QStringLiteral("no-such-apt-cache"));
        page.importDebianCatalog(missing);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors.first().first().toString().contains(QLatin1String("not found")), qPrintable(errors.first().first().toString()));
        QCOMPARE(datasetCount(), 0);

        DebianCatalogOptions options;
        options.aptCache = script;
        page.importDebianCatalog(options);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, kTimeoutMs);
        QCOMPARE(errors.count(), 1);
        QCOMPARE(notices.count(), 1);
        QVERIFY2(notices.first().first().toString().contains(QLatin1String("debian-catalog@1")), qPrintable(notices.first().first().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(page.currentVersion() && page.currentVersion()->info.ref() == QStringLiteral("debian-catalog@1"), kTimeoutMs);
        QCOMPARE(page.rowsModel()->rowCount(), 6);
        const ui::ClassDistribution& distribution = page.distributionChart()->distribution();
        QCOMPARE(distribution.total(distribution.indexOf(QStringLiteral("shells"))), qint64(3));
        QCOMPARE(distribution.total(distribution.indexOf(QStringLiteral("editors"))), qint64(3));
    }
};

QTEST_MAIN(TestDatasetsPage)
#include "TestDatasetsPage.moc"
