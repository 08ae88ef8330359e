#pragma once

#include "HttpServer.h"
#include "Responder.h"

#include <atomic>

namespace mb::serve {

struct HttpRequest;
struct HttpResponse;

// What an HttpConnection needs from the server (internal to mb_serve): the limits, the
// request handling and the bookkeeping. Shared by the server and its connections, so a
// connection that outlives a stop finds it still there.
class ConnectionHost {
public:
    virtual ~ConnectionHost() = default;

    virtual const HttpServerOptions& options() const = 0;
    // On the connection's strand: route and answer through `respond`.
    virtual void handle(HttpRequest& request, const Responder& respond) = 0;
    // On the connection's strand, before writing a response that handle() produced.
    virtual void complete(const HttpRequest& request, HttpResponse& response) = 0;
    // On the connection's strand, once a response is handed off (metrics, request log).
    virtual void record(const RequestRecord& record, const HttpResponse& response) = 0;
    virtual void connectionClosed(quint64 id, bool overflow) = 0;
};

}  // namespace mb::serve
