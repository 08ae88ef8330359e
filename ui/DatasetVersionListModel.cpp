#include "DatasetVersionListModel.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLocale>

#include <algorithm>

namespace mb::ui {

void DatasetVersionListModel::setVersions(QVector<DatasetVersionInfo> versions)
{
    std::sort(versions.begin(), versions.end(), [](const DatasetVersionInfo& a, const DatasetVersionInfo& b) { return a.number > b.number; });
    beginResetModel();
    m_versions = std::move(versions);
    endResetModel();
}

int DatasetVersionListModel::rowOf(const QString& ref) const
{
    for (int row = 0; row < m_versions.size(); ++row) {
        if (m_versions.at(row).ref() == ref)
            return row;
    }
    return -1;
}

QString DatasetVersionListModel::describeSource(const QJsonObject& source)
{
    const QString appendedTo = source.value(QStringLiteral("appended_to")).toString();
    QString origin;
    if (source.contains(QStringLiteral("file")))
        origin = tr("file %1").arg(QFileInfo(source.value(QStringLiteral("file")).toString()).fileName());
    else if (source.contains(QStringLiteral("folder")))
        origin = tr("folder %1").arg(QFileInfo(source.value(QStringLiteral("folder")).toString()).fileName());
    else if (source.contains(QStringLiteral("manifest")))
        origin = tr("manifest %1").arg(QFileInfo(source.value(QStringLiteral("manifest")).toString()).fileName());
    else if (source.contains(QStringLiteral("generator")))
        origin = tr("generator %1").arg(source.value(QStringLiteral("generator")).toString());
    else if (source.contains(QStringLiteral("feedback")))
        origin = tr("feedback corrections");
    else if (source.contains(QStringLiteral("api")))
        origin = source.value(QStringLiteral("api")).toString();
    if (appendedTo.isEmpty())
        return origin;
    return origin.isEmpty() ? tr("appended to %1").arg(appendedTo) : tr("%1, appended to %2").arg(origin, appendedTo);
}

int DatasetVersionListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_versions.size();
}

int DatasetVersionListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DatasetVersionListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DatasetVersionInfo& v = m_versions.at(index.row());
    if (role == Qt::TextAlignmentRole) {
        const bool numeric = index.column() == Version || index.column() == Rows;
        return QVariant::fromValue(numeric ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Hash)
            return v.hash;
        if (index.column() == Source)
            return QString::fromUtf8(QJsonDocument(v.metadata.value(QStringLiteral("source")).toObject()).toJson(QJsonDocument::Indented));
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Version: return v.number;
    case Hash: return v.hash.left(12);
    case Rows: return QLocale().toString(v.rows);
    case Parent: return v.parentNumber > 0 ? QStringLiteral("%1@%2").arg(v.dataset).arg(v.parentNumber) : QString();
    case Created:
        return QDateTime::fromString(v.createdAt, Qt::ISODateWithMs).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case Source: return describeSource(v.metadata.value(QStringLiteral("source")).toObject());
    }
    return {};
}

QVariant DatasetVersionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Version: return tr("Version");
    case Hash: return tr("Hash");
    case Rows: return tr("Rows");
    case Parent: return tr("Parent");
    case Created: return tr("Created");
    case Source: return tr("Source");
    }
    return {};
}

}  // namespace mb::ui
