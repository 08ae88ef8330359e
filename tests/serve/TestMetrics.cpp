#include "Metrics.h"
#include "ServeTestSupport.h"

#include <QtTest>

#include <thread>

using namespace mb::serve;

class TestMetrics : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Metrics> m_metrics;

private Q_SLOTS:
    void init()
    {
        m_metrics = std::make_unique<Metrics>();
        m_metrics->define("requests_total", Metrics::Type::Counter, "Requests.", {"route", "status"});
        m_metrics->define("depth", Metrics::Type::Gauge, "Depth.", {"model"});
        m_metrics->define("latency_seconds", Metrics::Type::Histogram, "Latency.", {"route"}, {0.001, 0.01, 0.1});
        m_metrics->define("up", Metrics::Type::Gauge, "Up.", {});
    }

    void cleanup() { m_metrics.reset(); }

    void writesTheTextFormat()
    {
        m_metrics->increment("requests_total", {QStringLiteral("/a/{name}"), QStringLiteral("200")});
        m_metrics->increment("requests_total", {QStringLiteral("/a/{name}"), QStringLiteral("200")}, 2);
        m_metrics->set("depth", {QStringLiteral("iris")}, 4);
        m_metrics->observe("latency_seconds", {QStringLiteral("/a")}, 0.005);
        m_metrics->observe("latency_seconds", {QStringLiteral("/a")}, 0.5);
        m_metrics->set("up", {}, 1);
        const QByteArray text = m_metrics->exposition();
        QVERIFY2(serve_test::checkExposition(text).isEmpty(), qPrintable(serve_test::checkExposition(text) + QLatin1Char('\n') + QString::fromUtf8(text)));
        QVERIFY(text.contains("# TYPE requests_total counter\n"));
        QVERIFY(text.contains("requests_total{route=\"/a/{name}\",status=\"200\"} 3\n"));
        QVERIFY(text.contains("depth{model=\"iris\"} 4\n"));
        QVERIFY(text.contains("latency_seconds_bucket{route=\"/a\",le=\"0.001\"} 0\n"));
        QVERIFY(text.contains("latency_seconds_bucket{route=\"/a\",le=\"0.01\"} 1\n"));
        QVERIFY(text.contains("latency_seconds_bucket{route=\"/a\",le=\"0.1\"} 1\n"));
        QVERIFY(text.contains("latency_seconds_bucket{route=\"/a\",le=\"+Inf\"} 2\n"));
        QVERIFY(text.contains("latency_seconds_sum{route=\"/a\"} 0.505\n"));
        QVERIFY(text.contains("latency_seconds_count{route=\"/a\"} 2\n"));
        QVERIFY(text.contains("\nup 1\n"));
        QCOMPARE(m_metrics->value("requests_total", {QStringLiteral("/a/{name}"), QStringLiteral("200")}), 3.0);
        QCOMPARE(m_metrics->value("latency_seconds", {QStringLiteral("/a")}), 2.0);
    }

    void escapesLabelValues()
    {
        m_metrics->set("depth", {QStringLiteral("a \"quoted\"\\ name\nnext")}, 1);
        const QByteArray text = m_metrics->exposition();
        QVERIFY(text.contains("depth{model=\"a \\\"quoted\\\"\\\\ name\\nnext\"} 1\n"));
        QVERIFY2(serve_test::checkExposition(text).isEmpty(), qPrintable(serve_test::checkExposition(text)));
    }

    void ignoresUnknownAndMisused()
    {
        m_metrics->increment("nope_total", {});
        m_metrics->increment("requests_total", {QStringLiteral("only one label")});
        m_metrics->observe("depth", {QStringLiteral("x")}, 1);  // not a histogram
        m_metrics->increment("requests_total", {QStringLiteral("/a"), QStringLiteral("200")}, -1);  // counters only go up
        QVERIFY(!m_metrics->exposition().contains("nope_total"));
        QCOMPARE(m_metrics->value("requests_total", {QStringLiteral("/a"), QStringLiteral("200")}), 0.0);
    }

    void clearDropsSamples()
    {
        m_metrics->set("depth", {QStringLiteral("iris")}, 4);
        m_metrics->clear("depth");
        QVERIFY(!m_metrics->exposition().contains("depth{"));
        QVERIFY(m_metrics->exposition().contains("# TYPE depth gauge"));
    }

    void countsFromManyThreads()
    {
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([this] {
                for (int i = 0; i < 10000; ++i) {
                    m_metrics->increment("requests_total", {QStringLiteral("/a"), QStringLiteral("200")});
                    m_metrics->observe("latency_seconds", {QStringLiteral("/a")}, 0.002);
                }
            });
        }
        for (std::thread& thread : threads)
            thread.join();
        QCOMPARE(m_metrics->value("requests_total", {QStringLiteral("/a"), QStringLiteral("200")}), 40000.0);
        QCOMPARE(m_metrics->value("latency_seconds", {QStringLiteral("/a")}), 40000.0);
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "TestMetrics.moc"
