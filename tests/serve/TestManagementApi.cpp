#include "DatasetCatalog.h"
#include "FeedbackStore.h"
#include "ModelRegistry.h"
#include "ServedWorkspace.h"
#include "Sql.h"

#include <QJsonArray>
#include <QtTest>

using namespace mb;
using namespace mb::serve;
using namespace serve_test;

// The management endpoints (dataset rows, aliases, version deletion) and the feedback kept
// from predict.csv, against a real workspace: "blobs" (3 classes, 4 features) with a model
// trained on it, served on 127.0.0.1.
class TestManagementApi : public QObject {
    Q_OBJECT

private:
    ServedWorkspace m_served;
    const std::shared_ptr<Workspace>& m_workspace = m_served.workspace();  // the served one, for direct checks


    int versionCount(const QString& dataset) const { return DatasetCatalog(*m_workspace).versions(dataset).size(); }

    // A small dataset of its own for a test that adds versions to it.
    void importBlobs(const QString& name)
    {
        importCsv(*m_workspace, m_served.filePath(name + QStringLiteral(".csv")), blobsCsv(10, 11), name);
    }

    // A model of its own with two versions made from blobs@1's bundle (no training).
    void registerCopies(const QString& name)
    {
        const ModelRegistry registry(*m_workspace);
        const ModelVersionInfo source = registry.resolve(QStringLiteral("blobs@1"));
        NewModelVersion version;
        version.model = name;
        version.task = source.task;
        version.modelType = source.modelType;
        version.bundle = registry.bundleBytes(source);
        version.signature = source.signature;
        registry.registerVersion(version, QStringLiteral("test"));
        registry.registerVersion(version, QStringLiteral("test"));
    }

    // "action subject" of the audit log entries by `actor` on subjects starting with `subject`.
    QStringList auditActions(const QString& actor, const QString& subject) const
    {
        QSqlQuery query = sql::exec(m_workspace->database(),
                                    QStringLiteral("SELECT action || ' ' || subject FROM audit_log WHERE actor = ? AND subject LIKE ? || '%' ORDER BY id"),
                                    {actor, subject});
        QStringList actions;
        while (query.next())
            actions << query.value(0).toString();
        return actions;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(m_served.trainBlobs().version.version, 1);
        importBlobs(QStringLiteral("bad-rows"));
    }

    void init() { m_served.start(); }
    void cleanup() { m_served.stop(); }

