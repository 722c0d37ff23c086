-- Keyed checkpoints of the audit trail. Since this version every audit entry is authenticated with HMAC-SHA-256 under a
-- key the database does not hold (Audit:Key or the key file beside the database). A row here is written by the service
-- at start-up when the trail has no checkpoint yet; its own (keyed) log entry continues the chain of everything before
-- it, so a trail written before the key existed (plain SHA-256) can no longer be rewritten unnoticed.
CREATE TABLE audit_checkpoints (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    sealed_seq  INTEGER NOT NULL,
    sealed_hash TEXT NOT NULL,
    reason      TEXT NOT NULL
);
