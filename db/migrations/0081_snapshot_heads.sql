-- The audit trail's chain head when a snapshot was frozen: the sequence number and hash of the last entry (the
-- snapshot's own). Printed on the snapshot and on every report built from it, it is a head kept outside the database:
-- GET /api/audit/verify?expectHead=seq:hash later proves that the trail up to it is still there, unchanged.
CREATE TABLE snapshot_heads (
    month      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    audit_seq  INTEGER NOT NULL,
    audit_hash TEXT NOT NULL,
    PRIMARY KEY (month, version),
    FOREIGN KEY (month, version) REFERENCES snapshots (month, version)
) STRICT;

CREATE TRIGGER snapshot_heads_immutable_update BEFORE UPDATE ON snapshot_heads
BEGIN SELECT RAISE(ABORT, 'snapshot heads are immutable'); END;
CREATE TRIGGER snapshot_heads_immutable_delete BEFORE DELETE ON snapshot_heads
BEGIN SELECT RAISE(ABORT, 'snapshot heads are immutable'); END;
