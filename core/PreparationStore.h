#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace mb {

class Workspace;

// One cached preparation as the registry records it.
struct PreparationEntry {
    QString key;                 // SHA-256 of what the preparation depends on (see PreparationCache)
    QString kind;                // tabular | image | text
    qint64 datasetVersionId = 0;
    QString artifact;            // hash of the serialised preparation in the artifact store
    qint64 bytes = 0;
    QString createdAt;
    QString lastUsedAt;
};

// Size of (part of) the preparation cache.
struct PreparationCacheStats {
    qint64 entries = 0;
    qint64 bytes = 0;
};

// The preparation cache's table (key -> artifact) and its artifacts. Several keys may share
// one artifact (two settings that prepare identically), so an artifact is deleted only with
// the last entry that refers to it. Holds a reference to the workspace; thread-safe as
// Workspace is. Another process may prune while one trains: a vanished artifact is a
// cache miss for the trainer, never an error.
class PreparationStore {
public:
    explicit PreparationStore(const Workspace& workspace) : m_workspace(workspace) {}

    std::optional<PreparationEntry> find(const QString& key) const;
    // The entry's bytes, checked against their hash and recorded size, and marks the entry
    // used now. Throws NotFound when the artifact is gone, Corrupt when it is damaged.
    QByteArray load(const PreparationEntry& entry) const;
    // Stores `bytes` as an artifact and records (or replaces) `key` -> that artifact.
    PreparationEntry store(const QString& key, const QString& kind, qint64 datasetVersionId, const QByteArray& bytes) const;
    // Forgets an entry whose artifact proved unusable and deletes that artifact, so storing
    // the same preparation again writes it afresh (the artifact store keeps an existing file).
    void discard(const PreparationEntry& entry) const;

    PreparationCacheStats stats() const;
    // Keys of entries whose artifact is no longer in the store, sorted.
    QStringList keysWithoutArtifact() const;
    // Forgets every entry not used in the last `days` days (0: every entry) and deletes the
    // artifacts no entry refers to any more. Returns what was removed. Throws InvalidArgument
    // for a negative `days`.
    PreparationCacheStats prune(int days) const;

private:
    const Workspace& m_workspace;
};

}  // namespace mb
