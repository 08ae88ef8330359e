#pragma once

#include "BatchingQueue.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

namespace mb {
class JobManager;
class Workspace;
}  // namespace mb

namespace mb::serve {

class InferenceService;
class Metrics;
class Router;

// One answered request, as the request log sees it. Never holds a body, a query string or a
// header (they may carry secrets).
struct RequestRecord {
    QByteArray method;        // "-" when the request line could not be read
    QString path;             // without the query string
    QString route;            // the matched route's pattern; "(none)" when none matched
    int status = 0;
    double seconds = 0;       // from the first byte of the request to the response's hand-off
    QString remoteAddress;
};

// How the server listens and what it allows. Defaults suit a local workbench.
struct HttpServerOptions {
    QString host = QStringLiteral("127.0.0.1");  // a non-loopback address needs authRequired
    quint16 port = 0;                            // 0: an ephemeral port (start() returns it)
    int ioThreads = 2;
    // Authentication is on: every route that is not Public needs an API token (see
    // AuthMiddleware; POST /api/v1/token gives one). It must be to listen on a non-loopback
    // address. Off, every route is open.
    bool authRequired = false;
    int headerLimit = 16 * 1024;                 // bytes of request line + headers; more: 431
    qint64 bodyLimit = 16 * 1024 * 1024;         // bytes of body; more: 413
    int headerTimeoutMs = 10000;                 // to read a request's line and headers
    int bodyTimeoutMs = 30000;                   // to read its body (and to write a response)
    int idleTimeoutMs = 5000;                    // a kept-alive connection may wait this long for its next request
    int maxConnections = 512;                    // more at once are answered 503 and closed
    int stopTimeoutMs = 700;                     // stop() lets in-flight requests finish this long
    BatchingOptions batching;                    // every model's default (InferenceService can override per model)
    int modelCacheSize = 8;                      // loaded versions kept
    // Where GET /docs finds the Swagger UI files (swagger-ui-bundle.js, ...). Empty: the
    // default places that SwaggerUiAssets documents (an install prefix, the source tree's
    // node_modules filled by packaging/install-web-assets.sh).
    QString docsAssetsDir;
    // The model POST /invocations (MLflow scoring) predicts with when the request has no
    // ?model=: a name, "name@3" or "name@alias". Empty: the only registered model.
    QString invocationsModel;
    // Called on an I/O thread after each response is handed off (the CLI's request log).
    // Must be thread-safe and quick.
    std::function<void(const RequestRecord&)> requestLog;
};

// The local HTTP API: an asynchronous Boost.Beast server (HTTP/1.1, keep-alive, header/body/
// idle timeouts, body and header limits, a connection limit) with the route table, the
// inference path (model cache + per-model batching queues) and Prometheus metrics. The
// health, metrics, model, management and job endpoints, the MLflow scoring and Open Inference
// Protocol (v2) adapters and the OpenAPI document with its /docs page are registered by the
// constructor; more routes and middleware (auth) may be added through router() before start().
//
// Threads: start() runs `ioThreads` I/O threads (accept, parse, route, registry reads, JSON,
// write) and each model with traffic gets a worker thread for its forward passes. No
// handler runs on the caller's thread, so a GUI owner stays responsive; start() returns
// once listening, stop() within about a second.
//
// Thread-safety: start(), stop() and the accessors from one owner thread; router() only
// while stopped. Start and stop may alternate any number of times. The destructor stops.
class HttpServer {
public:
    explicit HttpServer(std::shared_ptr<const Workspace> workspace, HttpServerOptions options = {});
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    Router& router();
    Metrics& metrics();
    InferenceService& inference();
    const HttpServerOptions& options() const;
    // Throws Conflict while running.
    void setOptions(const HttpServerOptions& options);
    // The JobManager that POST /api/v1/train starts trainings on and that the job endpoints
    // ask about live jobs; without one (the default) /train answers 503. Not owned: it must
    // outlive the server's running. Throws Conflict while running.
    void setJobManager(JobManager* jobs);

    // Binds and starts serving; returns the bound port. Throws InvalidArgument for a
    // non-loopback host without authRequired or a bad address, Io when the port cannot be
    // bound, Conflict when already running.
    quint16 start();
    // Stops accepting, lets in-flight requests answer (up to stopTimeoutMs), closes every
    // connection and ends every thread. Returns within about a second. No-op when stopped.
    void stop();

    // Whether `host` (an IP literal or "localhost") is a loopback address. Throws
    // InvalidArgument when it is not an address.
    static bool isLoopbackHost(const QString& host);

    bool isRunning() const;
    quint16 port() const;   // 0 when stopped
    QString url() const;    // "http://127.0.0.1:8080"; empty when stopped

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

}  // namespace mb::serve
