#pragma once

#include <memory>

namespace mb {
class Workspace;
}

namespace mb::serve {

class Router;
struct HttpServerOptions;

// The API's own description, all Public:
//   GET /openapi.json    the OpenAPI 3.0.3 document of every route in the router (made per
//                        request, so routes added after this call and newly registered
//                        models appear) with a predict request schema per model
//   GET /docs            Swagger UI on /openapi.json (our page from the Qt resources)
//   GET /docs/{file}     the Swagger UI files (see SwaggerUiAssets); both answer 503 with
//                        how to install them when they are not found
class OpenApiEndpoints {
public:
    // `options` (authRequired, docsAssetsDir) is read at every request and must outlive the
    // router's use.
    static void addRoutes(Router& router, std::shared_ptr<const Workspace> workspace,
        const HttpServerOptions& options);
};

}  // namespace mb::serve
