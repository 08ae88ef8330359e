#include "ImageThumbnailModel.h"

#include "BackgroundTask.h"
#include "Workspace.h"

#include <QHash>
#include <QTimer>

#include <algorithm>

namespace mb::ui {
namespace {

// A thumbnail costs about its pixel count in the cache: 64x64 ARGB is 16 KiB, so this keeps
// some 4,000 of them (64 MiB).
constexpr int kCacheBytes = 64 * 1024 * 1024;

using Decoded = QHash<QString, QImage>;  // hash -> thumbnail (null when undecodable)

}  // namespace

ImageThumbnailModel::ImageThumbnailModel(std::shared_ptr<const Workspace> workspace, QObject* parent)
    : QAbstractListModel(parent), m_workspace(std::move(workspace)), m_cache(kCacheBytes)
{
    m_placeholder = QImage(kThumbnailSize, kThumbnailSize, QImage::Format_ARGB32_Premultiplied);
    m_placeholder.fill(QColor(0xee, 0xee, 0xee));
}

void ImageThumbnailModel::setVersion(const DatasetVersion& version)
{
    beginResetModel();
    m_entries.clear();
    m_pending.clear();
    ++m_generation;  // batches in flight belong to the previous version
    m_inFlight.clear();
    const QStringList images = version.schema.columnsWithRole(ColumnRole::Image);
    const int image = images.isEmpty() ? -1 : version.table.indexOf(images.first());
    const int label = version.table.indexOf(version.schema.labelColumn());
    const int path = version.table.indexOf(QStringLiteral("path"));
    if (image >= 0) {
        const DataColumn& hashes = version.table.columns.at(image);
        m_entries.reserve(int(hashes.size()));
        for (qsizetype row = 0; row < hashes.size(); ++row) {
            m_entries << Entry{hashes.text(row), label >= 0 ? version.table.columns.at(label).text(row) : QString(),
                               path >= 0 ? version.table.columns.at(path).text(row) : QString()};
        }
    }
    endResetModel();
}

QStringList ImageThumbnailModel::labels() const
{
    QSet<QString> distinct;
    for (const Entry& entry : m_entries)
        distinct.insert(entry.label);
    QStringList sorted(distinct.cbegin(), distinct.cend());
    sorted.sort();
    return sorted;
}

bool ImageThumbnailModel::hasThumbnail(int row) const
{
    return row >= 0 && row < m_entries.size() && m_cache.contains(m_entries.at(row).hash);
}

int ImageThumbnailModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_entries.size();
}

QVariant ImageThumbnailModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry& entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case LabelRole:
        return entry.label;
    case HashRole:
        return entry.hash;
    case Qt::ToolTipRole:
        return m_failed.contains(entry.hash) ? tr("%1: cannot be decoded").arg(entry.path)
                                             : QStringLiteral("%1 (%2)").arg(entry.path, entry.label);
    case Qt::DecorationRole:
        if (const QImage* image = m_cache.object(entry.hash))
            return *image;
        request(index.row());
        return m_placeholder;
    }
    return {};
}

void ImageThumbnailModel::request(int row) const
{
    const QString& hash = m_entries.at(row).hash;
    if (m_failed.contains(hash) || m_inFlight.contains(hash))
        return;
    m_pending.insert(hash);
    if (m_scheduled)
        return;
    // Collect what the view asks for in this paint, then decode it as one batch.
    m_scheduled = true;
    QTimer::singleShot(0, const_cast<ImageThumbnailModel*>(this), &ImageThumbnailModel::decodePending);
}

void ImageThumbnailModel::decodePending()
{
    m_scheduled = false;
    if (m_pending.isEmpty())
        return;
    const QStringList hashes(m_pending.cbegin(), m_pending.cend());
    m_pending.clear();
    for (const QString& hash : hashes)
        m_inFlight.insert(hash);
    const quint64 generation = m_generation;
    const std::shared_ptr<const Workspace> workspace = m_workspace;
    runInBackground<Decoded>(
        this, nullptr,
        [workspace, hashes] {
            Decoded decoded;
            for (const QString& hash : hashes) {
                QImage image;
                try {
                    image = QImage::fromData(workspace->artifacts().get(hash));
                } catch (const Error&) {
                    // A missing or damaged artifact shows as a blank tile with a tooltip.
                }
                decoded.insert(hash, image.isNull() ? QImage()
                                                    : image.scaled(kThumbnailSize, kThumbnailSize, Qt::KeepAspectRatio,
                                                                   Qt::SmoothTransformation));
            }
            return decoded;
        },
        [this, generation](const Decoded& decoded) {
            if (generation != m_generation)
                return;
            for (auto it = decoded.cbegin(); it != decoded.cend(); ++it) {
                m_inFlight.remove(it.key());
                if (it.value().isNull())
                    m_failed.insert(it.key());
                else
                    m_cache.insert(it.key(), new QImage(it.value()), int(std::min<qsizetype>(it.value().sizeInBytes(), kCacheBytes)));
            }
            for (int row = 0; row < m_entries.size(); ++row) {
                if (decoded.contains(m_entries.at(row).hash))
                    Q_EMIT dataChanged(index(row), index(row), {Qt::DecorationRole, Qt::ToolTipRole});
            }
            Q_EMIT thumbnailsDecoded();
        },
        {});
}

}  // namespace mb::ui
