#include "HttpServer.h"

#include "AuthEndpoints.h"
#include "AuthMiddleware.h"
#include "ConnectionHost.h"
#include "HttpConnection.h"
#include "InferenceService.h"
#include "JobEndpoints.h"
#include "LoginThrottle.h"
#include "ManagementEndpoints.h"
#include "Metrics.h"
#include "MlflowEndpoints.h"
#include "ModelEndpoints.h"
#include "ModelRegistry.h"
#include "OipEndpoints.h"
#include "OpenApiEndpoints.h"
#include "Router.h"
#include "SystemEndpoints.h"
#include "VersionResolver.h"
#include "Workspace.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <QJsonObject>
#include <QtGlobal>

#include <condition_variable>
#include <future>
#include <optional>
#include <thread>
#include <unordered_map>

namespace mb::serve {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

using Clock = std::chrono::steady_clock;

const int kMaxOverflowConnections = 64;  // refused connections being answered 503 at once

// What the server and its connections share: options, routes, metrics, the inference path
// and the live connections. Outlives the HttpServer while a connection still holds it.
class ServerState : public ConnectionHost {
public:
    ServerState(std::shared_ptr<const Workspace> workspace, HttpServerOptions serverOptions)
        : workspace(std::move(workspace)), settings(std::move(serverOptions)),
          inference(this->workspace, settings.batching, settings.modelCacheSize), resolver(this->workspace)
    {
        defineMetrics();
        inference.setBatchObserver([this](const ModelVersionInfo& version, int batchSize, double seconds) {
            const QStringList labels{version.model, QString::number(version.version)};
            metrics.observe("modelbench_inference_duration_seconds", labels, seconds);
            metrics.observe("modelbench_batch_size", labels, batchSize);
        });
        // First in the chain, so no other middleware runs for a request that may not be served.
        router.use(AuthMiddleware::create(this->workspace, [this] { return settings.authRequired; }));
        SystemEndpoints::addRoutes(router, [this] { return readiness(); }, [this] { return scrape(); });
        AuthEndpoints::addRoutes(router, this->workspace, loginThrottle);
        ModelEndpoints::addRoutes(router, this->workspace, inference, resolver);
        MlflowEndpoints::addRoutes(router, this->workspace, inference, resolver, settings, [this] { return readiness(); });
        OipEndpoints::addRoutes(router, this->workspace, inference, resolver, [this] { return readiness(); });
        OpenApiEndpoints::addRoutes(router, this->workspace, settings);
        ManagementEndpoints::addRoutes(router, this->workspace);
        JobEndpoints::addRoutes(router, this->workspace, [this] { return jobManager.load(); });
    }

    const HttpServerOptions& options() const override { return settings; }

    void handle(HttpRequest& request, const Responder& respond) override { router.dispatch(request, respond); }

    void complete(const HttpRequest& request, HttpResponse& response) override { router.complete(request, response); }

    void record(const RequestRecord& record, const HttpResponse& response) override
    {
        metrics.increment("modelbench_http_requests_total", {record.route, QString::fromLatin1(record.method), QString::number(record.status)});
        metrics.observe("modelbench_http_request_duration_seconds", {record.route}, record.seconds);
        if (record.status >= 400)
            metrics.increment("modelbench_errors_total", {response.errorCode.isEmpty() ? QStringLiteral("http_%1").arg(record.status) : response.errorCode});
        if (settings.requestLog) {
            try {
                settings.requestLog(record);
            } catch (...) {
                // A failing log must not fail the request.
            }
        }
    }

    void connectionClosed(quint64 id, bool overflow) override
    {
        {
            std::lock_guard lock(mutex);
            connections.erase(id);
            --(overflow ? overflowCount : activeCount);
        }
        changed.notify_all();
    }

    std::vector<std::shared_ptr<HttpConnection>> liveConnections()
    {
        std::vector<std::shared_ptr<HttpConnection>> live;
        std::lock_guard lock(mutex);
        for (const auto& [id, weak] : connections) {
            if (auto connection = weak.lock())
                live.push_back(std::move(connection));
        }
        return live;
    }

