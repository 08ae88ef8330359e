#include "DatasetCatalog.h"
#include "DatasetImporter.h"
#include "Error.h"
#include "FeedbackStore.h"
#include "ModelRegistry.h"
#include "TestData.h"
#include "Workspace.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace mb;
using testdata::pointsCsv;

// FeedbackStore against a workspace on disk: a 12-row classification dataset "points"
// (x, y, label c0..c2) and a model version registered on its first version.
class TestFeedbackStore : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;
    DatasetVersionInfo m_points;
    ModelVersionInfo m_model;

    QString write(const QString& name, const QByteArray& content) { return testdata::writeFile(m_dir->filePath(name), content); }

    DatasetVersionInfo import(const QString& name, const QByteArray& content, std::optional<LabelKind> task = std::nullopt)
    {
        CsvImportRequest request;
        request.path = write(name + QStringLiteral(".csv"), content);
        request.name = name;
        request.table.task = task;
        return DatasetImporter(*m_workspace).importCsv(request).info;
    }

    static Feedback rowFeedback(const DatasetVersionInfo& version, qint64 row, const QString& label)
    {
        Feedback entry;
        entry.datasetVersionId = version.id;
        entry.rowIndex = row;
        entry.label = label;
        entry.source = QStringLiteral("gui");
        return entry;
    }

    Feedback inputFeedback(double x, double y, const QString& label) const
    {
        Feedback entry;
        entry.modelVersionId = m_model.id;
        entry.input = QJsonObject{{QStringLiteral("x"), x}, {QStringLiteral("y"), QString::number(y)}};
        entry.label = label;
        entry.source = QStringLiteral("api");
        return entry;
    }

    static QStringList labels(const DatasetVersion& version)
    {
        const DataColumn& column = version.table.columns.at(version.table.indexOf(QStringLiteral("label")));
        QStringList texts;
        for (qsizetype row = 0; row < column.size(); ++row)
            texts << column.text(row);
        return texts;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
        m_points = import(QStringLiteral("points"), pointsCsv(12));
        NewModelVersion version;
        version.model = QStringLiteral("points-mlp");
        version.task = QStringLiteral("classification");
        version.modelType = QStringLiteral("mlp");
        version.bundle = "bundle bytes: the store never opens them";
        version.datasetVersionId = m_points.id;
        m_model = ModelRegistry(*m_workspace).registerVersion(version, QStringLiteral("test"));
    }

    void cleanup()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void addsAndListsRowsAndInputs()
    {
        const FeedbackStore store(*m_workspace);
        const QVector<qint64> ids = store.add({rowFeedback(m_points, 4, QStringLiteral(" c2 ")), inputFeedback(3.5, 1.75, QStringLiteral("c0"))});
        QCOMPARE(ids.size(), 2);
        QVERIFY(ids.at(1) > ids.at(0));

        const QVector<Feedback> all = store.list();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.at(0).id, ids.at(0));
        QCOMPARE(all.at(0).datasetRef, QStringLiteral("points@1"));
        QCOMPARE(all.at(0).rowIndex, qint64(4));
        QCOMPARE(all.at(0).label, QStringLiteral("c2"));  // trimmed
        QCOMPARE(all.at(0).source, QStringLiteral("gui"));
        QVERIFY(all.at(0).modelRef.isEmpty());
        QVERIFY(!all.at(0).createdAt.isEmpty());
        // The input took the dataset its model was trained on.
        QCOMPARE(all.at(1).datasetRef, QStringLiteral("points@1"));
        QCOMPARE(all.at(1).modelRef, QStringLiteral("points-mlp@1"));
        QCOMPARE(all.at(1).input.value(QStringLiteral("x")).toDouble(), 3.5);
        QVERIFY(!all.at(1).isRow());

        const QJsonObject json = all.at(1).toJson();
        QCOMPARE(json.value(QStringLiteral("model_version")).toString(), QStringLiteral("points-mlp@1"));
        QVERIFY(json.value(QStringLiteral("row_index")).isNull());
        QCOMPARE(json.value(QStringLiteral("input")).toObject().value(QStringLiteral("y")).toString(), QStringLiteral("1.75"));

        QCOMPARE(store.list({QStringLiteral("points-mlp"), {}}).size(), 1);
        QCOMPARE(store.list({{}, QStringLiteral("points")}).size(), 2);
        QCOMPARE(store.list({{}, QStringLiteral("other")}).size(), 0);
    }

    void addIsAllOrNothing_data()
    {
        QTest::addColumn<int>("field");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("code");
        const int invalid = int(ErrorCode::InvalidArgument);
        QTest::newRow("empty label") << 0 << "label: a corrected label is required" << invalid;
        QTest::newRow("unknown source") << 1 << "source: 'email' is not one of gui, api, cli" << invalid;
        QTest::newRow("row outside the version") << 2 << "row 12 is outside the dataset version's 12 rows" << invalid;
        QTest::newRow("row and input") << 3 << "give a dataset row or an input, not both" << invalid;
        QTest::newRow("neither row nor input") << 4 << "give a dataset row (version and row index) or an input" << invalid;
        QTest::newRow("unknown model version") << 5 << "no model version with id 999" << int(ErrorCode::NotFound);
        QTest::newRow("unknown dataset version") << 6 << "no dataset version with id 999" << int(ErrorCode::NotFound);
        QTest::newRow("input without model or dataset") << 7 << "an input needs the model version or the dataset it belongs to" << invalid;
    }

    void addIsAllOrNothing()
    {
        QFETCH(int, field);
        QFETCH(QString, message);
        QFETCH(int, code);
        Feedback bad = rowFeedback(m_points, 1, QStringLiteral("c1"));
        switch (field) {
        case 0: bad.label = QStringLiteral("  "); break;
        case 1: bad.source = QStringLiteral("email"); break;
        case 2: bad.rowIndex = 12; break;
        case 3: bad.input = QJsonObject{{QStringLiteral("x"), 1}}; break;
        case 4: bad.rowIndex = -1; break;
        case 5: bad.modelVersionId = 999; break;
        case 6: bad.datasetVersionId = 999; break;
        case 7: bad = inputFeedback(1, 2, QStringLiteral("c1")); bad.modelVersionId = 0; break;
        }
        const FeedbackStore store(*m_workspace);
        try {
            store.add({rowFeedback(m_points, 0, QStringLiteral("c1")), bad});
            QFAIL("add() accepted a bad entry");
        } catch (const Error& error) {
            QCOMPARE(int(error.code()), code);
            QVERIFY2(error.message().startsWith(QLatin1String("feedback 2 of 2: ")), qPrintable(error.message()));
            QVERIFY2(error.message().contains(message), qPrintable(error.message()));
        }
        QVERIFY(store.list().isEmpty());  // the good first entry was not kept either
    }

    void regressionLabelsMustBeNumbers()
    {
        QByteArray csv = "x,target\n";
        for (int i = 0; i < 40; ++i)
            csv += QByteArray::number(i) + ',' + QByteArray::number(i * 1.37, 'f', 3) + '\n';
        const DatasetVersionInfo line = import(QStringLiteral("line"), csv, LabelKind::Regression);
        const FeedbackStore store(*m_workspace);
        QVERIFY_THROWS_EXCEPTION(Error, store.add({rowFeedback(line, 3, QStringLiteral("high"))}));
        QCOMPARE(store.add({rowFeedback(line, 3, QStringLiteral("4.5"))}).size(), 1);
    }

    void removesOne()
    {
        const FeedbackStore store(*m_workspace);
        const QVector<qint64> ids = store.add({rowFeedback(m_points, 0, QStringLiteral("c1")), rowFeedback(m_points, 1, QStringLiteral("c2"))});
        store.remove(ids.at(0));
        const QVector<Feedback> left = store.list();
        QCOMPARE(left.size(), 1);
        QCOMPARE(left.first().id, ids.at(1));
        try {
            store.remove(ids.at(0));
            QFAIL("removed twice");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::NotFound);
        }
    }

    void applyRelabelsRowsAndAppendsInputs()
    {
        const FeedbackStore store(*m_workspace);
        store.add({rowFeedback(m_points, 0, QStringLiteral("c2")), rowFeedback(m_points, 2, QStringLiteral("c0")),
                   rowFeedback(m_points, 2, QStringLiteral("c1")),  // a later correction of the same row wins
                   inputFeedback(100, 50, QStringLiteral("c0"))});
        const DatasetCatalog catalog(*m_workspace);
        const DatasetVersion before = catalog.load(QStringLiteral("points@1"));

        const AppliedFeedback applied = store.applyToDataset(QStringLiteral("points"));
        QVERIFY(applied.version.created);
        QCOMPARE(applied.relabelled, 2);
        QCOMPARE(applied.appended, 1);
        const DatasetVersionInfo& info = applied.version.info;
        QCOMPARE(info.ref(), QStringLiteral("points@2"));
        QCOMPARE(info.parentNumber, 1);
        QCOMPARE(info.rows, qint64(13));
        QVERIFY(info.hash != m_points.hash);

        const DatasetVersion after = catalog.load(info);
        QStringList expected = labels(before);
        expected[0] = QStringLiteral("c2");
        expected[2] = QStringLiteral("c1");
        expected << QStringLiteral("c0");
        QCOMPARE(labels(after), expected);
        QCOMPARE(after.table.columns.at(0).numbers.back(), 100.0);
        QCOMPARE(after.table.columns.at(1).numbers.back(), 50.0);
        // Old rows keep their split; the version it came from is untouched.
        QVERIFY(std::equal(before.split.begin(), before.split.end(), after.split.begin()));
        QCOMPARE(labels(catalog.load(QStringLiteral("points@1"))), labels(before));
    }

    void applyTakesOnlyNewFeedback()
    {
        const FeedbackStore store(*m_workspace);
        store.add({rowFeedback(m_points, 1, QStringLiteral("c0")), inputFeedback(7, 3.5, QStringLiteral("c2"))});
        const DatasetVersionInfo second = store.applyToDataset(QStringLiteral("points")).version.info;
        QCOMPARE(second.rows, qint64(13));

        const AppliedFeedback again = store.applyToDataset(QStringLiteral("points"));
        QVERIFY(!again.version.created);
        QCOMPARE(again.version.info.ref(), QStringLiteral("points@2"));
        QCOMPARE(again.relabelled + again.appended, 0);

        // A correction of points@2's appended row and one of points@1's rows (same row numbers).
        store.add({rowFeedback(second, 12, QStringLiteral("c0")), rowFeedback(m_points, 5, QStringLiteral("c0"))});
        const AppliedFeedback third = store.applyToDataset(QStringLiteral("points"));
        QCOMPARE(third.version.info.ref(), QStringLiteral("points@3"));
        QCOMPARE(third.relabelled, 2);
        QCOMPARE(third.appended, 0);
        QCOMPARE(third.version.info.rows, qint64(13));  // the input was not appended twice
        const QStringList after = labels(DatasetCatalog(*m_workspace).load(third.version.info));
        QCOMPARE(after.at(1), QStringLiteral("c0"));   // the first round is still there
        QCOMPARE(after.at(5), QStringLiteral("c0"));
        QCOMPARE(after.at(12), QStringLiteral("c0"));
    }

    void rowFeedbackFollowsAppends()
    {
        const FeedbackStore store(*m_workspace);
        store.add({rowFeedback(m_points, 3, QStringLiteral("c2"))});
        DatasetImporter(*m_workspace).appendCsv(QStringLiteral("points"), write(QStringLiteral("more.csv"), pointsCsv(6, 100)), {}, {});
        const AppliedFeedback applied = store.applyToDataset(QStringLiteral("points"));
        QCOMPARE(applied.version.info.ref(), QStringLiteral("points@3"));
        QCOMPARE(applied.version.info.rows, qint64(18));
        QCOMPARE(labels(DatasetCatalog(*m_workspace).load(applied.version.info)).at(3), QStringLiteral("c2"));
    }

    void applyRefusesInputsThatDoNotFit()
    {
        const FeedbackStore store(*m_workspace);
        Feedback partial = inputFeedback(1, 2, QStringLiteral("c1"));
        partial.input.remove(QStringLiteral("y"));
        const qint64 id = store.add({rowFeedback(m_points, 0, QStringLiteral("c1")), partial}).at(1);
        try {
            store.applyToDataset(QStringLiteral("points"));
            QFAIL("applied an input without its y");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::InvalidArgument);
            QVERIFY2(error.message().contains(QStringLiteral("feedback %1").arg(id)), qPrintable(error.message()));
            QVERIFY2(error.message().contains(QLatin1String("'y'")), qPrintable(error.message()));
        }
        QCOMPARE(DatasetCatalog(*m_workspace).versions(QStringLiteral("points")).size(), 1);
        QVERIFY_THROWS_EXCEPTION(Error, store.applyToDataset(QStringLiteral("nope")));
    }
};

QTEST_GUILESS_MAIN(TestFeedbackStore)
#include "TestFeedbackStore.moc"
