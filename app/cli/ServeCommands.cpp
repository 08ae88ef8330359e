#include "ServeCommands.h"

#include "CliApp.h"
#include "CliContext.h"
#include "Error.h"
#include "ExitCode.h"
#include "HttpServer.h"
#include "JobManager.h"
#include "ModelRegistry.h"
#include "TrainingJob.h"
#include "UserStore.h"
#include "Workspace.h"

#include <QDateTime>
#include <QEventLoop>

#include <csignal>
#include <cstdio>
#include <mutex>
#include <pthread.h>
#include <thread>

namespace mb::cli {
namespace {

int intOption(const CliContext& context, const QString& name, int minimum, int maximum)
{
    const QString text = context.value(name);
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < minimum || value > maximum)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("--%1: '%2' is not a number from %3 to %4").arg(name, text).arg(minimum).arg(maximum));
    return value;
}

// One line per answered request on standard error; called on the I/O threads.
void logRequest(const serve::RequestRecord& record)
{
    static std::mutex mutex;
    const QByteArray line = QStringLiteral("%1 %2 %3 %4 %5 ms\n")
                                .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs), QString::fromLatin1(record.method), record.path)
                                .arg(record.status)
                                .arg(record.seconds * 1000.0, 0, 'f', 2)
                                .toUtf8();
    std::lock_guard lock(mutex);
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
}

void onStopSignal(int)
{
    // Never runs while the signals are blocked; sigwait() takes them.
}

int runServe(CliContext& context)
{
    serve::HttpServerOptions options;
    options.host = context.value(QStringLiteral("host"));
    options.port = quint16(intOption(context, QStringLiteral("port"), 0, 65535));
    options.ioThreads = intOption(context, QStringLiteral("io-threads"), 1, 64);
    options.batching.maxBatchSize = intOption(context, QStringLiteral("max-batch"), 1, 4096);
    options.batching.maxDelayUs = intOption(context, QStringLiteral("max-delay-us"), 0, 1000000);
    if (!context.isSet(QStringLiteral("quiet")))
        options.requestLog = logRequest;
    options.authRequired = context.isSet(QStringLiteral("auth"));
    options.docsAssetsDir = context.value(QStringLiteral("docs-dir"));
    options.invocationsModel = context.value(QStringLiteral("invocations-model"));
    if (!options.authRequired && !serve::HttpServer::isLoopbackHost(options.host)) {
        context.err() << "modelbench-cli: refusing to serve on " << options.host
                      << " without --auth: it is not a loopback address, so anyone who can reach this machine could call the API.\n"
                      << "Add --auth (then every call needs a token), or listen on 127.0.0.1.\n";
        return ExitUsage;
    }

    const auto workspace = context.workspace();
    const int models = int(ModelRegistry(*workspace).list().size());
    if (options.authRequired && !UserStore(*workspace).hasAdmin()) {
        context.err() << "No admin user yet: nobody can call the endpoints that change the registry. Create one with\n"
                      << "  modelbench-cli user add NAME --role admin\n"
                      << "then log in with POST /api/v1/token, or make a token with: modelbench-cli token create --user NAME\n";
        context.err().flush();
    }

    // SIGINT and SIGTERM are taken by sigwait() below: block them before the server's
    // threads start, so that those inherit the mask and the signals come here. A handler
    // is set too: a shell starts background jobs with SIGINT ignored, and an ignored
    // signal is dropped before sigwait() could see it.
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigset_t previous;
    pthread_sigmask(SIG_BLOCK, &signals, &previous);

    // Trainings started over POST /api/v1/train. Its signals need this thread's event loop (below).
    JobManager jobs(workspace);
    QObject::connect(&jobs, &JobManager::jobFinished, [&context, &jobs](const QString& id) {
        const TrainingJob* job = jobs.job(id);
        if (!job)
            return;
        context.err() << "Job " << id << ' ' << toString(job->state());
        if (!job->error().isEmpty())
            context.err() << ": " << job->error();
        context.err() << '\n';
        context.err().flush();
    });
    serve::HttpServer server(workspace, options);
    server.setJobManager(&jobs);
    try {
        server.start();
    } catch (...) {
        pthread_sigmask(SIG_SETMASK, &previous, nullptr);
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        throw;
    }
    context.out() << QStringLiteral("Serving %1 %2 on %3 (%4Ctrl-C stops)\n")
                         .arg(models)
                         .arg(models == 1 ? QStringLiteral("model") : QStringLiteral("models"), server.url(),
                              options.authRequired ? QStringLiteral("API tokens required; ") : QString());
    context.out().flush();

    // The stop signal is awaited on a thread of its own, so that this thread runs the event
    // loop that delivers the JobManager's signals.
    int received = 0;
    QEventLoop loop;
    std::thread waiter([&signals, &received, &loop] {
        sigwait(&signals, &received);
        QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
    });
    loop.exec();
    waiter.join();
    context.err() << "Stopping (" << (received == SIGTERM ? "SIGTERM" : "SIGINT") << ")...\n";
    context.err().flush();
    server.stop();
    if (!jobs.activeJobs().isEmpty()) {
        context.err() << "Cancelling " << jobs.activeJobs().size() << " training job(s)...\n";
        context.err().flush();
        jobs.cancelAll();
        jobs.waitForDone();
    }
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    context.err() << "Stopped.\n";
    context.err().flush();
    return ExitOk;
}

}  // namespace

