#include "Sha256.h"

#include <QCryptographicHash>
#include <QtTest>

#include <random>

using namespace mb;

class TestSha256 : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void knownVectors()
    {
        // FIPS 180-2 examples.
        QCOMPARE(Sha256::hex(""), QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(Sha256::hex("abc"), QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(Sha256::hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                 QStringLiteral("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
    }

    void matchesQtAtEveryLengthAndInPieces()
    {
        std::mt19937 rng(5);
        for (int size : {1, 55, 56, 63, 64, 65, 1000, 1 << 20}) {
            QByteArray data(size, Qt::Uninitialized);
            for (char& c : data)
                c = char(rng());
            const QByteArray expected = QCryptographicHash::hash(data, QCryptographicHash::Sha256);
            QCOMPARE(Sha256::digest(data), expected);
            // Fed in uneven pieces, the digest is the same.
            Sha256 pieces;
            for (qsizetype at = 0; at < data.size(); at += 37)
                pieces.add(QByteArrayView(data).sliced(at, std::min<qsizetype>(37, data.size() - at)));
            QCOMPARE(pieces.result(), expected);
        }
    }
};

QTEST_GUILESS_MAIN(TestSha256)
#include "TestSha256.moc"
