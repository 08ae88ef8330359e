#include "DatasetCatalog.h"
#include "DebianCatalog.h"
#include "Error.h"
#include "Workspace.h"

#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <optional>

using namespace mb;

using Rows = QList<QStringList>;

namespace {

// Stanzas as apt-cache dumpavail writes them, with the cases the parser must handle.
const QByteArray kFixture = "Package: zeta\n"
                            "Version: 1.0-1\n"
                            "Section: contrib/games\n"
                            "Description: Zeta, the game\n"
                            " A long description that goes on\n"
                            " .\n"
                            " over several lines.\n"
                            "Tag: game::arcade,\n"
                            " role::program\n"
                            "\n"
                            "Package: alpha\n"
                            "Description: Alpha tool with \"quotes\"\n"
                            " Continuation: not a field\n"
                            "Section: utils\n"
                            "\n"
                            "Package: nosection\n"
                            "Description: left out: no section\n"
                            "\n"
                            "Package: alpha\n"
                            "Section: libs\n"
                            "Description: a second alpha, which loses\n"
                            "\n"
                            "\n"
                            "Package: beta\n"
                            "Section: non-free/libs\n"
                            "\n"
                            "Package: gamma\n"
                            "Section: non-free-firmware/kernel\n"
                            "Description: Gamma firmware\n";

}  // namespace

