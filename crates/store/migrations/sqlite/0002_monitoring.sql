-- Continuous monitoring: the customer registry, alerts and their history,
-- the per-list monitoring state, the webhook outbox, settings and the
-- hash-chained audit log. See docs/monitoring.md.
-- Portable SQL: TEXT, INTEGER, DOUBLE PRECISION; times are RFC 3339 UTC
-- text with microseconds (sorts as text), JSON is text.

-- One customer of the bank, keyed by the bank's own id.
CREATE TABLE customers (
    id             TEXT PRIMARY KEY,
    -- Person, Organization, Company, Vessel, Aircraft; NULL when unknown
    kind           TEXT,
    -- JSON array of names, the main one first
    names          TEXT NOT NULL,
    -- JSON array of YYYY[-MM[-DD]]
    birth_dates    TEXT NOT NULL,
    -- JSON array of countries as given
    countries      TEXT NOT NULL,
    -- JSON array of identifier values
    identifiers    TEXT NOT NULL,
    -- JSON object of free fields (not screened)
    fields         TEXT NOT NULL,
    -- sha256 hex of the canonical JSON of the whole customer
    content_hash   TEXT NOT NULL,
    -- sha256 hex of the canonical JSON of the screened fields
    screening_hash TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX customers_updated_at ON customers (updated_at);

-- One (customer, listed entity) pair that screened above the threshold.
CREATE TABLE alerts (
    id                      INTEGER PRIMARY KEY,
    customer_id             TEXT NOT NULL REFERENCES customers (id),
    entity_id               TEXT NOT NULL,
    source                  TEXT NOT NULL,
    status                  TEXT NOT NULL
        CHECK (status IN ('open', 'confirmed', 'dismissed', 'delisted')),
    score                   DOUBLE PRECISION NOT NULL,
    entity_name             TEXT NOT NULL,
    customer_name           TEXT NOT NULL,
    matched_name            TEXT NOT NULL,
    -- JSON explanation of the last screening
    explanation             TEXT NOT NULL,
    -- list version that raised (or last reopened) the alert
    raised_by_version       TEXT NOT NULL,
    -- list version of the last screening of the pair
    last_version            TEXT NOT NULL,
    -- screening hash of the customer and sha256 of the entity at the last screening
    customer_hash           TEXT NOT NULL,
    entity_hash             TEXT NOT NULL,
    -- four-eyes: the first confirming reviewer
    pending_confirmation_by TEXT,
    decided_by              TEXT,
    decided_at              TEXT,
    decision_reason         TEXT,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    UNIQUE (customer_id, entity_id)
);
CREATE INDEX alerts_status ON alerts (status, id);
CREATE INDEX alerts_entity ON alerts (entity_id);

-- Every change of every alert.
CREATE TABLE alert_events (
    id          INTEGER PRIMARY KEY,
    alert_id    INTEGER NOT NULL REFERENCES alerts (id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    reason      TEXT,
    score       DOUBLE PRECISION,
    version_id  TEXT
);
CREATE INDEX alert_events_alert ON alert_events (alert_id, id);

-- The list version last screened against the registry, per list: the
-- start of the next delta.
CREATE TABLE monitor_state (
    source      TEXT PRIMARY KEY,
    version_id  TEXT NOT NULL,
    screened_at TEXT NOT NULL
);

-- New and reopened alerts to deliver to the webhook, written in the
-- transaction that raised them.
CREATE TABLE webhook_outbox (
    id              INTEGER PRIMARY KEY,
    alert_id        INTEGER NOT NULL REFERENCES alerts (id),
    event           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    delivered_at    TEXT,
    last_error      TEXT
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (delivered_at, next_attempt_at);

-- Monitoring settings (four_eyes, threshold), JSON values.
CREATE TABLE monitor_settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- Append-only audit log; hash = sha256(prev_hash + canonical JSON of the
-- record without hash).
CREATE TABLE audit_log (
    seq            INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    -- canonical JSON object
    details        TEXT NOT NULL,
    -- JSON array of list version ids
    list_versions  TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- What the audit log should hold, updated with every append: detects
-- records removed from the end.
CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    count     INTEGER NOT NULL,
    last_seq  INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, count, last_seq, last_hash)
VALUES (1, 0, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- The application never changes or removes an audit record.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
