-- Training runs with per-epoch metrics; registered models, their versions and aliases;
-- predictions kept for inspection; feedback (corrected labels); background jobs.
CREATE TABLE runs (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    run_key            TEXT NOT NULL,     -- SHA-256 of dataset version + resolved config + pipeline version
    dataset_version_id INTEGER NOT NULL REFERENCES dataset_versions (id),
    model_type         TEXT NOT NULL,     -- mlp | linear | cnn | text | imported
    config             TEXT NOT NULL,     -- the resolved config, YAML
    state              TEXT NOT NULL,     -- running | finished | failed | cancelled
    source             TEXT NOT NULL DEFAULT 'cli',
    best_epoch         INTEGER NOT NULL DEFAULT 0,
    epochs_run         INTEGER NOT NULL DEFAULT 0,
    metrics            TEXT NOT NULL DEFAULT '{}',  -- JSON: validation and test reports
    error              TEXT NOT NULL DEFAULT '',
    started_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at        TEXT,
    duration_seconds   REAL NOT NULL DEFAULT 0
);
CREATE INDEX runs_by_key ON runs (run_key);
CREATE TABLE run_epochs (
    run_id             INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    epoch              INTEGER NOT NULL,
    train_loss         REAL NOT NULL,
    val_loss           REAL NOT NULL,
    metrics            TEXT NOT NULL DEFAULT '{}',  -- JSON: accuracy, macro_f1, min_f1, ... on validation
    seconds            REAL NOT NULL,
    samples_per_second REAL NOT NULL,
    lr                 REAL NOT NULL,
    PRIMARY KEY (run_id, epoch)
);
CREATE TABLE models (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    task       TEXT NOT NULL,             -- classification | regression
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE model_versions (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    model_id           INTEGER NOT NULL REFERENCES models (id) ON DELETE CASCADE,
    version            INTEGER NOT NULL,
    run_id             INTEGER REFERENCES runs (id),
    dataset_version_id INTEGER REFERENCES dataset_versions (id),
    bundle             TEXT NOT NULL,     -- artifact: the self-contained model bundle
    model_type         TEXT NOT NULL,
    metrics            TEXT NOT NULL DEFAULT '{}',
    signature          TEXT NOT NULL DEFAULT '{}',  -- JSON: inputs and labels
    description        TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (model_id, version)
);
CREATE TABLE model_aliases (
    model_id   INTEGER NOT NULL REFERENCES models (id) ON DELETE CASCADE,
    alias      TEXT NOT NULL,
    version_id INTEGER NOT NULL REFERENCES model_versions (id),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (model_id, alias)
);
CREATE TABLE predictions (
    model_version_id   INTEGER NOT NULL REFERENCES model_versions (id) ON DELETE CASCADE,
    dataset_version_id INTEGER NOT NULL REFERENCES dataset_versions (id),
    row_index          INTEGER NOT NULL,
    split              TEXT NOT NULL,
    truth              TEXT NOT NULL,
    predicted          TEXT NOT NULL,
    confidence         REAL NOT NULL,
    top                TEXT NOT NULL DEFAULT '[]',  -- JSON: [[label, probability], ...] best first
    PRIMARY KEY (model_version_id, dataset_version_id, row_index)
);
CREATE TABLE feedback (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    dataset_version_id INTEGER REFERENCES dataset_versions (id),
    row_index          INTEGER,
    model_version_id   INTEGER REFERENCES model_versions (id),
    input              TEXT NOT NULL DEFAULT '{}',  -- JSON: the instance, when not a dataset row
    label              TEXT NOT NULL,
    source             TEXT NOT NULL,   -- gui | api | cli
    created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE jobs (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,           -- train | search
    state      TEXT NOT NULL,           -- queued | running | finished | failed | cancelled
    run_id     INTEGER REFERENCES runs (id),
    progress   TEXT NOT NULL DEFAULT '{}',
    error      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
