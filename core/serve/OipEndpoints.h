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

// The Open Inference Protocol (KServe / Triton "v2" REST), so v2 clients can call any
// registered model. {version} is a version number or an alias; without it the model's
// default (production alias, else latest) answers.
//   GET  /v2/health/live, /v2/health/ready                       (Public)
//   GET  /v2/models/{name}[/versions/{version}]                  metadata: name, versions,
//        platform "modelbench", inputs (OipInferRequest), outputs (OipOutputs)
//   GET  /v2/models/{name}[/versions/{version}]/ready            200 when it can be served
//   POST /v2/models/{name}[/versions/{version}]/infer            OipInferRequest in, the
//        outputs out with model_name, model_version and the request's id
// Errors use the protocol's shape {"error": "message"} (400 bad request, 404 unknown model
// or version), not the API's usual one.
class OipEndpoints {
public:
    // `ready` answers /v2/health/ready (200 means ready); `inference` and `resolver` must
    // outlive the router's use.
    static void addRoutes(Router& router, std::shared_ptr<const Workspace> workspace,
        InferenceService& inference, const VersionResolver& resolver,
        std::function<HttpResponse()> ready);
};

}  // namespace mb::serve
