-- The preparation cache: what a workload's prepare() produced (fitted preprocessing and the
-- prepared splits), stored as one artifact and found again by the hash of what it depends on,
-- so a run that changes only training settings (lr, epochs, ...) does not prepare the data again.
CREATE TABLE preparations (
    prep_key           TEXT PRIMARY KEY,  -- SHA-256 of dataset version + workload kind + its preparation keys + pipeline version
    kind               TEXT NOT NULL,     -- tabular | image | text
    dataset_version_id INTEGER NOT NULL REFERENCES dataset_versions (id) ON DELETE CASCADE,
    artifact           TEXT NOT NULL,     -- the serialised preparation
    bytes              INTEGER NOT NULL,
    created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    last_used_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX preparations_by_artifact ON preparations (artifact);
-- Whether a run loaded its preparation from the cache (1) or prepared the data itself (0).
ALTER TABLE runs ADD COLUMN prep_cached INTEGER NOT NULL DEFAULT 0;
