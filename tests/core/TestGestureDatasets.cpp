#include "DatasetCatalog.h"
#include "Error.h"
#include "GestureDatasets.h"
#include "Workspace.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace mb;

// Generates the synthetic gesture datasets into a temporary workspace.
class TestGestureDatasets : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;

    static GestureDatasetOptions small(quint64 seed = 1)
    {
        GestureDatasetOptions options;
        options.perClass = 10;
        options.seed = seed;
        return options;
    }

    static QStringList texts(const DatasetVersion& version, const QString& column)
    {
        return version.table.columns.at(version.table.indexOf(column)).texts;
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

    void generatesTwoDatasetsWithOneSplit()
    {
        const GestureDatasetsResult result = GestureDatasets(*m_workspace).generate(small());
        QVERIFY(result.images.created);
        QVERIFY(result.trajectories.created);
        QCOMPARE(result.images.info.dataset, QStringLiteral("gestures-images"));
        QCOMPARE(result.trajectories.info.dataset, QStringLiteral("gestures-trajectories"));
        QCOMPARE(toString(result.images.info.kind), toString(DatasetKind::Image));
        QCOMPARE(toString(result.trajectories.info.kind), toString(DatasetKind::Tabular));

        for (const CommittedVersion* committed : { &result.images, &result.trajectories }) {
            QCOMPARE(committed->info.rows, qint64(160));
            const QJsonObject classes
                = committed->info.metadata.value(QStringLiteral("class_counts")).toObject();
            QCOMPARE(classes.size(), 16);
            for (const QJsonValue& count : classes)
                QCOMPARE(count.toInt(), 10);
        }

        const DatasetCatalog catalog(*m_workspace);
        const DatasetVersion images = catalog.load(result.images.info);
        const DatasetVersion trajectories = catalog.load(result.trajectories.info);
        QCOMPARE(images.schema.columnsWithRole(ColumnRole::Image), QStringList { "image" });
        QCOMPARE(images.schema.labelColumn(), QStringLiteral("label"));
        QCOMPARE(trajectories.schema.columnsWithRole(ColumnRole::Feature).size(), 161);
        QCOMPARE(trajectories.schema.columnsWithRole(ColumnRole::Ignore), QStringList { "sample" });
        QCOMPARE(trajectories.schema.labelColumn(), QStringLiteral("label"));

        // The same samples row by row, and each in the same split in both.
        const QStringList paths = texts(images, QStringLiteral("path"));
        const QStringList samples = texts(trajectories, QStringLiteral("sample"));
        QCOMPARE(paths.size(), samples.size());
        for (int row = 0; row < paths.size(); ++row)
            QCOMPARE(paths.at(row), samples.at(row) + QStringLiteral(".png"));
        QCOMPARE(paths.at(0), QStringLiteral("arrow/0000.png"));
        QVERIFY(paths.contains(QStringLiteral("circle/0007.png")));
        QCOMPARE(
            texts(images, QStringLiteral("label")), texts(trajectories, QStringLiteral("label")));
        QVERIFY(images.split == trajectories.split);
        const auto counts = DatasetSplitter::counts(images.split);
        QVERIFY(counts[0] > 0 && counts[1] > 0 && counts[2] > 0);

        // Every image is a 28x28 grayscale PNG in the store.
        for (const QString& hash : texts(images, QStringLiteral("image"))) {
            const QImage image = QImage::fromData(m_workspace->artifacts().get(hash), "PNG");
            QVERIFY(!image.isNull());
            QCOMPARE(image.size(), QSize(28, 28));
            QVERIFY(image.isGrayscale());
        }

        // The raw strokes are kept, one per sample.
        const QString strokesHash = result.images.info.metadata.value(QStringLiteral("source"))
                                        .toObject()
                                        .value(QStringLiteral("strokes"))
                                        .toString();
        QCOMPARE(result.trajectories.info.metadata.value(QStringLiteral("source"))
                     .toObject()
                     .value(QStringLiteral("strokes"))
                     .toString(),
            strokesHash);
        const QJsonArray strokes
            = QJsonDocument::fromJson(m_workspace->artifacts().get(strokesHash))
                  .object()
                  .value(QStringLiteral("samples"))
                  .toArray();
        QCOMPARE(strokes.size(), 160);
        const QJsonObject first = strokes.at(0).toObject();
        QCOMPARE(first.value(QStringLiteral("sample")).toString(), samples.at(0));
        QVERIFY(first.value(QStringLiteral("x")).toArray().size() > 1);
        QCOMPARE(first.value(QStringLiteral("x")).toArray().size(),
            first.value(QStringLiteral("t")).toArray().size());
    }

    void deterministic()
    {
        const GestureDatasetsResult first = GestureDatasets(*m_workspace).generate(small());
        const GestureDatasetsResult second = GestureDatasets(*m_workspace).generate(small());
        QVERIFY(!second.images.created);
        QVERIFY(!second.trajectories.created);
        QCOMPARE(second.images.info.hash, first.images.info.hash);
        QCOMPARE(second.trajectories.info.hash, first.trajectories.info.hash);

        // In another workspace too: nothing depends on the workspace or the run.
        QTemporaryDir other;
        const auto workspace = Workspace::open(other.filePath(QStringLiteral("ws")));
        const GestureDatasetsResult elsewhere = GestureDatasets(*workspace).generate(small());
        QVERIFY(elsewhere.images.created);
        QCOMPARE(elsewhere.images.info.hash, first.images.info.hash);
        QCOMPARE(elsewhere.trajectories.info.hash, first.trajectories.info.hash);

        // Another seed, other data: a new version of each.
        const GestureDatasetsResult reseeded = GestureDatasets(*m_workspace).generate(small(2));
        QVERIFY(reseeded.images.created);
        QVERIFY(reseeded.trajectories.created);
        QCOMPARE(reseeded.images.info.number, 2);
        QVERIFY(reseeded.images.info.hash != first.images.info.hash);
    }

    void badOptions_data()
    {
        QTest::addColumn<int>("perClass");
        QTest::addColumn<QString>("imageName");
        QTest::addColumn<QString>("featureName");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        // clang-format off
        QTest::newRow("no samples")            << 0      << "gi"            << "gt"          << int(ErrorCode::InvalidArgument) << "samples per class";
        QTest::newRow("too many samples")      << 100001 << "gi"            << "gt"          << int(ErrorCode::InvalidArgument) << "samples per class";
        QTest::newRow("bad image name")        << 2      << "a b"           << "gt"          << int(ErrorCode::InvalidArgument) << "not a valid dataset name";
        QTest::newRow("bad feature name")      << 2      << "gi"            << ""            << int(ErrorCode::InvalidArgument) << "not a valid dataset name";
        QTest::newRow("same names")            << 2      << "g"             << "g"           << int(ErrorCode::InvalidArgument) << "different names";
        QTest::newRow("image name is tabular") << 2      << "taken-tabular" << "gt"          << int(ErrorCode::Conflict)        << "holds tabular data";
        QTest::newRow("feature name is image") << 2      << "gi"            << "taken-image" << int(ErrorCode::Conflict)        << "holds image data";
        // clang-format on
    }

    void badOptions()
    {
        QFETCH(int, perClass);
        QFETCH(QString, imageName);
        QFETCH(QString, featureName);
        QFETCH(int, code);
        QFETCH(QString, message);
        GestureDatasetOptions taken = small();
        taken.perClass = 2;
        taken.imageName = QStringLiteral("taken-image");
        taken.featureName = QStringLiteral("taken-tabular");
        GestureDatasets(*m_workspace).generate(taken);
        const auto before = DatasetCatalog(*m_workspace).list().size();

        GestureDatasetOptions options = small();
        options.perClass = perClass;
        options.imageName = imageName;
        options.featureName = featureName;
        try {
            GestureDatasets(*m_workspace).generate(options);
            QFAIL("no error");
        } catch (const Error& error) {
            QCOMPARE(int(error.code()), code);
            QVERIFY2(error.message().contains(message), qPrintable(error.message()));
        }
        QCOMPARE(DatasetCatalog(*m_workspace).list().size(), before);
    }
};

QTEST_GUILESS_MAIN(TestGestureDatasets)
#include "TestGestureDatasets.moc"
