#include "BundleFile.h"
#include "Error.h"

#include <QtTest>

using namespace mb;

class TestBundleFile : public QObject {
    Q_OBJECT

private:
    static QByteArray sample()
    {
        BundleFile file;
        file.header = QJsonObject{{QStringLiteral("model_type"), QStringLiteral("mlp")}, {QStringLiteral("labels"), 3}};
        file.payload = QByteArray(1000, 'w');
        return file.write();
    }

    static void expectCorrupt(const QByteArray& bytes, const QString& message)
    {
        try {
            BundleFile::read(bytes, QStringLiteral("m.mbundle"));
            QFAIL("damaged bundle accepted");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::Corrupt);
            QVERIFY2(error.message().startsWith(QLatin1String("m.mbundle: ")), qPrintable(error.message()));
            QVERIFY2(error.message().contains(message), qPrintable(error.message()));
        }
    }

private Q_SLOTS:
    void roundTrip()
    {
        const BundleFile read = BundleFile::read(sample());
        QCOMPARE(read.header.value(QStringLiteral("model_type")).toString(), QStringLiteral("mlp"));
        QCOMPARE(read.payload, QByteArray(1000, 'w'));
    }

    void everyTruncationIsRefused()
    {
        const QByteArray bytes = sample();
        for (qsizetype length = 0; length < bytes.size(); length += 7)
            QVERIFY_THROWS_EXCEPTION(Error, BundleFile::read(bytes.left(length)));
    }

    void everyFlippedByteIsRefused()
    {
        const QByteArray bytes = sample();
        for (qsizetype i = 0; i < bytes.size(); i += 13) {
            QByteArray damaged = bytes;
            damaged[i] = char(damaged[i] ^ 0x20);
            QVERIFY_THROWS_EXCEPTION(Error, BundleFile::read(damaged));
        }
    }

    void clearMessages()
    {
        expectCorrupt(QByteArray("PK\x03\x04 a zip file, not a bundle"), QStringLiteral("not a Modelbench model bundle"));
        expectCorrupt(sample().left(100), QStringLiteral("truncated"));
        QByteArray flipped = sample();
        flipped[flipped.size() - 40] = 'x';
        expectCorrupt(flipped, QStringLiteral("checksum does not match"));
        QByteArray newer = sample();
        newer[8] = 9;
        expectCorrupt(newer, QStringLiteral("bundle format 9 is newer"));
        expectCorrupt(sample() + "tail", QStringLiteral("trailing bytes"));
    }
};

QTEST_GUILESS_MAIN(TestBundleFile)
#include "TestBundleFile.moc"