// Builds the product catalogue from apt-cache dumpavail output.
class TestDebianCatalog : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;

    static Rows rowsOf(const DataTable& table)
    {
        Rows rows;
        for (qsizetype row = 0; row < table.rowCount(); ++row) {
            QStringList fields;
            for (const DataColumn& column : table.columns)
                fields << column.text(row);
            rows << fields;
        }
        return rows;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
    }

    void cleanup()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void parse_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<Rows>("rows");
        // clang-format off
        QTest::newRow("fixture") << kFixture
            << Rows{{"1", "alpha", "Alpha tool with \"quotes\"", "utils"},
                    {"2", "beta", "", "libs"},
                    {"3", "gamma", "Gamma firmware", "kernel"},
                    {"4", "zeta", "Zeta, the game", "games"}};
        QTest::newRow("empty") << QByteArray() << Rows{};
        QTest::newRow("blank lines only") << QByteArray("\n \n\t\n") << Rows{};
        QTest::newRow("CRLF, any case, no final newline")
            << QByteArray("package: b\r\nSECTION: x/y\r\ndescription:  spaced  \r\n\r\n"
                          "Package: a\r\nSection: web")
            << Rows{{"1", "a", "", "web"}, {"2", "b", "spaced", "y"}};
        QTest::newRow("a later stanza with a section wins over one without")
            << QByteArray("Package: p\nDescription: first\n\n"
                          "Package: p\nSection: net\nDescription: second\n")
            << Rows{{"1", "p", "second", "net"}};
        QTest::newRow("Description-en as a fallback")
            << QByteArray("Package: p\nDescription-en: english\nSection: net\n\n"
                          "Package: q\nDescription: main\nDescription-en: en\nSection: net\n")
            << Rows{{"1", "p", "english", "net"}, {"2", "q", "main", "net"}};
        // clang-format on
    }

    void parse()
    {
        QFETCH(QByteArray, text);
        QFETCH(Rows, rows);
        const DataTable table = DebianCatalog::parse(text);
        QCOMPARE(
            table.columnNames(), (QStringList { "product_id", "name", "description", "category" }));
        QCOMPARE(toString(table.columns.at(0).type), toString(ColumnType::Numeric));
        QCOMPARE(rowsOf(table), rows);
    }

    void importsFixtureAsTextDataset()
    {
        DebianCatalogOptions options;
        const CommittedVersion committed
            = DebianCatalog(*m_workspace).importText(kFixture, options);
        QVERIFY(committed.created);
        QCOMPARE(committed.info.dataset, QStringLiteral("debian-catalog"));
        QCOMPARE(toString(committed.info.kind), toString(DatasetKind::Text));
        QCOMPARE(committed.info.rows, qint64(4));
        QCOMPARE(toString(committed.info.labelKind), toString(LabelKind::Classification));

        const DatasetVersion version
            = DatasetCatalog(*m_workspace).load(QStringLiteral("debian-catalog"));
        QCOMPARE(toString(version.schema.kind), toString(DatasetKind::Text));
        QCOMPARE(version.schema.labelColumn(), QStringLiteral("category"));
        QCOMPARE(version.schema.columnsWithRole(ColumnRole::Text),
            (QStringList { "name", "description" }));
        QCOMPARE(version.schema.columnsWithRole(ColumnRole::Ignore), QStringList { "product_id" });
        QVERIFY(version.schema.columnsWithRole(ColumnRole::Feature).isEmpty());
        QCOMPARE(rowsOf(version.table), rowsOf(DebianCatalog::parse(kFixture)));
        QCOMPARE(version.split.size(), size_t(4));

        // The same packages again: the same version.
        const CommittedVersion again = DebianCatalog(*m_workspace).importText(kFixture, options);
        QVERIFY(!again.created);
        QCOMPARE(again.info.hash, committed.info.hash);
    }

    void importErrors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("no packages")
            << QByteArray("\n") << QStringLiteral("debian-catalog") << int(ErrorCode::NotFound)
            << QStringLiteral("run apt-get update first");
        QTest::newRow("one category")
            << QByteArray("Package: a\nSection: x\n\nPackage: b\nSection: main/x\n")
            << QStringLiteral("debian-catalog") << int(ErrorCode::InvalidArgument)
            << QStringLiteral("two or more categories");
        QTest::newRow("bad name") << kFixture << QStringLiteral("no spaces please")
                                  << int(ErrorCode::InvalidArgument)
                                  << QStringLiteral("not a valid dataset name");
    }

    void importErrors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, name);
        QFETCH(int, code);
        QFETCH(QString, message);
        DebianCatalogOptions options;
        options.name = name;
        try {
            DebianCatalog(*m_workspace).importText(text, options);
            QFAIL("no error");
        } catch (const Error& error) {
            QCOMPARE(int(error.code()), code);
            QVERIFY2(error.message().contains(message), qPrintable(error.message()));
        }
        QVERIFY(DatasetCatalog(*m_workspace).list().isEmpty());
    }

    void missingAptCache_data()
    {
        QTest::addColumn<QString>("program");
        QTest::newRow("not in PATH") << QStringLiteral("apt-cache-that-does-not-exist");
        QTest::newRow("absolute, absent") << QStringLiteral("/nonexistent/bin/apt-cache");
    }

    void missingAptCache()
    {
        QFETCH(QString, program);
        DebianCatalogOptions options;
        options.aptCache = program;
        try {
            DebianCatalog(*m_workspace).import(options);
            QFAIL("no error");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::NotFound);
            QVERIFY2(error.message().contains(QStringLiteral(
                         "not found: the Debian catalogue needs a Debian system with apt")),
                qPrintable(error.message()));
        }
        QVERIFY(DatasetCatalog(*m_workspace).list().isEmpty());
    }

    void failingAptCacheIsIo()
    {
        const QString falseProgram = QStandardPaths::findExecutable(QStringLiteral("false"));
        if (falseProgram.isEmpty())
            QSKIP("no `false` program to stand in for a failing apt-cache");
        DebianCatalogOptions options;
        options.aptCache = falseProgram;
        try {
            DebianCatalog::dumpavail(options);
            QFAIL("no error");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::Io);
            QVERIFY2(error.message().contains(QStringLiteral("exit code 1")),
                qPrintable(error.message()));
        }
    }

    void realAptCache()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("apt-cache")).isEmpty())
            QSKIP("apt-cache is not installed: not a Debian system with apt");
        std::optional<CommittedVersion> committed;
        try {
            committed = DebianCatalog(*m_workspace).import();
        } catch (const Error& error) {
            if (error.code() == ErrorCode::NotFound)
                QSKIP(qPrintable(
                    QStringLiteral("apt has no package lists here: %1").arg(error.message())));
            throw;
        }
        QVERIFY(committed->created);
        QVERIFY2(committed->info.rows > 1000, qPrintable(QString::number(committed->info.rows)));
        QVERIFY(
            committed->info.metadata.value(QStringLiteral("class_counts")).toObject().size() > 10);
        QCOMPARE(toString(committed->info.kind), toString(DatasetKind::Text));
        qInfo("apt-cache dumpavail: %lld packages in %lld categories", committed->info.rows,
            qint64(
                committed->info.metadata.value(QStringLiteral("class_counts")).toObject().size()));
    }
};

QTEST_GUILESS_MAIN(TestDebianCatalog)
#include "TestDebianCatalog.moc"
