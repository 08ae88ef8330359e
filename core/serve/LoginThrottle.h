#pragma once

#include <QString>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>

namespace mb::serve {

// Limits password guessing at POST /api/v1/token: at most `maxFailures` failed logins per
// user name, and as many per remote address, within a sliding `window`. An attempt counts
// as a failure from the moment it is admitted (so a burst of parallel guesses cannot slip
// past the limit while the passwords are being checked) until succeeded() says otherwise.
//
// Thread-safety: every member may be called from any thread.
class LoginThrottle {
public:
    using Clock = std::chrono::steady_clock;
    using Now = std::function<Clock::time_point()>;

    struct Options {
        int maxFailures = 5;
        std::chrono::seconds window{60};
    };

    // `now` is the clock (tests pass their own).
    explicit LoginThrottle(Options options, Now now = &Clock::now);
    LoginThrottle() : LoginThrottle(Options{}) {}

    // 0 when `user` may try to log in from `address` now (the attempt is then counted as a
    // failure); otherwise the seconds until the oldest failure in the way leaves the window,
    // at least 1, and nothing is counted. User names are compared without case.
    int admit(const QString& user, const QString& address);
    // The admitted attempt of `user` from `address` was right: it no longer counts.
    void succeeded(const QString& user, const QString& address);

private:
    using Failures = std::deque<Clock::time_point>;

    // Drops failures older than the window; the caller holds m_mutex.
    void expire(Failures& failures, Clock::time_point now) const;
    int secondsUntilFree(const Failures& failures, Clock::time_point now) const;
    void forgetStale(Clock::time_point now);

    const Options m_options;
    const Now m_now;
    std::mutex m_mutex;
    // "user:name" or "address:ip"; a map, so references survive inserts. Guarded by m_mutex.
    std::map<QString, Failures> m_failures;
};

}  // namespace mb::serve
