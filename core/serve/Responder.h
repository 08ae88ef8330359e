#pragma once

#include "HttpResponse.h"

#include <functional>
#include <memory>

namespace mb::serve {

// How a handler answers a request: once, from any thread, now or later. Copies share one
// answer: the first call wins, later ones are ignored. A handler that finishes its work on
// another thread (the inference worker, a job) keeps a copy and calls it there; the response
// is written on the connection's own I/O thread. If every copy is destroyed unanswered, the
// client gets a 500, so a lost answer never hangs a connection.
//
// Thread-safety: every member may be called from any thread.
class Responder {
public:
    // Receives the answer as a function that makes the response; the server runs it on the
    // connection's I/O thread. Tests may pass any sink.
    using Sink = std::function<void(std::function<HttpResponse()> make)>;

    Responder() = default;  // answers nothing (for default-constructed placeholders)
    explicit Responder(Sink sink);

    void operator()(HttpResponse response) const;
    // Answers with what `make` returns, run on the connection's I/O thread: build large
    // responses (JSON, CSV) there, not on a worker. An mb::Error thrown by `make` becomes
    // its JSON error response.
    void defer(std::function<HttpResponse()> make) const;
    bool answered() const;

private:
    struct State;
    std::shared_ptr<State> d;
};

}  // namespace mb::serve
