#include "LoginThrottle.h"

#include <algorithm>
#include <cmath>

namespace mb::serve {
namespace {

// Past this many tracked keys, keys whose failures have all expired are dropped, so that
// guesses under many names or from many addresses cannot grow the table without end.
constexpr int kSweepThreshold = 4096;

QString userKey(const QString& user)
{
    return QStringLiteral("user:") + user.toLower();
}

QString addressKey(const QString& address)
{
    return QStringLiteral("address:") + address;
}

}  // namespace

LoginThrottle::LoginThrottle(Options options, Now now) : m_options(options), m_now(std::move(now))
{
}

void LoginThrottle::expire(Failures& failures, Clock::time_point now) const
{
    while (!failures.empty() && failures.front() + m_options.window <= now)
        failures.pop_front();
}

int LoginThrottle::secondsUntilFree(const Failures& failures, Clock::time_point now) const
{
    if (int(failures.size()) < m_options.maxFailures)
        return 0;
    // The failure whose expiry brings the count below the limit.
    const Clock::time_point freeAt = failures.at(failures.size() - size_t(m_options.maxFailures)) + m_options.window;
    const double seconds = std::chrono::duration<double>(freeAt - now).count();
    return std::max(1, int(std::ceil(seconds)));
}

void LoginThrottle::forgetStale(Clock::time_point now)
{
    if (m_failures.size() < size_t(kSweepThreshold))
        return;
    for (auto it = m_failures.begin(); it != m_failures.end();) {
        expire(it->second, now);
        it = it->second.empty() ? m_failures.erase(it) : std::next(it);
    }
}

int LoginThrottle::admit(const QString& user, const QString& address)
{
    std::lock_guard lock(m_mutex);
    const Clock::time_point now = m_now();
    forgetStale(now);
    Failures& byUser = m_failures[userKey(user)];
    Failures& byAddress = m_failures[addressKey(address)];
    expire(byUser, now);
    expire(byAddress, now);
    const int wait = std::max(secondsUntilFree(byUser, now), secondsUntilFree(byAddress, now));
    if (wait > 0)
        return wait;
    byUser.push_back(now);
    byAddress.push_back(now);
    return 0;
}

void LoginThrottle::succeeded(const QString& user, const QString& address)
{
    std::lock_guard lock(m_mutex);
    for (const QString& key : {userKey(user), addressKey(address)}) {
        auto it = m_failures.find(key);
        if (it != m_failures.end() && !it->second.empty())
            it->second.pop_back();
    }
}

}  // namespace mb::serve
