#pragma once

#include <functional>
#include <memory>

namespace mb {
class JobManager;
class Workspace;
}  // namespace mb

namespace mb::serve {

class Router;

// Background trainings over HTTP. Jobs started here run on the server's JobManager (the one
// the GUI or `modelbench-cli serve` owns); the job list and job states come from the
// registry's `jobs` table, refreshed from the JobManager for the jobs it runs, so jobs of
// other processes sharing the workspace are listed too.
//
//   POST   /api/v1/train       {"dataset": "name[@v]", "config": {...}, "overrides": {"key": value},
//                              "model_name": "...", "force": false} -> 202 {"job_id", "status_url"}
//                              (503 when the server has no JobManager)
//   GET    /api/v1/jobs        newest first; ?limit=N (default 100)
//   GET    /api/v1/jobs/{id}   state, epoch, progress, metrics, run id, model version, error
//   DELETE /api/v1/jobs/{id}   asks a running job to stop: 202; unknown 404; already ended 409
class JobEndpoints {
public:
    // Returns the JobManager to use, or nullptr when there is none; called on I/O threads.
    using JobManagerSource = std::function<JobManager*()>;

    static void addRoutes(Router& router, std::shared_ptr<const Workspace> workspace, JobManagerSource jobs);
};

}  // namespace mb::serve
