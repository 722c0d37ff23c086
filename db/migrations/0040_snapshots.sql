-- Monthly snapshots: at each month end the risk figures are frozen as one JSON document with its SHA-256.
-- A snapshot is evidence: never updated, never deleted. A correction after the data changed is a new version of
-- the same month (1, 2, …) with a label saying why; the report for a period reads the version it names (default:
-- the latest), so a printed report can always be reproduced.
CREATE TABLE snapshots (
    month        TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    as_of        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    label        TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    document     TEXT NOT NULL,
    PRIMARY KEY (month, version)
) STRICT;

CREATE TRIGGER snapshots_immutable_update BEFORE UPDATE ON snapshots
BEGIN SELECT RAISE(ABORT, 'snapshots are immutable: a correction is a new version'); END;
CREATE TRIGGER snapshots_immutable_delete BEFORE DELETE ON snapshots
BEGIN SELECT RAISE(ABORT, 'snapshots are immutable: a correction is a new version'); END;

-- Report drafts produced by the scheduler after 30.04, 31.08 and 31.12: the report document, the snapshot it was
-- built from and its hash. Immutable like the snapshots.
CREATE TABLE report_drafts (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('annual', 'tertial')),
    year             INTEGER NOT NULL,
    tertial          INTEGER CHECK (tertial IN (1, 2, 3)),
    snapshot_month   TEXT NOT NULL,
    snapshot_version INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    content_hash     TEXT NOT NULL,
    document         TEXT NOT NULL,
    FOREIGN KEY (snapshot_month, snapshot_version) REFERENCES snapshots (month, version)
) STRICT;
CREATE UNIQUE INDEX report_drafts_once ON report_drafts (kind, year, COALESCE(tertial, 0), content_hash);

CREATE TRIGGER report_drafts_immutable_update BEFORE UPDATE ON report_drafts
BEGIN SELECT RAISE(ABORT, 'report drafts are immutable'); END;
CREATE TRIGGER report_drafts_immutable_delete BEFORE DELETE ON report_drafts
BEGIN SELECT RAISE(ABORT, 'report drafts are immutable'); END;
