#include "DatasetCatalog.h"
#include "DatasetListModel.h"
#include "Sql.h"
#include "Workspace.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>

using namespace mb;

class TestDatasetListModel : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;

    void addDataset(const QString& name, const QString& kind, QList<int> versionRows)
    {
        const QSqlDatabase db = m_workspace->database();
        sql::exec(db, QStringLiteral("INSERT INTO datasets (name, kind) VALUES (?, ?)"), {name, kind});
        const qint64 id = sql::scalar(db, QStringLiteral("SELECT id FROM datasets WHERE name = ?"), {name}).toLongLong();
        int number = 0;
        for (int rows : versionRows) {
            sql::exec(db, QStringLiteral("INSERT INTO dataset_versions (dataset_id, number, content_hash, artifact, row_count, "
                                         "column_count, label_kind) VALUES (?, ?, ?, 'a', ?, 5, 'classification')"),
                      {id, ++number, QString::number(rows), rows});
        }
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
    }

    void cleanup()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void listsDatasetsWithTheirLatestVersion()
    {
        addDataset(QStringLiteral("wine"), QStringLiteral("tabular"), {178});
        addDataset(QStringLiteral("iris"), QStringLiteral("tabular"), {150, 160});
        addDataset(QStringLiteral("empty"), QStringLiteral("text"), {});

        ui::DatasetListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDatasets(DatasetCatalog(*m_workspace).list());

        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(ui::DatasetListModel::ColumnCount));
        QCOMPARE(model.index(0, ui::DatasetListModel::Name).data().toString(), QStringLiteral("empty"));
        QCOMPARE(model.index(1, ui::DatasetListModel::Name).data().toString(), QStringLiteral("iris"));
        QCOMPARE(model.index(1, ui::DatasetListModel::Versions).data().toInt(), 2);
        QCOMPARE(model.index(1, ui::DatasetListModel::Rows).data().toString(), QStringLiteral("160"));
        QCOMPARE(model.index(2, ui::DatasetListModel::Kind).data().toString(), QStringLiteral("tabular"));
        QCOMPARE(model.index(0, ui::DatasetListModel::Versions).data().toInt(), 0);
        QCOMPARE(model.headerData(ui::DatasetListModel::Rows, Qt::Horizontal).toString(), QStringLiteral("Rows"));

        model.setDatasets({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestDatasetListModel)
#include "TestDatasetListModel.moc"
