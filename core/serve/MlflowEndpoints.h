#pragma once

#include "HttpResponse.h"

#include <functional>
#include <memory>

namespace mb {
class Workspace;
}

namespace mb::serve {

class InferenceService;
class Router;
class VersionResolver;
struct HttpServerOptions;

// The scoring protocol of `mlflow models serve`, so MLflow clients and tools (mlflow
// deployments predict, SageMaker-style callers) can use a Modelbench server:
//   GET  /ping           200 when the server is ready (Public)
//   POST /invocations    predicts with the default model: ?model=NAME (or NAME@VERSION,
//                        NAME@ALIAS), else HttpServerOptions::invocationsModel, else the only
//                        registered model; 400 when several are registered and none is named.
//                        JSON bodies as MlflowInstances reads them, or text/csv. Answers
//                        {"predictions": [...]}: the label of each row, or the value for a
//                        regression, as MLflow's pyfunc models do.
// Errors have the API's usual shape {"error": {"code", "message"}}.
class MlflowEndpoints {
public:
    // `ready` answers /ping; `options`, `inference` and `resolver` must outlive the router's use.
    static void addRoutes(Router& router, std::shared_ptr<const Workspace> workspace,
        InferenceService& inference, const VersionResolver& resolver,
        const HttpServerOptions& options, std::function<HttpResponse()> ready);
};

}  // namespace mb::serve
