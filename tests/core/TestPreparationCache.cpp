#include "DatasetImporter.h"
#include "Error.h"
#include "PredictionStore.h"
#include "PreparationStore.h"
#include "RunStore.h"
#include "Sql.h"
#include "TestData.h"
#include "Trainer.h"
#include "TrainingObserver.h"
#include "Workspace.h"
#include "WorkspaceCheck.h"

#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace mb;

namespace {

// Product-like names and descriptions whose words tell three categories apart.
QByteArray textCsv()
{
    const QList<QList<QByteArray>> words = {{"game", "puzzle", "arcade", "strategy", "play"},
                                            {"font", "typeface", "glyph", "serif", "monospaced"},
                                            {"network", "ping", "packet", "socket", "proxy"}};
    const QList<QByteArray> categories = {"games", "fonts", "net"};
    std::mt19937_64 rng(5);
    std::uniform_int_distribution<int> pick(0, 4);
    QByteArray csv = "name,description,category\n";
    for (int i = 0; i < 40; ++i) {
        for (int k = 0; k < 3; ++k) {
            const auto& w = words.at(k);
            csv += w.at(pick(rng)) + "-" + QByteArray::number(i) + ',' + "a " + w.at(pick(rng)) + " tool with " + w.at(pick(rng)) +
                   " support," + categories.at(k) + '\n';
        }
    }
    return csv;
}

// Keeps the progress messages a training sends.
class MessageLog : public TrainingObserver {
public:
    QStringList messages;
    void onMessage(const QString& text) override { messages << text; }
};

QJsonObject withoutTimes(QJsonObject metrics)
{
    metrics.remove(QStringLiteral("train_seconds"));
    return metrics;
}

}  // namespace

