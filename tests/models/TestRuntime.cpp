#include "Runtime.h"

#include <QtTest>

using namespace mb::models;

class TestRuntime : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void threadsAreSetOnPurpose()
    {
        setComputeThreads(1);
        QCOMPARE(computeThreads(), 1);
        setComputeThreads(2);
        QCOMPARE(computeThreads(), 2);
        setComputeThreads(0);  // clamped: never zero threads
        QCOMPARE(computeThreads(), 1);
    }

    void versionsAreReported()
    {
        QVERIFY(QString::fromStdString(libtorchVersion()).startsWith(QLatin1String("1.")));
        QVERIFY(QString::fromStdString(opencvVersion()).startsWith(QLatin1String("4.")));
    }
};

QTEST_GUILESS_MAIN(TestRuntime)
#include "TestRuntime.moc"
