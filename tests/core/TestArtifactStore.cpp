#include "ArtifactStore.h"
#include "Error.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace mb;

class TestArtifactStore : public QObject {
    Q_OBJECT

private:
    static QString sha256(const QByteArray& data)
    {
        return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ArtifactStore> m_store;

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_store = std::make_unique<ArtifactStore>(m_dir->filePath(QStringLiteral("artifacts")));
    }

    void cleanup()
    {
        m_store.reset();
        m_dir.reset();
    }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("text") << QByteArray("label,x\n1,2\n");
        QByteArray binary(3 * 1024 * 1024 + 17, '\0');
        for (int i = 0; i < binary.size(); ++i)
            binary[i] = static_cast<char>((i * 131) % 251);
        QTest::newRow("3 MiB binary") << binary;
    }

    void roundTrip()
    {
        QFETCH(QByteArray, content);
        const QString hash = m_store->put(content);
        QCOMPARE(hash, sha256(content));
        QVERIFY(m_store->contains(hash));
        QCOMPARE(m_store->get(hash), content);
        QVERIFY(m_store->pathFor(hash).endsWith(hash.left(2) + QLatin1Char('/') + hash));
        m_store->verify(hash);
    }

    void putFileStreamsAndMatchesPut()
    {
        const QByteArray content(5 * 1024 * 1024 + 3, 'x');
        const QString source = m_dir->filePath(QStringLiteral("source.bin"));
        QFile file(source);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();

        const QString hash = m_store->putFile(source);
        QCOMPARE(hash, sha256(content));
        QCOMPARE(m_store->get(hash), content);
        // The temporary copy is gone; only the artifact remains.
        QCOMPARE(QDir(m_store->root() + QStringLiteral("/tmp")).entryList(QDir::Files).size(), 0);
        QCOMPARE(m_store->putFile(source), hash);
        QCOMPARE(m_store->stats().count, qint64(1));
        QCOMPARE(m_store->stats().bytes, qint64(content.size()));
    }

    void sameContentIsStoredOnce()
    {
        const QString a = m_store->put("same");
        const QString b = m_store->put("same");
        QCOMPARE(a, b);
        m_store->put("other");
        QCOMPARE(m_store->stats().count, qint64(2));
    }

    void corruptionIsDetected()
    {
        const QString hash = m_store->put("precious weights");
        QFile file(m_store->pathFor(hash));
        QVERIFY(file.open(QIODevice::ReadWrite));
        file.seek(3);
        file.write("X");
        file.close();
        try {
            m_store->get(hash);
            QFAIL("corrupt artifact was returned");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::Corrupt);
            QVERIFY(error.message().contains(hash));
        }
        QVERIFY_THROWS_EXCEPTION(Error, m_store->verify(hash));
    }

    void truncationIsDetected()
    {
        const QString hash = m_store->put("a longer piece of content");
        QFile file(m_store->pathFor(hash));
        QVERIFY(file.resize(4));
        QVERIFY_THROWS_EXCEPTION(Error, m_store->get(hash));
    }

    void missingArtifactIsNotFound()
    {
        const QString hash = sha256("never stored");
        QVERIFY(!m_store->contains(hash));
        try {
            m_store->get(hash);
            QFAIL("missing artifact was returned");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::NotFound);
        }
    }

    void badHashesAreRejected_data()
    {
        QTest::addColumn<QString>("hash");
        QTest::newRow("empty") << QString();
        QTest::newRow("short") << QStringLiteral("abc");
        QTest::newRow("upper case") << sha256("x").toUpper();
        QTest::newRow("path traversal") << QStringLiteral("../../../../etc/passwd").leftJustified(64, QLatin1Char('a'));
    }

    void badHashesAreRejected()
    {
        QFETCH(QString, hash);
        QVERIFY(!ArtifactStore::isValidHash(hash));
        QVERIFY(!m_store->contains(hash));
        try {
            m_store->pathFor(hash);
            QFAIL("bad hash accepted");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::InvalidArgument);
        }
    }

    void unreadableSourceIsAnIoError()
    {
        try {
            m_store->putFile(m_dir->filePath(QStringLiteral("does-not-exist")));
            QFAIL("missing source accepted");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::Io);
            QVERIFY(error.message().contains(QLatin1String("does-not-exist")));
        }
        QCOMPARE(m_store->stats().count, qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestArtifactStore)
#include "TestArtifactStore.moc"
