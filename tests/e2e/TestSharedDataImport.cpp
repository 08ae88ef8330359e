#include "DatasetImporter.h"
#include "ImageImporter.h"
#include "Workspace.h"

#include <QDir>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace mb;

// The real data sets of ../shared/data import with the shapes their README states.
class TestSharedDataImport : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;

    static QString data(const QString& relative) { return QStringLiteral(MB_SHARED_DATA_DIR "/") + relative; }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QDir(QStringLiteral(MB_SHARED_DATA_DIR)).exists())
            QSKIP("../shared/data is not beside the checkout: the shared data sets are not available here");
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
    }

    void cleanupTestCase()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void tabular_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("inputs");
        QTest::addColumn<int>("classes");  // 0: regression
        QTest::newRow("wine") << QStringLiteral("tabular/wine.csv") << QStringLiteral("label") << QString() << 178 << 13 << 3;
        QTest::newRow("iris") << QStringLiteral("tabular/iris.csv") << QString() << QString() << 150 << 4 << 3;
        QTest::newRow("diabetes") << QStringLiteral("tabular/diabetes_regression.csv") << QStringLiteral("target") << QString() << 442 << 10 << 0;
        QTest::newRow("products") << QStringLiteral("products/debian-catalog.csv") << QStringLiteral("category")
                                  << QStringLiteral("name,description") << 63666 << 2 << 58;
    }

    void tabular()
    {
        QFETCH(QString, file);
        QFETCH(QString, label);
        QFETCH(QString, text);
        QFETCH(int, rows);
        QFETCH(int, inputs);
        QFETCH(int, classes);
        CsvImportRequest request;
        request.path = data(file);
        request.table.label = label;
        request.table.text = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
        const CommittedVersion committed = DatasetImporter(*m_workspace).importCsv(request);
        const DatasetSchema schema = committed.info.schema();
        QCOMPARE(committed.info.rows, qint64(rows));
        QCOMPARE(schema.columnsWithRole(ColumnRole::Feature).size() + schema.columnsWithRole(ColumnRole::Text).size(), inputs);
        if (classes == 0) {
            QVERIFY(committed.info.labelKind == LabelKind::Regression);
        } else {
            QVERIFY(committed.info.labelKind == LabelKind::Classification);
            QCOMPARE(committed.info.metadata.value(QStringLiteral("class_counts")).toObject().size(), classes);
        }
    }

    void digitImages()
    {
        ImageImportRequest request;
        request.path = data(QStringLiteral("images/digits8x8"));
        const CommittedVersion committed = ImageImporter(*m_workspace).import(request);
        QCOMPARE(committed.info.rows, qint64(1797));
        QCOMPARE(committed.info.metadata.value(QStringLiteral("class_counts")).toObject().size(), 10);
    }
};

QTEST_GUILESS_MAIN(TestSharedDataImport)
#include "TestSharedDataImport.moc"
