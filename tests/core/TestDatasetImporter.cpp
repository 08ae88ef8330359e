#include "DatasetCatalog.h"
#include "DatasetImporter.h"
#include "Error.h"
#include "TestData.h"
#include "Workspace.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

using namespace mb;
using testdata::pointsCsv;

Q_DECLARE_METATYPE(mb::DatasetWriter::Step)

class TestDatasetImporter : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;

    QString write(const QString& name, const QByteArray& content) { return testdata::writeFile(m_dir->filePath(name), content); }

    QStringList artifactFiles() const
    {
        QStringList files;
        QDirIterator it(m_workspace->artifacts().root(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        files.sort();
        return files;
    }

    CommittedVersion import(const QString& path, const QString& name = QStringLiteral("data"))
    {
        CsvImportRequest request;
        request.path = path;
        request.name = name;
        return DatasetImporter(*m_workspace).importCsv(request);
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

    void sameContentIsTheSameVersion()
    {
        const CommittedVersion first = import(write(QStringLiteral("a.csv"), pointsCsv(30)));
        QVERIFY(first.created);
        QCOMPARE(first.info.number, 1);
        QCOMPARE(first.info.rows, qint64(30));
        QCOMPARE(first.info.metadata.value(QStringLiteral("class_counts")).toObject().size(), 3);

        // The same rows written differently (semicolons, CRLF) are the same content.
        QByteArray other = pointsCsv(30);
        other.replace(',', ';').replace("\n", "\r\n");
        const CommittedVersion again = import(write(QStringLiteral("b.csv"), other));
        QVERIFY(!again.created);
        QCOMPARE(again.info.hash, first.info.hash);
        QCOMPARE(DatasetCatalog(*m_workspace).versions(QStringLiteral("data")).size(), 1);
    }

    void newContentIsANewVersionWithItsParent()
    {
        import(write(QStringLiteral("a.csv"), pointsCsv(30)));
        const CommittedVersion second = import(write(QStringLiteral("b.csv"), pointsCsv(31)));
        QVERIFY(second.created);
        QCOMPARE(second.info.number, 2);
        QCOMPARE(second.info.parentNumber, 1);
        QCOMPARE(DatasetCatalog(*m_workspace).resolve(QStringLiteral("data")).number, 2);
        QCOMPARE(DatasetCatalog(*m_workspace).resolve(QStringLiteral("data@1")).rows, qint64(30));
        QCOMPARE(DatasetCatalog(*m_workspace).resolve(QStringLiteral("data@") + second.info.hash.left(10)).number, 2);
    }

    void loadGivesBackTheRowsAndSplit()
    {
        const QByteArray csv = "name,score,label\n\"Smith, J\",1.25,a\n\"line\nbreak\",-3,b\n plain ,0.1,a\nq\"uote,7,b\n";
        const CommittedVersion committed = import(write(QStringLiteral("t.csv"), csv));
        const DatasetVersion loaded = DatasetCatalog(*m_workspace).load(committed.info.ref());
        QCOMPARE(loaded.table.rowCount(), qsizetype(4));
        QCOMPARE(loaded.table.columns.at(0).texts,
                 (QStringList{QStringLiteral("Smith, J"), QStringLiteral("line\nbreak"), QStringLiteral(" plain "), QStringLiteral("q\"uote")}));
        QCOMPARE(loaded.table.columns.at(1).numbers, (std::vector<double>{1.25, -3, 0.1, 7}));
        QCOMPARE(loaded.split.size(), size_t(4));
        QCOMPARE(loaded.schema.labelColumn(), QStringLiteral("label"));
    }

    void appendKeepsOldSplitAndRecordsParent()
    {
        const CommittedVersion base = import(write(QStringLiteral("a.csv"), pointsCsv(30)));
        const DatasetVersion before = DatasetCatalog(*m_workspace).load(base.info);
        const CommittedVersion appended = DatasetImporter(*m_workspace).appendCsv(
            QStringLiteral("data"), write(QStringLiteral("more.csv"), pointsCsv(9, 100)), {}, {});
        QVERIFY(appended.created);
        QCOMPARE(appended.info.parentNumber, 1);
        QCOMPARE(appended.info.rows, qint64(39));
        const DatasetVersion after = DatasetCatalog(*m_workspace).load(appended.info);
        QVERIFY(std::equal(before.split.begin(), before.split.end(), after.split.begin()));
        QCOMPARE(after.table.columns.at(0).numbers.back(), 108.0);
    }

    void separateTestFile()
    {
        CsvImportRequest request;
        request.path = write(QStringLiteral("train.csv"), pointsCsv(60));
        request.testPath = write(QStringLiteral("test.csv"), pointsCsv(12, 500));
        request.name = QStringLiteral("withtest");
        const CommittedVersion committed = DatasetImporter(*m_workspace).importCsv(request);
        const DatasetVersion loaded = DatasetCatalog(*m_workspace).load(committed.info);
        QCOMPARE(loaded.table.rowCount(), qsizetype(72));
        for (qsizetype row = 0; row < 72; ++row)
            QCOMPARE(loaded.split[size_t(row)] == Split::Test, row >= 60);
    }

    void failureAtAnyStepChangesNothing_data()
    {
        QTest::addColumn<DatasetWriter::Step>("step");
        QTest::addColumn<bool>("existing");
        for (bool existing : {false, true}) {
            const char* suffix = existing ? " (second version)" : " (new dataset)";
            QTest::addRow("canonicalize%s", suffix) << DatasetWriter::Step::Canonicalize << existing;
            QTest::addRow("store artifacts%s", suffix) << DatasetWriter::Step::StoreArtifacts << existing;
            QTest::addRow("register%s", suffix) << DatasetWriter::Step::Register << existing;
            QTest::addRow("commit%s", suffix) << DatasetWriter::Step::Commit << existing;
        }
    }

    void failureAtAnyStepChangesNothing()
    {
        QFETCH(DatasetWriter::Step, step);
        QFETCH(bool, existing);
        if (existing)
            import(write(QStringLiteral("a.csv"), pointsCsv(30)));
        const QStringList filesBefore = artifactFiles();
        const auto versionsBefore = existing ? DatasetCatalog(*m_workspace).versions(QStringLiteral("data")).size() : 0;
        const auto auditBefore = m_workspace->info().counts.value(QStringLiteral("audit_log"));

        CsvImportRequest request;
        request.path = write(QStringLiteral("b.csv"), pointsCsv(45));
        request.name = QStringLiteral("data");
        const auto failAt = [step](DatasetWriter::Step current) {
            if (current == step)
                throw Error(ErrorCode::Io, QStringLiteral("injected failure"));
        };
        QVERIFY_THROWS_EXCEPTION(Error, DatasetImporter(*m_workspace).importCsv(request, failAt));

        QCOMPARE(artifactFiles(), filesBefore);
        QCOMPARE(m_workspace->info().counts.value(QStringLiteral("audit_log")), auditBefore);
        if (existing)
            QCOMPARE(DatasetCatalog(*m_workspace).versions(QStringLiteral("data")).size(), versionsBefore);
        else
            QVERIFY(DatasetCatalog(*m_workspace).list().isEmpty());

        // And the same import then succeeds.
        QVERIFY(DatasetImporter(*m_workspace).importCsv(request).created);
    }

    void badNamesAreRejected_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("slash") << QStringLiteral("a/b");
        QTest::newRow("at") << QStringLiteral("a@1");
        QTest::newRow("space") << QStringLiteral("my data");
        QTest::newRow("leading dot") << QStringLiteral(".hidden");
    }

    void badNamesAreRejected()
    {
        QFETCH(QString, name);
        try {
            import(write(QStringLiteral("a.csv"), pointsCsv(10)), name);
            QFAIL("bad name accepted");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::InvalidArgument);
        }
        QVERIFY(DatasetCatalog(*m_workspace).list().isEmpty());
    }

    void resolveErrors()
    {
        import(write(QStringLiteral("a.csv"), pointsCsv(10)));
        const DatasetCatalog catalog(*m_workspace);
        QVERIFY_THROWS_EXCEPTION(Error, catalog.resolve(QStringLiteral("nope")));
        QVERIFY_THROWS_EXCEPTION(Error, catalog.resolve(QStringLiteral("data@9")));
        QVERIFY_THROWS_EXCEPTION(Error, catalog.resolve(QStringLiteral("data@")));
    }
};

QTEST_GUILESS_MAIN(TestDatasetImporter)
#include "TestDatasetImporter.moc"
