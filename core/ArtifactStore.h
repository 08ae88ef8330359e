#pragma once

#include <QByteArray>
#include <QString>

namespace mb {

struct ArtifactStats {
    qint64 count = 0;
    qint64 bytes = 0;
};

// Content-addressed file store under a workspace's artifacts/ folder. An artifact is named
// by the SHA-256 of its bytes and lives at artifacts/ab/abcdef... . Writes go to a temporary
// file that is renamed into place, so a crash never leaves a half-written artifact under its
// final name; reads verify the hash, so a damaged file is reported, never returned.
// Thread-safe: instances hold only the root path; concurrent writers of the same content
// race harmlessly to an identical file.
class ArtifactStore {
public:
    explicit ArtifactStore(QString root);

    const QString& root() const { return m_root; }

    // Stores `data` and returns its hash (hex). Storing existing content is a no-op.
    QString put(const QByteArray& data) const;
    // Streams a file into the store and returns its hash. Throws Io if unreadable.
    QString putFile(const QString& sourcePath) const;
    // Returns the artifact's bytes. Throws NotFound if absent, Corrupt if its hash differs.
    QByteArray get(const QString& hash) const;
    // Re-hashes a stored artifact. Throws NotFound or Corrupt.
    void verify(const QString& hash) const;
    bool contains(const QString& hash) const;
    // Deletes an artifact (absent: nothing to do). The caller makes sure nothing refers to it
    // any more: the store itself keeps no references. Throws Io if the file stays.
    void remove(const QString& hash) const;
    // Where the artifact with this hash lives (whether or not it exists). Throws
    // InvalidArgument for anything that is not 64 lowercase hex digits.
    QString pathFor(const QString& hash) const;
    ArtifactStats stats() const;

    static bool isValidHash(const QString& hash);

private:
    QString m_root;
};

}  // namespace mb
