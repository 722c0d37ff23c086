-- The deviation register (avviksregister): a breach of a limit, recorded when detected, with the treasury's
-- explanation and handling. One open deviation per limit and policy version at a time.
CREATE TABLE deviations (
    id             INTEGER PRIMARY KEY,
    limit_id       TEXT NOT NULL,
    policy_version INTEGER NOT NULL REFERENCES policy_versions (version),
    detected_on    TEXT NOT NULL,
    detected_at    TEXT NOT NULL,
    actual         TEXT,
    min            TEXT,
    max            TEXT,
    unit           TEXT,
    description    TEXT NOT NULL,
    explanation    TEXT,
    handling       TEXT,
    resolved_on    TEXT,
    updated_by     TEXT
) STRICT;
CREATE UNIQUE INDEX deviations_one_per_day ON deviations (limit_id, policy_version, detected_on);

-- Manager or treasury attestations for limits the system cannot compute from its registers (credit quality,
-- subordinated share, management style): the limit was confirmed met (or not) at a date, with the source.
CREATE TABLE limit_attestations (
    as_of     TEXT NOT NULL,
    limit_id  TEXT NOT NULL,
    compliant INTEGER NOT NULL CHECK (compliant IN (0, 1)),
    actual    TEXT,
    source    TEXT NOT NULL,
    PRIMARY KEY (as_of, limit_id)
) STRICT;
