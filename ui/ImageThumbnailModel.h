#pragma once

#include "DatasetVersion.h"

#include <QAbstractListModel>
#include <QCache>
#include <QImage>
#include <QSet>

#include <memory>

namespace mb {
class Workspace;
}

namespace mb::ui {

// The images of an image dataset version as a list for a QListView in icon mode: the label
// as text, the image as decoration. Thumbnails are decoded lazily: the first time the view
// asks for one it gets a blank placeholder, and the images asked for in one pass of the event
// loop are read from the artifact store and scaled on the thread pool, then announced with
// dataChanged. Decoded thumbnails are kept in a bounded cache. GUI thread only.
class ImageThumbnailModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { LabelRole = Qt::UserRole + 1, HashRole };
    static constexpr int kThumbnailSize = 64;

    explicit ImageThumbnailModel(std::shared_ptr<const Workspace> workspace, QObject* parent = nullptr);

    // The rows of `version` that hold an image (role Image); none for other versions.
    void setVersion(const DatasetVersion& version);
    QStringList labels() const;  // distinct, sorted
    bool hasThumbnail(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // A batch of thumbnails arrived (or failed: such images stay blank, with a tooltip).
    void thumbnailsDecoded();

private:
    struct Entry {
        QString hash;
        QString label;
        QString path;
    };
    void request(int row) const;
    void decodePending();

    std::shared_ptr<const Workspace> m_workspace;
    QVector<Entry> m_entries;
    QImage m_placeholder;
    mutable QCache<QString, QImage> m_cache;
    QSet<QString> m_failed;
    mutable QSet<QString> m_pending;   // asked for, not yet sent to a worker
    QSet<QString> m_inFlight;          // being decoded
    mutable bool m_scheduled = false;
    quint64 m_generation = 0;
};

}  // namespace mb::ui
