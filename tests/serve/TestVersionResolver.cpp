#include "ModelRegistry.h"
#include "ServedWorkspace.h"
#include "VersionResolver.h"

#include <QtTest>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

using namespace mb;
using namespace mb::serve;
using namespace serve_test;

// The request path's version cache: whoever moves an alias (this connection, another
// connection of the process, another thread), the very next resolve() sees it.
class TestVersionResolver : public QObject {
    Q_OBJECT

private:
    ServedWorkspace m_served;
    const std::shared_ptr<Workspace>& m_workspace = m_served.workspace();

    void setProduction(const Workspace& workspace, int version)
    {
        ModelRegistry(workspace).setAlias(QStringLiteral("blobs@%1").arg(version), QStringLiteral("production"), QStringLiteral("test"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(m_served.trainBlobs().version.version, 1);
        QCOMPARE(train(*m_workspace, QStringLiteral("blobs"), {QStringLiteral("epochs=2"), QStringLiteral("seed=1")}).version.version, 2);
    }

    void init() { setProduction(*m_workspace, 1); }

    void seesAliasMovesOnItsOwnConnection()
    {
        VersionResolver resolver(m_workspace);
        QCOMPARE(resolver.resolve(QStringLiteral("blobs")).version, 1);
        QCOMPARE(resolver.resolve(QStringLiteral("blobs")).version, 1);
        setProduction(*m_workspace, 2);  // this thread's connection: total_changes() moves
        QCOMPARE(resolver.resolve(QStringLiteral("blobs")).version, 2);
        QCOMPARE(resolver.resolve(QStringLiteral("blobs@production")).version, 2);
        QCOMPARE(resolver.resolve(QStringLiteral("blobs@1")).version, 1);
        resolver.forgetThisThread();
    }

    void seesAliasMovesFromAnotherConnection()
    {
        VersionResolver resolver(m_workspace);
        QCOMPARE(resolver.resolve(QStringLiteral("blobs")).version, 1);
        const std::shared_ptr<Workspace> other = Workspace::open(m_served.filePath(QStringLiteral("ws")));
        setProduction(*other, 2);  // another connection: data_version moves
        QCOMPARE(resolver.resolve(QStringLiteral("blobs")).version, 2);
        setProduction(*other, 1);
        QCOMPARE(resolver.resolve(QStringLiteral("blobs")).version, 1);
        resolver.forgetThisThread();
    }

    void seesAliasMovesFromAnotherThread()
    {
        VersionResolver resolver(m_workspace);
        QCOMPARE(resolver.resolve(QStringLiteral("blobs")).version, 1);
        std::thread mover([this] {
            setProduction(*m_workspace, 2);
            m_workspace->releaseThreadConnection();
        });
        mover.join();
        QCOMPARE(resolver.resolve(QStringLiteral("blobs")).version, 2);

        // And a thread with its own cache sees a move made here.
        std::atomic_int seenBefore{0};
        int seenAfter = 0;
        bool moved = false;
        std::mutex mutex;
        std::condition_variable changed;
        std::thread reader([&] {
            seenBefore = resolver.resolve(QStringLiteral("blobs")).version;
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return moved; });
            }
            seenAfter = resolver.resolve(QStringLiteral("blobs")).version;
            resolver.forgetThisThread();
            m_workspace->releaseThreadConnection();
        });
        // The reader's first answer must come from before the move.
        QTRY_VERIFY(seenBefore != 0);
        setProduction(*m_workspace, 1);
        {
            std::lock_guard lock(mutex);
            moved = true;
        }
        changed.notify_all();
        reader.join();
        QCOMPARE(seenBefore.load(), 2);
        QCOMPARE(seenAfter, 1);
        resolver.forgetThisThread();
    }

    void failuresAreNotCached()
    {
        VersionResolver resolver(m_workspace);
        QVERIFY_THROWS_EXCEPTION(Error, resolver.resolve(QStringLiteral("blobs@staging")));
        ModelRegistry(*m_workspace).setAlias(QStringLiteral("blobs@2"), QStringLiteral("staging"), QStringLiteral("test"));
        QCOMPARE(resolver.resolve(QStringLiteral("blobs@staging")).version, 2);
        ModelRegistry(*m_workspace).removeAlias(QStringLiteral("blobs"), QStringLiteral("staging"), QStringLiteral("test"));
        try {
            resolver.resolve(QStringLiteral("blobs@staging"));
            QFAIL("a removed alias resolved");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::NotFound);
        }
        resolver.forgetThisThread();
    }

    void startsAgainAfterForgettingAThread()
    {
        VersionResolver resolver(m_workspace);
        QCOMPARE(resolver.resolve(QStringLiteral("blobs")).version, 1);
        resolver.forgetThisThread();
        setProduction(*m_workspace, 2);
        QCOMPARE(resolver.resolve(QStringLiteral("blobs")).version, 2);
        resolver.clear();
        QCOMPARE(resolver.resolve(QStringLiteral("blobs")).version, 2);
        resolver.forgetThisThread();
    }
};

QTEST_GUILESS_MAIN(TestVersionResolver)
#include "TestVersionResolver.moc"
