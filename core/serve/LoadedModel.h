#pragma once

#include "ModelSignature.h"
#include "ModelVersionInfo.h"

#include <atomic>
#include <memory>
#include <mutex>

namespace mb {
class Predictor;
class Workspace;
}

namespace mb::serve {

// One model version in the server's cache: what the registry says of it, and its predictor,
// loaded from the bundle on first use. Requests hold it by shared_ptr from the moment they
// resolve their version until they are answered, so a version that the cache drops (or whose
// alias moved) stays loaded until its in-flight requests are done.
//
// Thread-safety: predictor() may be called from any thread; the first call loads, the others
// wait for it. A failed load is not remembered: the next call tries again.
class LoadedModel {
public:
    LoadedModel(std::shared_ptr<const Workspace> workspace, ModelVersionInfo info);
    ~LoadedModel();

    const ModelVersionInfo& info() const { return m_info; }
    // info().signature read once, for the request path.
    const ModelSignature& signature() const { return m_signature; }
    // Loads on first call (reads and checks the bundle: slow, call it on a worker thread).
    // Throws Corrupt, NotFound, Io as ModelRegistry and Predictor do.
    std::shared_ptr<const Predictor> predictor() const;
    bool isLoaded() const;

private:
    std::shared_ptr<const Workspace> m_workspace;
    ModelVersionInfo m_info;
    ModelSignature m_signature;
    mutable std::mutex m_mutex;
    mutable std::shared_ptr<const Predictor> m_predictor;  // guarded by m_mutex
    mutable std::atomic_bool m_loaded{false};              // isLoaded() never waits for a load
};

}  // namespace mb::serve
