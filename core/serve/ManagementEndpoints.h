#pragma once

#include <memory>

namespace mb {
class Workspace;
}

namespace mb::serve {

class Router;

// Changes to the registry over HTTP: rows added to a dataset, aliases moved, versions deleted.
// Each change goes through the same core path as the CLI and the workbench (a new immutable
// dataset version; audited alias and version changes) and is all or nothing.
//
//   POST   /api/v1/datasets/{name}/rows            {"rows": [{"col": value, ...}]} or a text/csv body
//                                                  -> 201 with the new version
//   PUT    /api/v1/models/{name}/aliases/{alias}   {"version": N} -> 200 with the alias
//   DELETE /api/v1/models/{name}/aliases/{alias}   -> 200
//   DELETE /api/v1/models/{name}/versions/{version}
//                                                  -> 200; 409 while an alias points at it
class ManagementEndpoints {
public:
    static void addRoutes(Router& router, std::shared_ptr<const Workspace> workspace);
};

}  // namespace mb::serve
