#include "RequestCollector.h"

namespace mb::ui {

void RequestCollector::add(const serve::RequestRecord& record)
{
    const QDateTime now = QDateTime::currentDateTime();
    QMutexLocker lock(&m_mutex);
    ++m_count;
    if (m_waiting.size() >= m_limit)
        m_waiting.removeFirst();
    m_waiting.append({now, record});
}

RequestCollector::Batch RequestCollector::take()
{
    QMutexLocker lock(&m_mutex);
    Batch batch{std::move(m_waiting), m_count};
    m_waiting = {};
    m_count = 0;
    return batch;
}

}  // namespace mb::ui