// The preparation cache through real trainings on a workspace on disk: reuse when only
// training settings change, identical results, a new preparation when a preparation setting
// changes, fallback when the cached artifact is damaged or gone, and pruning.
class TestPreparationCache : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;

    void importCsv(const QString& name, const QByteArray& content, const QStringList& text = {})
    {
        CsvImportRequest request;
        request.table.text = text;
        testdata::importCsv(*m_workspace, m_dir->filePath(name + QStringLiteral(".csv")), content, request);
    }

    // A short, seeded training of `dataset`; `force` skips the run cache, never the
    // preparation cache.
    TrainOutcome train(const QString& dataset, const QStringList& overrides, bool force = false, TrainingObserver* observer = nullptr)
    {
        TrainRequest request;
        request.dataset = dataset;
        request.overrides = QStringList{QStringLiteral("epochs=4"), QStringLiteral("patience=0"), QStringLiteral("seed=3")} + overrides;
        request.force = force;
        return Trainer(*m_workspace).train(request, observer);
    }

    QStringList textOverrides(const QStringList& more = {}) const
    {
        // Tokenisation spelled out, so the cases below stay changes whatever the defaults are.
        return QStringList{QStringLiteral("text.buckets=4096"), QStringLiteral("text.word_ngrams=2"), QStringLiteral("text.char_ngram_min=3"),
                           QStringLiteral("text.char_ngram_max=5")} +
               more;
    }

    // The fastText network instead of the default linear model.
    QStringList fastTextOverrides(const QStringList& more = {}) const
    {
        return textOverrides({QStringLiteral("text.dim=8"), QStringLiteral("text.weighting=mean"), QStringLiteral("loss=softmax"),
                              QStringLiteral("optimizer=adamw"), QStringLiteral("lr=0.01")}) +
               more;
    }

    // The key of the one cached preparation there is.
    QString onlyKey() const
    {
        QSqlQuery query = sql::exec(m_workspace->database(), QStringLiteral("SELECT prep_key FROM preparations"));
        QStringList keys;
        while (query.next())
            keys << query.value(0).toString();
        return keys.size() == 1 ? keys.first() : QString();
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
        importCsv(QStringLiteral("blobs"), testdata::blobsCsv(30, 11));
        importCsv(QStringLiteral("products"), textCsv(), {QStringLiteral("name"), QStringLiteral("description")});
    }

    void cleanup()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void lrChangeReusesPreparation_data()
    {
        QTest::addColumn<QString>("dataset");
        QTest::addColumn<QStringList>("base");
        QTest::newRow("tabular") << QStringLiteral("blobs") << QStringList{QStringLiteral("features.select_top_k=3")};
        QTest::newRow("text") << QStringLiteral("products") << textOverrides();
    }

    void lrChangeReusesPreparation()
    {
        QFETCH(QString, dataset);
        QFETCH(QStringList, base);
        const PreparationStore preparations(*m_workspace);
        MessageLog first;
        const TrainOutcome fresh = train(dataset, base + QStringList{QStringLiteral("lr=0.003")}, false, &first);
        QVERIFY(!fresh.run.prepCached);
        QVERIFY(first.messages.join('\n').contains(QStringLiteral("preparing data: ")));
        const PreparationCacheStats afterFirst = preparations.stats();
        QCOMPARE(afterFirst.entries, qint64(1));
        QVERIFY(afterFirst.bytes > 0);
        const ArtifactStats artifactsBefore = m_workspace->artifacts().stats();

        MessageLog second;
        const TrainOutcome reused = train(dataset, base + QStringList{QStringLiteral("lr=0.01")}, false, &second);
        QVERIFY(!reused.cached);  // another run: only its preparation was reused
        QCOMPARE(reused.run.state, QStringLiteral("finished"));
        QVERIFY(reused.run.prepCached);
        QVERIFY(RunStore(*m_workspace).get(reused.run.id).prepCached);
        QVERIFY(!RunStore(*m_workspace).get(fresh.run.id).prepCached);
        QVERIFY(second.messages.join('\n').contains(QStringLiteral("preparing data (cached): ")));
        QCOMPARE(preparations.stats().entries, afterFirst.entries);
        QCOMPARE(preparations.stats().bytes, afterFirst.bytes);
        // The new model's bundle is the only new artifact.
        QCOMPARE(m_workspace->artifacts().stats().count, artifactsBefore.count + 1);
    }

    void cachedPreparationGivesIdenticalResults_data()
    {
        QTest::addColumn<QString>("dataset");
        QTest::addColumn<QStringList>("config");
        QTest::newRow("tabular") << QStringLiteral("blobs") << QStringList{QStringLiteral("features.select_top_k=3")};
        QTest::newRow("linear") << QStringLiteral("blobs") << QStringList{QStringLiteral("model=linear")};
        QTest::newRow("text") << QStringLiteral("products") << textOverrides({QStringLiteral("text.token_dropout=0.2")});
        QTest::newRow("fastText") << QStringLiteral("products") << fastTextOverrides({QStringLiteral("text.token_dropout=0.2")});
    }

    void cachedPreparationGivesIdenticalResults()
    {
        QFETCH(QString, dataset);
        QFETCH(QStringList, config);
        const TrainOutcome fresh = train(dataset, config);
        QVERIFY(!fresh.run.prepCached);
        const TrainOutcome cached = train(dataset, config, true);  // same config, run cache skipped
        QVERIFY(cached.run.prepCached);

        QCOMPARE(cached.history.size(), fresh.history.size());
        for (int i = 0; i < fresh.history.size(); ++i) {
            QCOMPARE(cached.history.at(i).trainLoss, fresh.history.at(i).trainLoss);
            QCOMPARE(cached.history.at(i).valLoss, fresh.history.at(i).valLoss);
        }
        QCOMPARE(withoutTimes(cached.version.metrics), withoutTimes(fresh.version.metrics));
        const PredictionStore predictions(*m_workspace);
        const QVector<StoredPrediction> a = predictions.load(fresh.version.id, fresh.version.datasetVersionId);
        const QVector<StoredPrediction> b = predictions.load(cached.version.id, cached.version.datasetVersionId);
        QCOMPARE(b.size(), a.size());
        QVERIFY(!a.isEmpty());
        for (int i = 0; i < a.size(); ++i) {
            QCOMPARE(b.at(i).row, a.at(i).row);
            QCOMPARE(b.at(i).predicted, a.at(i).predicted);
            QCOMPARE(b.at(i).confidence, a.at(i).confidence);  // exact
            QCOMPARE(b.at(i).top, a.at(i).top);
        }
    }

    void preparationKeyDecidesReuse_data()
    {
        QTest::addColumn<QString>("dataset");
        QTest::addColumn<QStringList>("base");
        QTest::addColumn<QString>("change");
        QTest::addColumn<bool>("reused");
        const QStringList text = textOverrides();
        QTest::newRow("text.buckets") << QStringLiteral("products") << text << QStringLiteral("text.buckets=8192") << false;
        QTest::newRow("text.word_ngrams") << QStringLiteral("products") << text << QStringLiteral("text.word_ngrams=1") << false;
        QTest::newRow("text.char_ngram_max") << QStringLiteral("products") << text << QStringLiteral("text.char_ngram_max=4") << false;
        QTest::newRow("text.field_tags") << QStringLiteral("products") << text + QStringList{QStringLiteral("text.field_tags=false")}
                                         << QStringLiteral("text.field_tags=true") << false;
        QTest::newRow("text.weighting") << QStringLiteral("products") << text << QStringLiteral("text.weighting=mean") << false;
        QTest::newRow("text.dim") << QStringLiteral("products") << fastTextOverrides() << QStringLiteral("text.dim=16") << true;
        QTest::newRow("loss") << QStringLiteral("products") << text << QStringLiteral("loss=softmax") << true;
        QTest::newRow("text.token_dropout") << QStringLiteral("products") << text << QStringLiteral("text.token_dropout=0.3") << true;
        QTest::newRow("features.select_top_k") << QStringLiteral("blobs") << QStringList() << QStringLiteral("features.select_top_k=2") << false;
        QTest::newRow("mlp.hidden") << QStringLiteral("blobs") << QStringList() << QStringLiteral("mlp.hidden=[16]") << true;
        QTest::newRow("mlp to linear") << QStringLiteral("blobs") << QStringList() << QStringLiteral("model=linear") << true;
    }

    void preparationKeyDecidesReuse()
    {
        QFETCH(QString, dataset);
        QFETCH(QStringList, base);
        QFETCH(QString, change);
        QFETCH(bool, reused);
        QVERIFY(!train(dataset, base).run.prepCached);
        const TrainOutcome changed = train(dataset, base + QStringList{change});
        QVERIFY(!changed.cached);
        QCOMPARE(changed.run.prepCached, reused);
        QCOMPARE(PreparationStore(*m_workspace).stats().entries, qint64(reused ? 1 : 2));
    }

    void unusableArtifactFallsBack_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::newRow("flipped byte") << QStringLiteral("flip");
        QTest::newRow("truncated") << QStringLiteral("truncate");
        QTest::newRow("deleted") << QStringLiteral("delete");
        QTest::newRow("not a preparation") << QStringLiteral("foreign");
    }

    void unusableArtifactFallsBack()
    {
        QFETCH(QString, damage);
        const QStringList config = textOverrides();
        const TrainOutcome fresh = train(QStringLiteral("products"), config);
        const QString key = onlyKey();
        QVERIFY(!key.isEmpty());
        const PreparationEntry entry = *PreparationStore(*m_workspace).find(key);
        const QString path = m_workspace->artifacts().pathFor(entry.artifact);
        QFile file(path);
        if (damage == QLatin1String("delete")) {
            QVERIFY(file.remove());
            QCOMPARE(checkWorkspace(*m_workspace).missingPreparations, QStringList{entry.key});
        } else if (damage == QLatin1String("foreign")) {
            // A sound artifact that is not a preparation (its hash matches its bytes).
            const QByteArray other = "name,description,category\n";
            const QString hash = m_workspace->artifacts().put(other);
            sql::exec(m_workspace->database(), QStringLiteral("UPDATE preparations SET artifact = ?, bytes = ? WHERE prep_key = ?"),
                      {hash, qint64(other.size()), entry.key});
        } else {
            QVERIFY(file.open(QIODevice::ReadWrite));
            QByteArray bytes = file.readAll();
            if (damage == QLatin1String("flip"))
                bytes[bytes.size() / 2] = char(bytes.at(bytes.size() / 2) ^ 0x5a);
            else
                bytes.chop(bytes.size() / 3);
            QVERIFY(file.resize(0));
            QVERIFY(file.seek(0));
            QCOMPARE(file.write(bytes), bytes.size());
            file.close();
        }

        MessageLog log;
        const TrainOutcome again = train(QStringLiteral("products"), config, true, &log);
        QCOMPARE(again.run.state, QStringLiteral("finished"));
        QVERIFY(!again.run.prepCached);
        QVERIFY2(log.messages.join('\n').contains(QStringLiteral("cannot be used")), qPrintable(log.messages.join('\n')));
        QCOMPARE(withoutTimes(again.version.metrics), withoutTimes(fresh.version.metrics));
        // The preparation is stored afresh: sound, and used by the next training.
        QCOMPARE(onlyKey(), entry.key);
        const PreparationEntry restored = *PreparationStore(*m_workspace).find(entry.key);
        QCOMPARE(restored.artifact, entry.artifact);
        m_workspace->artifacts().verify(restored.artifact);
        QVERIFY(checkWorkspace(*m_workspace).ok());
        QVERIFY(checkWorkspace(*m_workspace).missingPreparations.isEmpty());
        QVERIFY(train(QStringLiteral("products"), config + QStringList{QStringLiteral("lr=0.02")}).run.prepCached);
    }

    void pruneRemovesUnusedPreparations()
    {
        // select_top_k 0 and 10 (more than the 4 features) prepare identically: two keys, one artifact.
        train(QStringLiteral("blobs"), {QStringLiteral("features.select_top_k=0")});
        train(QStringLiteral("blobs"), {QStringLiteral("features.select_top_k=10")});
        train(QStringLiteral("blobs"), {QStringLiteral("features.select_top_k=2")});
        const PreparationStore preparations(*m_workspace);
        QCOMPARE(preparations.stats().entries, qint64(3));
        const QStringList artifacts = [&] {
            QStringList list;
            QSqlQuery query = sql::exec(m_workspace->database(), QStringLiteral("SELECT DISTINCT artifact FROM preparations ORDER BY artifact"));
            while (query.next())
                list << query.value(0).toString();
            return list;
        }();
        QCOMPARE(artifacts.size(), 2);
        const WorkspaceInfo info = m_workspace->info();
        QCOMPARE(info.preparationCount, qint64(3));
        QCOMPARE(info.preparationBytes, preparations.stats().bytes);
        const QString shared = sql::scalar(m_workspace->database(), QStringLiteral("SELECT artifact FROM preparations GROUP BY artifact "
                                                                                   "HAVING COUNT(*) = 2")).toString();
        const QString single = artifacts.at(artifacts.at(0) == shared ? 1 : 0);

        // Age one user of the shared artifact and the single one.
        sql::exec(m_workspace->database(), QStringLiteral("UPDATE preparations SET last_used_at = '2000-01-01T00:00:00.000Z' WHERE prep_key IN "
                                                          "(SELECT MIN(prep_key) FROM preparations WHERE artifact = ? UNION "
                                                          "SELECT prep_key FROM preparations WHERE artifact = ?)"),
                  {shared, single});
        const qint64 singleBytes = sql::scalar(m_workspace->database(), QStringLiteral("SELECT bytes FROM preparations WHERE artifact = ?"),
                                               {single}).toLongLong();
        const PreparationCacheStats removed = preparations.prune(30);
        QCOMPARE(removed.entries, qint64(2));
        QCOMPARE(removed.bytes, singleBytes);  // the shared artifact still has a user
        QVERIFY(!m_workspace->artifacts().contains(single));
        QVERIFY(m_workspace->artifacts().contains(shared));
        QCOMPARE(preparations.stats().entries, qint64(1));

        QCOMPARE(preparations.prune(0).entries, qint64(1));
        QVERIFY(!m_workspace->artifacts().contains(shared));
        QCOMPARE(preparations.stats().entries, qint64(0));
        QCOMPARE(preparations.stats().bytes, qint64(0));
        QVERIFY(checkWorkspace(*m_workspace).ok());  // models and datasets kept their artifacts
        QVERIFY(!train(QStringLiteral("blobs"), {QStringLiteral("features.select_top_k=2"), QStringLiteral("lr=0.02")}).run.prepCached);

        QVERIFY_THROWS_EXCEPTION(Error, preparations.prune(-1));
    }
};

QTEST_GUILESS_MAIN(TestPreparationCache)
#include "TestPreparationCache.moc"
