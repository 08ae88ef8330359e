#pragma once

#include "Error.h"
#include "Instance.h"
#include "LoadedModel.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace mb::serve {

// How one model's requests are batched.
struct BatchingOptions {
    // Most instances in one forward pass; 1 turns batching off. A request with more
    // instances than this runs alone, unsplit.
    int maxBatchSize = 32;
    // How long the oldest waiting request may wait for others to fill its batch, in
    // microseconds. 0: take whatever is queued when the worker is free (batches still form
    // under load, and a lone request waits for nothing).
    int maxDelayUs = 0;
};

// What came of one request's instances.
struct InferenceResult {
    QVector<Prediction> predictions;   // one per instance, in order (empty on error)
    std::optional<Error> error;        // set when the request failed
    QString ref;                       // the version that answered: "name@3"
};

// One request waiting for inference.
struct InferenceJob {
    std::shared_ptr<LoadedModel> model;      // the version resolved when the request came in
    QVector<Instance> instances;
    int topK = 3;
    // Called once, on the worker thread (or on the caller's when the queue is stopped).
    std::function<void(InferenceResult result)> done;
    std::chrono::steady_clock::time_point enqueued{};
};

// One model's queue of inference requests and the worker thread that drains it: the worker
// takes the oldest job and the queued jobs of the same version after it, up to the batch
// size (waiting at most maxDelayUs for more), runs one forward pass and hands each job its
// share. Jobs of different versions (around an alias move) are never mixed. When a batch
// fails on bad input, its jobs are retried one by one, so one bad request fails alone.
//
// Thread-safety: submit(), setOptions(), options() and depth() from any thread. The worker
// starts with the queue and ends in stop() (or the destructor), which fails the jobs still
// queued with Io ("the server is stopping").
class BatchingQueue {
public:
    // Called on the worker after each forward pass: the version, the batch's instance count
    // and the pass's duration in seconds.
    using BatchObserver = std::function<void(const ModelVersionInfo& version, int batchSize, double seconds)>;

    BatchingQueue(QString model, BatchingOptions options, BatchObserver observer = {},
                  std::function<void()> onWorkerExit = {});
    ~BatchingQueue();
    BatchingQueue(const BatchingQueue&) = delete;
    BatchingQueue& operator=(const BatchingQueue&) = delete;

    const QString& model() const { return m_model; }
    // Returns false (and leaves `job` unanswered) once the queue is stopped.
    bool submit(InferenceJob&& job);
    void setOptions(BatchingOptions options);
    BatchingOptions options() const;
    int depth() const;   // jobs waiting (not counting the batch being run)
    void stop();

private:
    void run();
    void runBatch(std::vector<InferenceJob>& batch);

    const QString m_model;
    BatchObserver m_observer;
    std::function<void()> m_onWorkerExit;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    BatchingOptions m_options;             // guarded by m_mutex
    std::deque<InferenceJob> m_jobs;       // guarded by m_mutex
    bool m_stopping = false;               // guarded by m_mutex
    std::thread m_worker;
};

}  // namespace mb::serve
