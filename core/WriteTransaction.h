#pragma once

#include <QSqlDatabase>

namespace mb {

// RAII write transaction. Starts with BEGIN IMMEDIATE so the write lock is taken up front:
// a deferred transaction that reads and then writes can fail with "database is locked"
// without waiting on the busy timeout when another process writes at the same time.
// Rolls back unless commit() was called. Use on the thread that owns the connection.
class WriteTransaction {
public:
    explicit WriteTransaction(QSqlDatabase db);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    void commit();

private:
    QSqlDatabase m_db;
    bool m_open = false;
};

}  // namespace mb