void addServeCommands(CliApp& app)
{
    app.addCommand({QStringLiteral("serve"), QString(), QStringLiteral("Serve the registered models over a local HTTP API."),
                    QStringLiteral("Every version in the registry is served from one port: NAME answers with the version\n"
                                   "that the production alias points to (else the latest), and moving the alias switches\n"
                                   "new requests over with no restart. Versions load on their first request.\n\n"
                                   "Endpoints:\n"
                                   "  GET  /health/live, /health/ready, /metrics (Prometheus)\n"
                                   "  GET  /api/v1/models, /api/v1/models/NAME, /api/v1/models/NAME/versions\n"
                                   "  POST /api/v1/models/NAME/predict       {\"instances\": [[5.1, 3.5, 1.4, 0.2]]}\n"
                                   "  POST /api/v1/models/NAME/predict.csv   CSV in, CSV out; rows with a HUMAN_VERIFIED_LABEL\n"
                                   "                                         value are kept as feedback (?feedback_column=NAME)\n"
                                   "  (?version=N or ?alias=NAME choose a version; ?top_k=K the classes listed)\n"
                                   "  PUT|DELETE /api/v1/models/NAME/aliases/ALIAS   {\"version\": N}\n"
                                   "  DELETE /api/v1/models/NAME/versions/N           refused while an alias points at it\n"
                                   "  POST /api/v1/datasets/NAME/rows        {\"rows\": [{...}]} or CSV: a new dataset version\n"
                                   "  POST /api/v1/train                     {\"dataset\": \"NAME\", \"overrides\": {\"epochs\": 5}}\n"
                                   "  GET  /api/v1/jobs, /api/v1/jobs/ID; DELETE /api/v1/jobs/ID cancels a training\n\n"
                                   "With --auth every endpoint but /health/*, /metrics, /openapi.json and /docs needs an\n"
                                   "API token, sent as 'Authorization: Bearer <token>' or 'X-API-Key: <token>': tokens of\n"
                                   "the user role may read and predict, admin tokens may also change the registry. Make\n"
                                   "tokens with 'modelbench-cli token create', or log in with\n"
                                   "  POST /api/v1/token  {\"username\": ..., \"password\": ..., \"expires_in\": 3600}\n"
                                   "(5 failed logins a minute per user or address, then 429). Without --auth the server\n"
                                   "only listens on loopback addresses.\n\n"
                                   "Requests of one model are batched: up to --max-batch instances per forward pass,\n"
                                   "waiting at most --max-delay-us for a batch to fill (0: take what is queued).\n"
                                   "Each request is logged on standard error (method, path, status, latency); SIGINT or\n"
                                   "SIGTERM stops the server after answering the requests in flight (and cancels trainings).\n\n"
                                   "Example:\n"
                                   "  modelbench-cli serve --port 8080 &\n"
                                   "  curl -d '{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}' http://127.0.0.1:8080/api/v1/models/iris/predict"),
                    {},
                    {QCommandLineOption(QStringLiteral("host"), QStringLiteral("Address to listen on (loopback only without --auth)."),
                                        QStringLiteral("HOST"), QStringLiteral("127.0.0.1")),
                     QCommandLineOption(QStringLiteral("auth"), QStringLiteral("Require API tokens (see 'user add' and 'token create').")),
                     QCommandLineOption(QStringLiteral("port"), QStringLiteral("Port to listen on; 0 picks a free one."), QStringLiteral("PORT"),
                                        QStringLiteral("8080")),
                     QCommandLineOption(QStringLiteral("max-batch"), QStringLiteral("Most instances per forward pass (1 turns batching off)."),
                                        QStringLiteral("N"), QStringLiteral("32")),
                     QCommandLineOption(QStringLiteral("max-delay-us"), QStringLiteral("Longest wait for a batch to fill, in microseconds."),
                                        QStringLiteral("US"), QStringLiteral("0")),
                     QCommandLineOption(QStringLiteral("io-threads"), QStringLiteral("Threads that read and write HTTP."), QStringLiteral("N"),
                                        QStringLiteral("2")),
                     QCommandLineOption(QStringLiteral("invocations-model"),
                                        QStringLiteral("Model that MLflow's POST /invocations uses without ?model= (default: the only one)."),
                                        QStringLiteral("MODEL")),
                     QCommandLineOption(QStringLiteral("docs-dir"),
                                        QStringLiteral("Folder of the swagger-ui-dist files for /docs (default: found next to the program or in the source tree's node_modules)."),
                                        QStringLiteral("DIR")),
                     QCommandLineOption(QStringLiteral("quiet"), QStringLiteral("Do not log each request."))},
                    runServe});
}

}  // namespace mb::cli