    // Waits until no connection is left or `deadline` passes; true when none is left.
    bool waitForConnections(Clock::time_point deadline)
    {
        std::unique_lock lock(mutex);
        return changed.wait_until(lock, deadline, [this] { return activeCount + overflowCount == 0; });
    }

    HttpResponse readiness() const
    {
        if (stopping)
            return HttpResponse::json(QJsonObject{{QStringLiteral("status"), QStringLiteral("stopping")}}, 503);
        try {
            const int models = int(ModelRegistry(*workspace).list().size());
            return HttpResponse::json(QJsonObject{{QStringLiteral("status"), QStringLiteral("ready")}, {QStringLiteral("models"), models}});
        } catch (const Error& error) {
            return HttpResponse::json(QJsonObject{{QStringLiteral("status"), QStringLiteral("unavailable")}, {QStringLiteral("message"), error.message()}}, 503);
        }
    }

    QByteArray scrape()
    {
        metrics.clear("modelbench_queue_depth");
        const QMap<QString, int> depths = inference.queueDepths();
        for (auto it = depths.cbegin(); it != depths.cend(); ++it)
            metrics.set("modelbench_queue_depth", {it.key()}, it.value());
        metrics.clear("modelbench_model_info");
        for (const ModelVersionInfo& version : inference.cache().loaded())
            metrics.set("modelbench_model_info", {version.model, QString::number(version.version), version.task}, 1);
        {
            std::lock_guard lock(mutex);
            metrics.set("modelbench_http_connections", {}, activeCount);
        }
        return metrics.exposition();
    }

    std::shared_ptr<const Workspace> workspace;
    HttpServerOptions settings;
    Router router;
    Metrics metrics;
    InferenceService inference;
    VersionResolver resolver;
    std::shared_ptr<LoginThrottle> loginThrottle = std::make_shared<LoginThrottle>();
    std::atomic_bool stopping{false};
    std::atomic<JobManager*> jobManager{nullptr};

    std::mutex mutex;
    std::condition_variable changed;
    std::unordered_map<quint64, std::weak_ptr<HttpConnection>> connections;  // guarded by mutex
    int activeCount = 0;                                                     // guarded by mutex
    int overflowCount = 0;                                                   // guarded by mutex
    quint64 nextId = 1;                                                      // guarded by mutex

private:
    void defineMetrics()
    {
        using Type = Metrics::Type;
        metrics.define("modelbench_http_requests_total", Type::Counter, "HTTP requests answered, by route pattern, method and status.",
                       {"route", "method", "status"});
        metrics.define("modelbench_http_request_duration_seconds", Type::Histogram,
                       "Time from a request's first byte to its response being handed to the socket, by route pattern.", {"route"},
                       Metrics::latencyBuckets());
        metrics.define("modelbench_inference_duration_seconds", Type::Histogram, "Duration of one forward pass (one batch), by model and version.",
                       {"model", "version"}, Metrics::latencyBuckets());
        metrics.define("modelbench_batch_size", Type::Histogram, "Instances per forward pass, by model and version.", {"model", "version"},
                       Metrics::sizeBuckets());
        metrics.define("modelbench_queue_depth", Type::Gauge, "Requests waiting in a model's batching queue.", {"model"});
        metrics.define("modelbench_errors_total", Type::Counter, "Error responses, by error code.", {"code"});
        metrics.define("modelbench_model_info", Type::Gauge, "Model versions loaded for serving (always 1).", {"model", "version", "task"});
        metrics.define("modelbench_http_connections", Type::Gauge, "Open client connections.", {});
    }
};

// An IP literal or "localhost"; throws InvalidArgument for anything else.
net::ip::address parseHost(const QString& host)
{
    const QString literal = host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 ? QStringLiteral("127.0.0.1") : host;
    boost::system::error_code ec;
    const net::ip::address address = net::ip::make_address(literal.toStdString(), ec);
    if (ec)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("'%1' is not an IP address to listen on (use 127.0.0.1, ::1 or localhost)").arg(host));
    return address;
}

