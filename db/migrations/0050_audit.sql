-- The audit trail: every insert, update and delete of the registers, with who, when, and the row before and after
-- (JSON). The service only ever appends. Each entry carries the SHA-256 of its content chained to the previous entry's
-- hash, so an edited, inserted or deleted entry breaks the chain (GET /api/audit/verify). The triggers that write it
-- are created per connection by the service (see Finance.Data.Audit), so a change made outside the service is not
-- logged — and is then found by verify, because the table no longer matches the log's last image of the row.
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    table_name TEXT NOT NULL,
    row_id     INTEGER NOT NULL,
    before     TEXT,
    after      TEXT,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_log_by_row ON audit_log (table_name, row_id, seq);
CREATE INDEX audit_log_by_time ON audit_log (at);
