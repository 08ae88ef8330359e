#include "RequestLogModel.h"

#include <QBrush>
#include <QColor>

namespace mb::ui {

RequestLogModel::RequestLogModel(int capacity, QObject* parent)
    : QAbstractTableModel(parent), m_capacity(qMax(1, capacity))
{
}

void RequestLogModel::append(const QVector<Entry>& entries)
{
    if (entries.isEmpty())
        return;
    const int added = int(qMin<qsizetype>(entries.size(), m_capacity));
    beginInsertRows({}, 0, added - 1);
    for (qsizetype i = entries.size() - added; i < entries.size(); ++i)
        m_entries.prepend(entries.at(i));
    endInsertRows();
    if (m_entries.size() > m_capacity) {
        beginRemoveRows({}, m_capacity, int(m_entries.size()) - 1);
        m_entries.resize(m_capacity);
        endRemoveRows();
    }
}

void RequestLogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

int RequestLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int RequestLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestLogModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size() || index.column() >= ColumnCount)
        return {};
    const Entry& entry = m_entries.at(index.row());
    const serve::RequestRecord& r = entry.record;
    if (role == Qt::DisplayRole) {
        switch (Column(index.column())) {
        case Time:
            return entry.time.toString(QStringLiteral("HH:mm:ss.zzz"));
        case Method:
            return QString::fromLatin1(r.method);
        case Path:
            return r.path;
        case Status:
            return r.status;
        case Latency:
            return QStringLiteral("%1 ms").arg(r.seconds * 1000.0, 0, 'f', 2);
        case Client:
            return r.remoteAddress;
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Status && r.status >= 400)
        return QBrush(r.status >= 500 ? QColor(0xc0, 0x39, 0x2b) : QColor(0xb9, 0x77, 0x0e));
    if (role == Qt::TextAlignmentRole)
        return QVariant((index.column() == Status || index.column() == Latency ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    return {};
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    static const char* const titles[] = {QT_TR_NOOP("Time"), QT_TR_NOOP("Method"), QT_TR_NOOP("Path"),
                                         QT_TR_NOOP("Status"), QT_TR_NOOP("Latency"), QT_TR_NOOP("Client")};
    return tr(titles[section]);
}

}  // namespace mb::ui