// The address to bind. Refuses what is not loopback unless authentication is on.
net::ip::address bindAddress(const HttpServerOptions& options)
{
    const QString host = options.host.trimmed();
    const net::ip::address address = parseHost(host);
    if (!address.is_loopback() && !options.authRequired) {
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("refusing to listen on %1: it is not a loopback address, so anyone who can reach this machine could call the API. "
                                   "Turn on authentication to serve beyond this machine, or listen on 127.0.0.1.")
                        .arg(host));
    }
    return address;
}

}  // namespace

struct HttpServer::Impl {
    std::shared_ptr<ServerState> state;
    // One run, from start() to stop().
    std::shared_ptr<net::io_context> io;
    std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
    std::unique_ptr<tcp::acceptor> acceptor;
    std::vector<std::thread> threads;
    quint16 port = 0;
    bool running = false;

    void accept()
    {
        acceptor->async_accept(net::make_strand(*io), [this](boost::system::error_code ec, tcp::socket socket) { onAccept(ec, std::move(socket)); });
    }

    void onAccept(boost::system::error_code ec, tcp::socket socket)
    {
        if (ec == net::error::operation_aborted || !acceptor->is_open() || state->stopping)
            return;
        if (ec) {
            // Out of file descriptors, say: try again shortly rather than spin.
            auto timer = std::make_shared<net::steady_timer>(acceptor->get_executor(), std::chrono::milliseconds(50));
            timer->async_wait([this, timer](boost::system::error_code waited) {
                if (!waited && acceptor->is_open() && !state->stopping)
                    accept();
            });
            return;
        }
        bool overflow = false;
        quint64 id = 0;
        {
            std::lock_guard lock(state->mutex);
            if (state->activeCount >= std::max(1, state->settings.maxConnections)) {
                overflow = true;
                if (state->overflowCount >= kMaxOverflowConnections) {
                    boost::system::error_code ignored;
                    socket.close(ignored);
                    accept();
                    return;
                }
                ++state->overflowCount;
            } else {
                ++state->activeCount;
            }
            id = state->nextId++;
        }
        auto connection = std::make_shared<HttpConnection>(io, std::move(socket), state, id, overflow);
        {
            std::lock_guard lock(state->mutex);
            state->connections.emplace(id, connection);
        }
        connection->start();
        accept();
    }
};

HttpServer::HttpServer(std::shared_ptr<const Workspace> workspace, HttpServerOptions options) : d(std::make_unique<Impl>())
{
    d->state = std::make_shared<ServerState>(std::move(workspace), std::move(options));
}

HttpServer::~HttpServer()
{
    stop();
}

Router& HttpServer::router()
{
    return d->state->router;
}

Metrics& HttpServer::metrics()
{
    return d->state->metrics;
}

InferenceService& HttpServer::inference()
{
    return d->state->inference;
}

const HttpServerOptions& HttpServer::options() const
{
    return d->state->settings;
}

void HttpServer::setOptions(const HttpServerOptions& options)
{
    if (d->running)
        throw Error(ErrorCode::Conflict, QStringLiteral("stop the server before changing its options"));
    d->state->settings = options;
    d->state->inference.setDefaultBatching(options.batching);
    d->state->inference.cache().setCapacity(options.modelCacheSize);
}

void HttpServer::setJobManager(JobManager* jobs)
{
    if (d->running)
        throw Error(ErrorCode::Conflict, QStringLiteral("stop the server before changing its job manager"));
    d->state->jobManager = jobs;
}

