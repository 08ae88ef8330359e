-- Datasets and their immutable, content-addressed versions.
CREATE TABLE datasets (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,               -- tabular | text | image
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE dataset_versions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    dataset_id   INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,          -- 1, 2, ... within the dataset
    content_hash TEXT NOT NULL,             -- SHA-256 of content + schema + split
    parent_id    INTEGER REFERENCES dataset_versions (id),
    artifact     TEXT NOT NULL,             -- canonical CSV of the rows
    split_artifact TEXT NOT NULL DEFAULT '',-- one line per row: train | val | test
    row_count    INTEGER NOT NULL,
    column_count INTEGER NOT NULL,
    label_kind   TEXT NOT NULL,             -- classification | regression
    metadata     TEXT NOT NULL DEFAULT '{}',-- JSON: columns, types, class counts, split
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (dataset_id, content_hash),
    UNIQUE (dataset_id, number)
);
