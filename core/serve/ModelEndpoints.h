#pragma once

#include "ModelVersionInfo.h"

#include <QJsonObject>

#include <memory>

namespace mb {
class Workspace;
}

namespace mb::serve {

class InferenceService;
class Router;
class VersionResolver;

// The model API under /api/v1/models: list, show, versions, predict (JSON) and predict.csv.
// Registry reads run on the I/O thread that received the request; predictions go through
// the InferenceService's batching queues, and the answer is written when the worker is done.
//
//   GET  /api/v1/models
//   GET  /api/v1/models/{name}                 summary + the version "name" resolves to
//   GET  /api/v1/models/{name}/versions
//   POST /api/v1/models/{name}/predict         ?version=N | ?alias=A, ?top_k=K (default 3)
//   POST /api/v1/models/{name}/predict.csv     same query; CSV in, CSV out. Rows with a filled
//                                              HUMAN_VERIFIED_LABEL column (?feedback_column=NAME)
//                                              are stored as feedback; X-Feedback-Stored counts them
class ModelEndpoints {
public:
    // `inference` and `resolver` (which predict resolves versions with) must outlive the
    // router's use.
    static void addRoutes(Router& router, std::shared_ptr<const Workspace> workspace, InferenceService& inference,
                          const VersionResolver& resolver);

};

}  // namespace mb::serve
