#include "Error.h"
#include "HttpServer.h"
#include "Metrics.h"
#include "Router.h"
#include "ServeTestSupport.h"
#include "Workspace.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <mutex>
#include <thread>

using namespace mb;
using namespace mb::serve;
using namespace serve_test;

namespace {

int threadCount()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("Threads:"))
            return line.mid(8).trimmed().toInt();
    }
    return -1;
}

int openFiles()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System).size());
}

QByteArray getRequest(const QByteArray& path, const QByteArray& extra = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

}  // namespace

// The transport: keep-alive, timeouts, limits, concurrency, graceful stop, restarts. Uses
// test routes; the model endpoints have their own test.
class TestHttpServer : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;
    std::unique_ptr<HttpServer> m_server;
    quint16 m_port = 0;
    std::atomic_int m_slowStarted{0};
    std::mutex m_threadsMutex;
    std::vector<std::thread> m_threads;
    std::mutex m_logMutex;
    QList<RequestRecord> m_log;

    QString url(const QString& path) const { return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path); }

    static HttpServerOptions shortTimeouts()
    {
        HttpServerOptions options;
        options.headerTimeoutMs = 400;
        options.bodyTimeoutMs = 400;
        options.idleTimeoutMs = 400;
        return options;
    }

    // Test routes (the server's defaults otherwise: 16 MiB body limit, 10 s / 30 s / 5 s
    // timeouts): /test/slow?ms=N answers after N ms from another thread (as a worker
    // would); /test/echo answers the body's size.
    void addTestRoutes(HttpServer& server)
    {
        server.router().addAsync("GET", QStringLiteral("/test/slow"), [this](const HttpRequest& request, const Responder& respond) {
            const int ms = request.queryValue(QStringLiteral("ms"), QStringLiteral("100")).toInt();
            ++m_slowStarted;
            std::lock_guard lock(m_threadsMutex);
            m_threads.emplace_back([respond, ms] {
                std::this_thread::sleep_for(std::chrono::milliseconds(ms));
                respond.defer([ms] { return HttpResponse::json(QJsonObject{{QStringLiteral("slept"), ms}}); });
            });
        });
        server.router().add("POST", QStringLiteral("/test/echo"), [](const HttpRequest& request) {
            return HttpResponse::json(QJsonObject{{QStringLiteral("bytes"), request.body.size()}});
        });
    }

    void startServer(HttpServerOptions options)
    {
        options.requestLog = [this](const RequestRecord& record) {
            std::lock_guard lock(m_logMutex);
            m_log << record;
        };
        m_server = std::make_unique<HttpServer>(m_workspace, options);
        addTestRoutes(*m_server);
        m_port = m_server->start();
        QVERIFY(m_port > 0);
    }

    void joinThreads()
    {
        std::vector<std::thread> threads;
        {
            std::lock_guard lock(m_threadsMutex);
            threads.swap(m_threads);
        }
        for (std::thread& thread : threads)
            thread.join();
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
        m_slowStarted = 0;
        m_log.clear();
        startServer(HttpServerOptions());
    }

    void cleanup()
    {
        m_server.reset();
        joinThreads();
        m_workspace.reset();
        m_dir.reset();
    }

    void answersHealth()
    {
        QNetworkAccessManager manager;
        const Reply live = get(manager, url(QStringLiteral("/health/live")));
        QCOMPARE(live.status, 200);
        QCOMPARE(live.json().value(QStringLiteral("status")).toString(), QStringLiteral("live"));
        QVERIFY(live.contentType.startsWith("application/json"));
        const Reply ready = get(manager, url(QStringLiteral("/health/ready")));
        QCOMPARE(ready.status, 200);
        QCOMPARE(ready.json().value(QStringLiteral("status")).toString(), QStringLiteral("ready"));
        QCOMPARE(ready.json().value(QStringLiteral("models")).toInt(), 0);
        const Reply missing = get(manager, url(QStringLiteral("/nothing/here")));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.errorCode(), QStringLiteral("not_found"));
    }

    void logsEachRequestWithoutQuery()
    {
        QNetworkAccessManager manager;
        QCOMPARE(get(manager, url(QStringLiteral("/health/live?token=secret"))).status, 200);
        QCOMPARE(post(manager, url(QStringLiteral("/test/echo")), "private body").status, 200);
        std::lock_guard lock(m_logMutex);
        QCOMPARE(m_log.size(), 2);
        QCOMPARE(m_log.at(0).method, QByteArray("GET"));
        QCOMPARE(m_log.at(0).path, QStringLiteral("/health/live"));
        QCOMPARE(m_log.at(0).route, QStringLiteral("/health/live"));
        QCOMPARE(m_log.at(0).status, 200);
        QVERIFY(m_log.at(0).seconds >= 0 && m_log.at(0).seconds < 5);
        QCOMPARE(m_log.at(1).path, QStringLiteral("/test/echo"));
    }

    void keepsConnectionsAlive()
    {
        m_server.reset();
        startServer(shortTimeouts());
        // Two pipelined requests on one connection: both answered, and it stays open.
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        QVERIFY(socket.waitForConnected(5000));
        socket.write(getRequest("/health/live") + getRequest("/health/ready"));
        QByteArray received;
        QElapsedTimer timer;
        timer.start();
        while (received.count("HTTP/1.1 200") < 2 && timer.elapsed() < 5000) {
            socket.waitForReadyRead(100);
            received += socket.readAll();
        }
        QCOMPARE(int(received.count("HTTP/1.1 200")), 2);
        QVERIFY(received.toLower().contains("keep-alive") || !received.toLower().contains("connection: close"));
        socket.waitForReadyRead(150);
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        // A third request on the same connection still works.
        socket.write(getRequest("/health/live"));
        received.clear();
        timer.restart();
        while (!received.contains("\r\n\r\n") && timer.elapsed() < 5000) {
            socket.waitForReadyRead(100);
            received += socket.readAll();
        }
        QCOMPARE(statusOf(received), 200);
        // Then, idle past the idle timeout, the server closes it.
        timer.restart();
        while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 3000)
            socket.waitForReadyRead(50);
        QCOMPARE(socket.state(), QAbstractSocket::UnconnectedState);
        QVERIFY2(timer.elapsed() < 1500, qPrintable(QString::number(timer.elapsed())));
    }

    void closesHalfSentRequestAfterTimeout()
    {
        m_server.reset();
        startServer(shortTimeouts());
        // Half a request (no blank line ending the headers), then silence.
        const RawExchange exchange = rawExchange(m_port, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n", 5000);
        QVERIFY(exchange.closed);
        QVERIFY(exchange.received.isEmpty());
        QVERIFY2(exchange.elapsedMs >= 300 && exchange.elapsedMs < 2000, qPrintable(QString::number(exchange.elapsedMs)));
        // A slow body is cut the same way.
        const RawExchange body = rawExchange(m_port, "POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789", 5000);
        QVERIFY(body.closed);
        QVERIFY2(body.elapsedMs < 2000, qPrintable(QString::number(body.elapsedMs)));
        // A connection that never sends anything too.
        const RawExchange silent = rawExchange(m_port, QByteArray(), 5000);
        QVERIFY(silent.closed);
        QVERIFY2(silent.elapsedMs < 2000, qPrintable(QString::number(silent.elapsedMs)));
        QNetworkAccessManager manager;
        QCOMPARE(get(manager, url(QStringLiteral("/health/live"))).status, 200);
    }

    void refusesLargeBodyWith413()
    {
        QNetworkAccessManager manager;
        const QByteArray big(20 * 1024 * 1024, 'x');
        const Reply tooBig = post(manager, url(QStringLiteral("/test/echo")), big);
        QCOMPARE(tooBig.status, 413);
        QCOMPARE(tooBig.errorCode(), QStringLiteral("payload_too_large"));
        QVERIFY(tooBig.errorMessage().contains(QLatin1String("16777216")));
        // Just under the limit passes.
        const Reply fits = post(manager, url(QStringLiteral("/test/echo")), QByteArray(16 * 1024 * 1024, 'y'));
        QCOMPARE(fits.status, 200);
        QCOMPARE(fits.json().value(QStringLiteral("bytes")).toInteger(), 16 * 1024 * 1024);
        // With Expect: 100-continue the refusal comes before the body is sent.
        const RawExchange expect = rawExchange(m_port, "POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 20971520\r\nExpect: 100-continue\r\n\r\n", 5000);
        QCOMPARE(statusOf(expect.received), 413);
        QVERIFY(expect.closed);
        // A small body with Expect: 100-continue gets the interim answer, then the real one.
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        QVERIFY(socket.waitForConnected(5000));
        socket.write("POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        QVERIFY(socket.waitForReadyRead(5000));
        QCOMPARE(statusOf(socket.readAll()), 100);
        socket.write("hello");
        QByteArray answer;
        while (!answer.contains("}") && socket.waitForReadyRead(5000))
            answer += socket.readAll();
        QCOMPARE(statusOf(answer), 200);
        QVERIFY(answer.contains("\"bytes\":5"));
        // Chunked bodies are held to the limit as well.
        QByteArray chunked = "POST /test/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
        const QByteArray chunk(1024 * 1024, 'z');
        for (int i = 0; i < 18; ++i)
            chunked += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
        chunked += "0\r\n\r\n";
        QCOMPARE(statusOf(rawExchange(m_port, chunked, 10000).received), 413);
        QCOMPARE(get(manager, url(QStringLiteral("/health/live"))).status, 200);
    }

    void refusesBadRequests()
    {
        const RawExchange header = rawExchange(m_port, getRequest("/health/live", "X-Big: " + QByteArray(20 * 1024, 'h') + "\r\n"), 5000);
        QCOMPARE(statusOf(header.received), 431);
        QVERIFY(header.received.contains("header_too_large"));
        const RawExchange garbage = rawExchange(m_port, "THIS IS NOT HTTP\r\n\r\n", 5000);
        QCOMPARE(statusOf(garbage.received), 400);
        QVERIFY(garbage.received.contains("\"bad_request\""));
        QVERIFY(garbage.closed);
        const RawExchange wrongMethod = rawExchange(m_port, "POST /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 5000);
        QCOMPARE(statusOf(wrongMethod.received), 405);
        QVERIFY(wrongMethod.received.contains("Allow: GET"));
        QNetworkAccessManager manager;
        QCOMPARE(get(manager, url(QStringLiteral("/health/live"))).status, 200);
    }

    void answers64ConcurrentClients()
    {
        const int clients = 64;
        std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
        QList<QNetworkReply*> replies;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < clients; ++i) {
            managers.push_back(std::make_unique<QNetworkAccessManager>());
            replies << managers.back()->get(request(url(QStringLiteral("/test/slow?ms=200"))));
        }
        int ok = 0;
        for (QNetworkReply* reply : std::as_const(replies))
            ok += finish(reply).status == 200 ? 1 : 0;
        QCOMPARE(ok, clients);
        // They were served side by side, not one after another.
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(m_slowStarted.load(), clients);
        QCOMPARE(m_server->metrics().value("modelbench_http_requests_total", {QStringLiteral("/test/slow"), QStringLiteral("GET"), QStringLiteral("200")}),
                 double(clients));
    }

    void refusesConnectionsOverTheLimit()
    {
        m_server.reset();
        HttpServerOptions options;
        options.maxConnections = 4;
        startServer(options);
        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < 4; ++i) {
            held.push_back(std::make_unique<QTcpSocket>());
            held.back()->connectToHost(QStringLiteral("127.0.0.1"), m_port);
            QVERIFY(held.back()->waitForConnected(5000));
        }
        QTest::qWait(100);
        const RawExchange refused = rawExchange(m_port, getRequest("/health/live"), 5000);
        QCOMPARE(statusOf(refused.received), 503);
        QVERIFY(refused.received.contains("\"unavailable\""));
        QVERIFY(refused.closed);
        held.clear();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rawExchange(m_port, getRequest("/health/live", "Connection: close\r\n"), 5000).received), 200, 5000);
    }

    void stopAnswersInFlightRequests()
    {
        QNetworkAccessManager manager;
        QNetworkReply* reply = manager.get(request(url(QStringLiteral("/test/slow?ms=300"))));
        QTRY_COMPARE_WITH_TIMEOUT(m_slowStarted.load(), 1, 5000);
        QElapsedTimer timer;
        timer.start();
        m_server->stop();
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(!m_server->isRunning());
        const Reply answered = finish(reply);
        QCOMPARE(answered.status, 200);
        QCOMPARE(answered.json().value(QStringLiteral("slept")).toInt(), 300);
        // Stopped means closed.
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        QVERIFY(!socket.waitForConnected(1000));
    }

    void stopCutsRequestsThatTakeTooLong()
    {
        QNetworkAccessManager manager;
        QNetworkReply* reply = manager.get(request(url(QStringLiteral("/test/slow?ms=3000"))));
        QTRY_COMPARE_WITH_TIMEOUT(m_slowStarted.load(), 1, 5000);
        QElapsedTimer timer;
        timer.start();
        m_server->stop();
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(finish(reply).status, 0);
    }

    void startsAndStopsManyTimes()
    {
        m_server->stop();
        m_server->start();  // warm up: the first run creates Qt's and the system's lazily made threads
        QCOMPARE(statusOf(rawExchange(m_server->port(), getRequest("/health/ready", "Connection: close\r\n"), 5000).received), 200);
        m_server->stop();
        const int threadsBefore = threadCount();
        const int filesBefore = openFiles();
        for (int i = 0; i < 20; ++i) {
            const quint16 port = m_server->start();
            QVERIFY(m_server->isRunning());
            QCOMPARE(m_server->url(), QStringLiteral("http://127.0.0.1:%1").arg(port));
            QTcpSocket idle;  // a kept-alive client that is still connected at stop
            idle.connectToHost(QStringLiteral("127.0.0.1"), port);
            QVERIFY(idle.waitForConnected(5000));
            QCOMPARE(statusOf(rawExchange(port, getRequest("/health/ready", "Connection: close\r\n"), 5000).received), 200);
            QElapsedTimer timer;
            timer.start();
            m_server->stop();
            QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
            QCOMPARE(m_server->port(), quint16(0));
        }
        QTRY_COMPARE_WITH_TIMEOUT(threadCount(), threadsBefore, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(openFiles() <= filesBefore, 2000);
    }

    void refusesNonLoopbackWithoutAuth()
    {
        m_server->stop();
        HttpServerOptions options;
        options.host = QStringLiteral("0.0.0.0");
        HttpServer open(m_workspace, options);
        try {
            open.start();
            QFAIL("started on 0.0.0.0 without auth");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::InvalidArgument);
            QVERIFY2(error.message().contains(QLatin1String("authentication")), qPrintable(error.message()));
        }
        options.authRequired = true;
        HttpServer guarded(m_workspace, options);
        QVERIFY(guarded.start() > 0);
        guarded.stop();
        options.host = QStringLiteral("not an address");
        HttpServer bad(m_workspace, options);
        QVERIFY_THROWS_EXCEPTION(Error, bad.start());
        options.host = QStringLiteral("localhost");
        options.authRequired = false;
        HttpServer local(m_workspace, options);
        QVERIFY(local.start() > 0);
    }

    void reportsPortInUse()
    {
        HttpServerOptions options;
        options.port = m_port;
        HttpServer second(m_workspace, options);
        try {
            second.start();
            QFAIL("bound a port in use");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::Io);
            QVERIFY2(error.message().contains(QString::number(m_port)), qPrintable(error.message()));
        }
        QVERIFY_THROWS_EXCEPTION(Error, m_server->start());  // already running
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "TestHttpServer.moc"