quint16 HttpServer::start()
{
    if (d->running)
        throw Error(ErrorCode::Conflict, QStringLiteral("the server is already running on port %1").arg(d->port));
    const HttpServerOptions& options = d->state->settings;
    const net::ip::address address = bindAddress(options);
    const int threads = std::clamp(options.ioThreads, 1, 64);

    auto io = std::make_shared<net::io_context>(threads);
    auto acceptor = std::make_unique<tcp::acceptor>(net::make_strand(*io));
    const tcp::endpoint endpoint(address, options.port);
    boost::system::error_code ec;
    acceptor->open(endpoint.protocol(), ec);
    if (!ec)
        acceptor->set_option(net::socket_base::reuse_address(true), ec);
    if (!ec)
        acceptor->bind(endpoint, ec);
    if (!ec)
        acceptor->listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        throw Error(ErrorCode::Io, QStringLiteral("cannot listen on %1:%2: %3")
                                       .arg(options.host)
                                       .arg(options.port)
                                       .arg(QString::fromStdString(ec.message())));
    }
    d->port = acceptor->local_endpoint(ec).port();
    d->io = std::move(io);
    d->acceptor = std::move(acceptor);
    d->work.emplace(d->io->get_executor());
    d->state->stopping = false;
    d->state->inference.start();
    d->accept();
    for (int i = 0; i < threads; ++i) {
        d->threads.emplace_back([state = d->state, io = d->io] {
            for (;;) {
                try {
                    io->run();
                    break;
                } catch (const std::exception& error) {
                    qWarning("modelbench server: an I/O handler failed: %s", error.what());
                }
            }
            // This thread's registry connection, if a handler opened one (and the resolver's
            // query on it first).
            state->resolver.forgetThisThread();
            state->workspace->releaseThreadConnection();
        });
    }
    d->running = true;
    return d->port;
}

void HttpServer::stop()
{
    if (!d->running)
        return;
    ServerState& state = *d->state;
    const auto deadline = Clock::now() + std::chrono::milliseconds(std::max(0, state.settings.stopTimeoutMs));
    state.stopping = true;

    // No new connections: close the acceptor on its strand.
    auto closed = std::make_shared<std::promise<void>>();
    std::future<void> acceptorClosed = closed->get_future();
    net::post(d->acceptor->get_executor(), [this, closed] {
        boost::system::error_code ignored;
        d->acceptor->close(ignored);
        closed->set_value();
    });
    acceptorClosed.wait_for(std::chrono::milliseconds(200));

    // Idle connections close now; busy ones after their answer.
    for (const auto& connection : state.liveConnections())
        connection->requestStop();
    state.waitForConnections(deadline);

    // Jobs still queued are answered 503; give those answers a moment to be written.
    state.inference.stop();
    state.waitForConnections(Clock::now() + std::chrono::milliseconds(100));
    for (const auto& connection : state.liveConnections())
        connection->forceClose();
    state.waitForConnections(Clock::now() + std::chrono::milliseconds(50));

    d->work.reset();
    d->io->stop();
    for (std::thread& thread : d->threads)
        thread.join();
    d->threads.clear();

    // No I/O thread runs now: close what is left directly, then run the cancelled
    // operations' handlers here so that they release their connections.
    for (const auto& connection : state.liveConnections())
        connection->abandon();
    boost::system::error_code ignored;
    d->acceptor->close(ignored);
    d->io->restart();
    d->io->poll();
    state.resolver.clear();  // its per-thread caches belong to the ended threads
    d->acceptor.reset();
    d->io.reset();
    d->port = 0;
    d->running = false;
}

bool HttpServer::isLoopbackHost(const QString& host)
{
    return parseHost(host.trimmed()).is_loopback();
}

bool HttpServer::isRunning() const
{
    return d->running;
}

quint16 HttpServer::port() const
{
    return d->port;
}

QString HttpServer::url() const
{
    if (!d->running)
        return {};
    const QString host = d->state->settings.host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(d->state->settings.host) : d->state->settings.host;
    return QStringLiteral("http://%1:%2").arg(host).arg(d->port);
}

}  // namespace mb::serve
