-- List versions, entity revisions and download state.
-- See docs/store.md for the design (membership blobs, shared revisions).

-- Each distinct state of an entity, stored once.
CREATE TABLE entity_revisions (
    id        INTEGER PRIMARY KEY,
    -- `<source>:<native id>`
    entity_id TEXT    NOT NULL,
    source    TEXT    NOT NULL,
    -- sha256 of the canonical JSON (32 bytes)
    digest    BLOB    NOT NULL UNIQUE,
    -- zstd-compressed canonical JSON
    body      BLOB    NOT NULL
);
CREATE INDEX entity_revisions_entity_id ON entity_revisions (entity_id);

-- One imported, immutable version of a list.
CREATE TABLE list_versions (
    id           INTEGER PRIMARY KEY,
    -- hex sha256 of the raw files
    version_id   TEXT    NOT NULL UNIQUE,
    source       TEXT    NOT NULL,
    format       TEXT    NOT NULL,
    -- YYYY-MM-DD, or NULL when unknown
    published    TEXT,
    -- RFC 3339 UTC with microseconds, e.g. 2024-03-05T10:00:00.000000Z
    imported_at  TEXT    NOT NULL,
    entity_count INTEGER NOT NULL,
    -- JSON array of [file name, hex sha256]
    files        TEXT    NOT NULL,
    -- sorted entity_revisions ids: zstd(varint count, varint deltas)
    members      BLOB    NOT NULL
);
CREATE INDEX list_versions_source ON list_versions (source, published, imported_at);

-- The last download of each file of a list, for conditional requests.
CREATE TABLE fetch_state (
    source        TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    sha256        TEXT,
    fetched_at    TEXT NOT NULL,
    PRIMARY KEY (source, file_name)
);