    void appendsJsonRows()
    {
        importBlobs(QStringLiteral("json-rows"));
        const Reply reply = m_served.post(QStringLiteral("/api/v1/datasets/json-rows/rows"),
                                 R"({"rows": [{"a": 1.5, "b": 2, "c": "3.25", "d": 4, "label": "blob1"},
                                              {"a": 0, "b": 0, "c": 0, "d": 0, "label": "blob0"}]})");
        QCOMPARE(reply.status, 201);
        const QJsonObject json = reply.json();
        QCOMPARE(json.value(QStringLiteral("ref")).toString(), QStringLiteral("json-rows@2"));
        QCOMPARE(json.value(QStringLiteral("parent")).toInt(), 1);
        QCOMPARE(json.value(QStringLiteral("rows")).toInt(), 32);
        QCOMPARE(json.value(QStringLiteral("appended_rows")).toInt(), 2);
        QVERIFY(json.value(QStringLiteral("created")).toBool());

        const DatasetVersion stored = DatasetCatalog(*m_workspace).load(QStringLiteral("json-rows@2"));
        QCOMPARE(stored.table.columns.at(2).numbers.at(30), 3.25);
        QCOMPARE(stored.table.columns.at(4).texts.at(31), QStringLiteral("blob0"));
        QCOMPARE(stored.info.hash, json.value(QStringLiteral("hash")).toString());
        QCOMPARE(auditActions(QStringLiteral("local"), QStringLiteral("json-rows@")).last(), QStringLiteral("dataset.version.create json-rows@2"));
    }

    void appendsCsvRows()
    {
        importBlobs(QStringLiteral("csv-rows"));
        const Reply reply = m_served.post(QStringLiteral("/api/v1/datasets/csv-rows/rows"), "label,d,c,b,a\nblob2,1,2,3,4\nblob2,5,6,7,8\nblob0,9,9,9,9\n",
                                 "text/csv");
        QCOMPARE(reply.status, 201);
        QCOMPARE(reply.json().value(QStringLiteral("rows")).toInt(), 33);
        const DatasetVersion stored = DatasetCatalog(*m_workspace).load(QStringLiteral("csv-rows"));
        QCOMPARE(stored.info.number, 2);
        QCOMPARE(stored.table.columns.at(0).numbers.at(31), 8.0);  // column a, matched by name
    }

    void refusesBadRows_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        const QString rows = QStringLiteral("/api/v1/datasets/bad-rows/rows");
        QTest::newRow("unknown dataset") << QStringLiteral("/api/v1/datasets/nope/rows") << QByteArray(R"({"rows": [{"a": 1}]})")
                                         << QByteArray("application/json") << 404 << "no dataset 'nope'";
        QTest::newRow("malformed JSON") << rows << QByteArray("{\"rows\": [") << QByteArray("application/json") << 400 << "malformed JSON";
        QTest::newRow("no rows array") << rows << QByteArray(R"({"row": []})") << QByteArray("application/json") << 400 << "rows: expected";
        QTest::newRow("empty rows") << rows << QByteArray(R"({"rows": []})") << QByteArray("application/json") << 400 << "no rows to append";
        QTest::newRow("row not an object") << rows << QByteArray(R"({"rows": [[1, 2, 3, 4, "blob0"]]})") << QByteArray("application/json") << 400
                                           << "rows[0]: expected an object";
        QTest::newRow("missing label") << rows << QByteArray(R"({"rows": [{"a": 1, "b": 2, "c": 3, "d": 4}]})") << QByteArray("application/json")
                                       << 400 << "row 0, column 'label': a value is required";
        QTest::newRow("unknown column") << rows << QByteArray(R"({"rows": [{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "label": "blob0"}]})")
                                        << QByteArray("application/json") << 400 << "the dataset has no column 'e'";
        QTest::newRow("not a number") << rows << QByteArray("a,b,c,d,label\n1,2,three,4,blob0\n") << QByteArray("text/csv") << 400
                                      << "row 0, column 'c': 'three' is not a number";
        QTest::newRow("other media type") << rows << QByteArray("a=1") << QByteArray("application/x-www-form-urlencoded") << 415 << "text/csv";
        QTest::newRow("bad dataset name") << QStringLiteral("/api/v1/datasets/bad%20name/rows") << QByteArray(R"({"rows": [{"a": 1}]})")
                                          << QByteArray("application/json") << 400 << "not a valid dataset name";
    }

    void refusesBadRows()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, type);
        QFETCH(int, status);
        QFETCH(QString, message);
        const int before = versionCount(QStringLiteral("bad-rows"));
        const Reply reply = m_served.post(path, body, type);
        QCOMPARE(reply.status, status);
        QVERIFY2(reply.errorMessage().contains(message), qPrintable(reply.errorMessage()));
        QVERIFY(!reply.errorCode().isEmpty());
        QCOMPARE(versionCount(QStringLiteral("bad-rows")), before);
    }

    void setsAndRemovesAliases()
    {
        registerCopies(QStringLiteral("aliased"));
        const Reply set = m_served.put(QStringLiteral("/api/v1/models/aliased/aliases/production"), R"({"version": 2})");
        QCOMPARE(set.status, 200);
        QCOMPARE(set.json().value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(set.json().value(QStringLiteral("ref")).toString(), QStringLiteral("aliased@2"));
        QCOMPARE(m_served.get(QStringLiteral("/api/v1/models/aliased")).json().value(QStringLiteral("serving")).toObject().value(QStringLiteral("ref")).toString(),
                 QStringLiteral("aliased@2"));
        QCOMPARE(m_served.put(QStringLiteral("/api/v1/models/aliased/aliases/production"), R"({"version": 1})").status, 200);
        QCOMPARE(ModelRegistry(*m_workspace).resolve(QStringLiteral("aliased@production")).version, 1);

        const Reply removed = m_served.del(QStringLiteral("/api/v1/models/aliased/aliases/production"));
        QCOMPARE(removed.status, 200);
        QCOMPARE(removed.json().value(QStringLiteral("removed_from")).toInt(), 1);
        QCOMPARE(m_served.del(QStringLiteral("/api/v1/models/aliased/aliases/production")).status, 404);
        QCOMPARE(auditActions(QStringLiteral("api"), QStringLiteral("aliased@")),
                 QStringList({QStringLiteral("model.alias.set aliased@production"), QStringLiteral("model.alias.set aliased@production"),
                              QStringLiteral("model.alias.remove aliased@production")}));

        QCOMPARE(m_served.put(QStringLiteral("/api/v1/models/aliased/aliases/staging"), R"({"version": "two"})").status, 400);
        QCOMPARE(m_served.put(QStringLiteral("/api/v1/models/aliased/aliases/staging"), R"({"version": 1.5})").status, 400);
        QCOMPARE(m_served.put(QStringLiteral("/api/v1/models/aliased/aliases/staging"), R"({"ver": 1})").status, 400);
        QCOMPARE(m_served.put(QStringLiteral("/api/v1/models/aliased/aliases/staging"), R"({"version": 9})").status, 404);
        QCOMPARE(m_served.put(QStringLiteral("/api/v1/models/nope/aliases/staging"), R"({"version": 1})").status, 404);
        QCOMPARE(m_served.put(QStringLiteral("/api/v1/models/aliased/aliases/bad%20alias"), R"({"version": 1})").status, 400);
        QVERIFY(ModelRegistry(*m_workspace).resolve(QStringLiteral("aliased@1")).aliases.isEmpty());
    }

    void deletesOnlyUnaliasedVersions()
    {
        registerCopies(QStringLiteral("scratch"));
        QCOMPARE(m_served.put(QStringLiteral("/api/v1/models/scratch/aliases/staging"), R"({"version": 1})").status, 200);
        const Reply refused = m_served.del(QStringLiteral("/api/v1/models/scratch/versions/1"));
        QCOMPARE(refused.status, 409);
        QCOMPARE(refused.errorCode(), QStringLiteral("conflict"));
        QVERIFY2(refused.errorMessage().contains(QLatin1String("scratch@1 is aliased as staging")), qPrintable(refused.errorMessage()));

        const Reply deleted = m_served.del(QStringLiteral("/api/v1/models/scratch/versions/2"));
        QCOMPARE(deleted.status, 200);
        QCOMPARE(deleted.json().value(QStringLiteral("deleted")).toString(), QStringLiteral("scratch@2"));
        const QJsonArray left = m_served.get(QStringLiteral("/api/v1/models/scratch/versions")).json().value(QStringLiteral("versions")).toArray();
        QCOMPARE(left.size(), 1);
        QCOMPARE(left.first().toObject().value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(m_served.del(QStringLiteral("/api/v1/models/scratch/versions/2")).status, 404);
        QCOMPARE(m_served.del(QStringLiteral("/api/v1/models/scratch/versions/two")).status, 400);
        QCOMPARE(auditActions(QStringLiteral("api"), QStringLiteral("scratch@")),
                 QStringList({QStringLiteral("model.alias.set scratch@staging"), QStringLiteral("model.version.delete scratch@2")}));
    }

    void predictCsvKeepsVerifiedLabels()
    {
        const QByteArray plain = "a,b,c,d\n0,3,6,0\n3,6,0,3\n6,0,3,6\n";
        const Reply without = m_served.post(QStringLiteral("/api/v1/models/blobs/predict.csv"), plain, "text/csv");
        QCOMPARE(without.status, 200);
        QCOMPARE(without.header("X-Feedback-Stored"), QByteArray("0"));

        const QByteArray verified = "a,b,c,d,HUMAN_VERIFIED_LABEL\n0,3,6,0,blob0\n3,6,0,3,\n6,0,3,6,blob1\n";
        const Reply with = m_served.post(QStringLiteral("/api/v1/models/blobs/predict.csv"), verified, "text/csv");
        QCOMPARE(with.status, 200);
        QCOMPARE(with.header("X-Feedback-Stored"), QByteArray("2"));
        // The same answer as without the column, which is echoed like any other input column.
        const QList<QByteArray> plainLines = without.body.split('\n');
        const QList<QByteArray> verifiedLines = with.body.split('\n');
        QCOMPARE(verifiedLines.size(), plainLines.size());
        QCOMPARE(verifiedLines.first(), QByteArray("a,b,c,d,HUMAN_VERIFIED_LABEL") + plainLines.first().mid(7));
        QCOMPARE(verifiedLines.at(2), QByteArray("3,6,0,3,") + plainLines.at(2).mid(7));

        const QVector<Feedback> stored = FeedbackStore(*m_workspace).list({QStringLiteral("blobs"), {}});
        QCOMPARE(stored.size(), 2);
        QCOMPARE(stored.at(0).label, QStringLiteral("blob0"));
        QCOMPARE(stored.at(0).source, QStringLiteral("api"));
        QCOMPARE(stored.at(0).modelRef, QStringLiteral("blobs@1"));
        QCOMPARE(stored.at(0).datasetRef, QStringLiteral("blobs@1"));
        QCOMPARE(stored.at(1).input.value(QStringLiteral("a")).toDouble(), 6.0);
        QVERIFY(!stored.at(1).input.contains(QStringLiteral("HUMAN_VERIFIED_LABEL")));

        // Another column name; a failing request keeps nothing.
        const Reply renamed = m_served.post(QStringLiteral("/api/v1/models/blobs/predict.csv?feedback_column=truth"), "a,b,c,d,truth\n1,1,1,1,blob2\n", "text/csv");
        QCOMPARE(renamed.header("X-Feedback-Stored"), QByteArray("1"));
        QCOMPARE(m_served.post(QStringLiteral("/api/v1/models/blobs/predict.csv"), "a,b,c,d,HUMAN_VERIFIED_LABEL\n1,x,1,1,blob2\n", "text/csv").status, 400);
        QCOMPARE(m_served.post(QStringLiteral("/api/v1/models/blobs/predict.csv?feedback_column="), verified, "text/csv").status, 400);
        QCOMPARE(FeedbackStore(*m_workspace).list().size(), 3);

        // Back into the data: a new version with the three verified rows appended.
        const AppliedFeedback applied = FeedbackStore(*m_workspace).applyToDataset(QStringLiteral("blobs"));
        QVERIFY(applied.version.created);
        QCOMPARE(applied.appended, 3);
        QCOMPARE(applied.version.info.ref(), QStringLiteral("blobs@2"));
        const DatasetVersion data = DatasetCatalog(*m_workspace).load(applied.version.info);
        const QStringList& labels = data.table.columns.at(data.table.indexOf(QStringLiteral("label"))).texts;
        QCOMPARE(labels.mid(120), QStringList({QStringLiteral("blob0"), QStringLiteral("blob1"), QStringLiteral("blob2")}));
        QCOMPARE(data.table.columns.at(0).numbers.at(121), 6.0);
    }
};

QTEST_GUILESS_MAIN(TestManagementApi)
#include "TestManagementApi.moc"
