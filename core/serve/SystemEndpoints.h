#pragma once

#include "HttpResponse.h"

#include <functional>

namespace mb::serve {

class Router;

// The endpoints that are about the server itself, all Public:
//   GET /health/live    200 while the process serves at all
//   GET /health/ready   200 when the registry answers and the server is not stopping, else 503
//   GET /metrics        Prometheus text exposition
class SystemEndpoints {
public:
    // `ready` answers /health/ready; `scrape` returns the exposition text. Both run on I/O
    // threads and must outlive the router's use.
    static void addRoutes(Router& router, std::function<HttpResponse()> ready, std::function<QByteArray()> scrape);
};

}  // namespace mb::serve
