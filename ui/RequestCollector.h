#pragma once

#include "RequestLogModel.h"

#include <QMutex>
#include <QVector>

namespace mb::ui {

// Hands the server's request records from its I/O threads to the GUI: the server's
// requestLog calls add() (any thread, quick), the Serve view's timer calls take() (GUI
// thread) for what arrived since. Bounded: beyond `limit` waiting records the oldest go
// (the counts stay right).
class RequestCollector {
public:
    explicit RequestCollector(int limit = 20000) : m_limit(limit) {}

    void add(const serve::RequestRecord& record);

    struct Batch {
        QVector<RequestLogModel::Entry> entries;   // oldest first
        qint64 count = 0;                          // requests since the last take (dropped ones too)
    };
    Batch take();

private:
    QMutex m_mutex;
    int m_limit;
    QVector<RequestLogModel::Entry> m_waiting;
    qint64 m_count = 0;
};

}  // namespace mb::ui
