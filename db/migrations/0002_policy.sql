-- The financial regulations (finansreglement) as versioned data. A version is in force from valid_from until
-- the next version's valid_from. Limits hold numbers as TEXT (exact) or a rating string (BBB-) for rating limits.
CREATE TABLE policy_versions (
    version     INTEGER PRIMARY KEY,
    valid_from  TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE policy_limits (
    version     INTEGER NOT NULL REFERENCES policy_versions (version),
    limit_id    TEXT NOT NULL,
    area        TEXT NOT NULL,
    description TEXT NOT NULL,
    min         TEXT,
    max         TEXT,
    target      TEXT,
    unit        TEXT,
    source      TEXT,
    PRIMARY KEY (version, limit_id)
) STRICT;
