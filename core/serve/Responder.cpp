#include "Responder.h"

#include <atomic>

namespace mb::serve {

struct Responder::State {
    Sink sink;
    std::atomic_bool done{false};

    ~State()
    {
        if (!done.exchange(true) && sink) {
            sink([] {
                return HttpResponse::error(ErrorCode::Internal, QStringLiteral("the request's handler ended without an answer"));
            });
        }
    }
};

Responder::Responder(Sink sink) : d(std::make_shared<State>())
{
    d->sink = std::move(sink);
}

void Responder::operator()(HttpResponse response) const
{
    defer([response = std::move(response)]() mutable { return std::move(response); });
}

void Responder::defer(std::function<HttpResponse()> make) const
{
    if (!d || d->done.exchange(true))
        return;
    d->sink(std::move(make));
}

bool Responder::answered() const
{
    return d && d->done.load();
}

}  // namespace mb::serve
