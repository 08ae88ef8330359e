#include "LoginThrottle.h"

#include <QtTest>

using namespace mb::serve;
using namespace std::chrono_literals;

// The failed-login limits on a clock the test moves by hand.
class TestLoginThrottle : public QObject {
    Q_OBJECT

private:
    LoginThrottle::Clock::time_point m_now{};
    std::unique_ptr<LoginThrottle> m_throttle;

    void fail(const QString& user, const QString& address, int times = 1)
    {
        for (int i = 0; i < times; ++i)
            QCOMPARE(m_throttle->admit(user, address), 0);
    }

private Q_SLOTS:
    void init()
    {
        m_now = LoginThrottle::Clock::time_point(1000h);
        m_throttle = std::make_unique<LoginThrottle>(LoginThrottle::Options{5, 60s}, [this] { return m_now; });
    }

    void refusesTheSixthFailureWithinAMinute()
    {
        fail(QStringLiteral("alice"), QStringLiteral("10.0.0.1"), 5);
        QCOMPARE(m_throttle->admit(QStringLiteral("alice"), QStringLiteral("10.0.0.1")), 60);
        m_now += 20s;
        QCOMPARE(m_throttle->admit(QStringLiteral("alice"), QStringLiteral("10.0.0.1")), 40);
        m_now += 40s;  // the first failure leaves the window
        QCOMPARE(m_throttle->admit(QStringLiteral("alice"), QStringLiteral("10.0.0.1")), 0);
    }

    void slidesTheWindow()
    {
        fail(QStringLiteral("alice"), QStringLiteral("10.0.0.1"), 3);
        m_now += 30s;
        fail(QStringLiteral("alice"), QStringLiteral("10.0.0.1"), 2);
        QCOMPARE(m_throttle->admit(QStringLiteral("alice"), QStringLiteral("10.0.0.1")), 30);
        m_now += 30s;  // the first three expire together
        fail(QStringLiteral("alice"), QStringLiteral("10.0.0.1"), 3);
        QCOMPARE(m_throttle->admit(QStringLiteral("alice"), QStringLiteral("10.0.0.1")), 30);
    }

    void limitsOneAddressAcrossUsers()
    {
        for (int i = 0; i < 5; ++i)
            fail(QStringLiteral("user%1").arg(i), QStringLiteral("10.0.0.1"));
        QVERIFY(m_throttle->admit(QStringLiteral("someone-else"), QStringLiteral("10.0.0.1")) > 0);
        QCOMPARE(m_throttle->admit(QStringLiteral("someone-else"), QStringLiteral("10.0.0.2")), 0);
    }

    void limitsOneUserAcrossAddresses()
    {
        for (int i = 0; i < 5; ++i)
            fail(QStringLiteral("alice"), QStringLiteral("10.0.0.%1").arg(i));
        QVERIFY(m_throttle->admit(QStringLiteral("ALICE"), QStringLiteral("10.0.0.99")) > 0);  // names ignore case
        QCOMPARE(m_throttle->admit(QStringLiteral("bob"), QStringLiteral("10.0.0.99")), 0);
    }

    void successesDoNotCount()
    {
        for (int i = 0; i < 20; ++i) {
            QCOMPARE(m_throttle->admit(QStringLiteral("alice"), QStringLiteral("10.0.0.1")), 0);
            m_throttle->succeeded(QStringLiteral("alice"), QStringLiteral("10.0.0.1"));
        }
        fail(QStringLiteral("alice"), QStringLiteral("10.0.0.1"), 5);
        QVERIFY(m_throttle->admit(QStringLiteral("alice"), QStringLiteral("10.0.0.1")) > 0);
    }

    void refusedAttemptsDoNotExtendTheWait()
    {
        fail(QStringLiteral("alice"), QStringLiteral("10.0.0.1"), 5);
        for (int i = 0; i < 10; ++i)
            QVERIFY(m_throttle->admit(QStringLiteral("alice"), QStringLiteral("10.0.0.1")) > 0);
        m_now += 60s;
        QCOMPARE(m_throttle->admit(QStringLiteral("alice"), QStringLiteral("10.0.0.1")), 0);
    }

    void forgetsManyStaleKeys()
    {
        // Guesses under many names and addresses grow the table; once past its sweep
        // threshold, expired keys are dropped and live failures kept.
        for (int i = 0; i < 5000; ++i)
            m_throttle->admit(QStringLiteral("name%1").arg(i), QStringLiteral("10.1.%1.%2").arg(i / 256).arg(i % 256));
        m_now += 61s;
        fail(QStringLiteral("alice"), QStringLiteral("10.0.0.1"), 5);
        for (int i = 0; i < 5000; ++i)
            m_throttle->admit(QStringLiteral("other%1").arg(i), QStringLiteral("10.2.%1.%2").arg(i / 256).arg(i % 256));
        QVERIFY(m_throttle->admit(QStringLiteral("alice"), QStringLiteral("10.0.0.99")) > 0);
        QCOMPARE(m_throttle->admit(QStringLiteral("name1"), QStringLiteral("10.1.0.1")), 0);
    }
};

QTEST_GUILESS_MAIN(TestLoginThrottle)
#include "TestLoginThrottle.moc"
