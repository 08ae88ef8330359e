#pragma once

#include "HttpServer.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QVector>

namespace mb::ui {

// The server's recent requests, newest first, for the Serve view's log: time, method, path,
// status, latency and client. Keeps the last `capacity` requests. GUI thread only.
class RequestLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Method, Path, Status, Latency, Client, ColumnCount };

    explicit RequestLogModel(int capacity = 500, QObject* parent = nullptr);

    struct Entry {
        QDateTime time;
        serve::RequestRecord record;
    };
    // Adds requests (oldest first), dropping the oldest beyond the capacity.
    void append(const QVector<Entry>& entries);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    int m_capacity;
    QVector<Entry> m_entries;   // newest first
};

}  // namespace mb::ui
