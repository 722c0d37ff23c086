-- API keys managed in the database (POST /api/admin/keys, or `Finance.Api keys add` on a fresh install), beside the
-- keys of configuration. Only the SHA-256 of a key is stored (hex, lower case): the key itself is shown once, when it is
-- made, and cannot be read back. A key is never deleted, only revoked (revoked_at), so its name — the actor of its
-- changes in the audit trail — stays unique for good.
CREATE TABLE api_keys (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('treasurer', 'auditor', 'viewer', 'admin')),
    sha256     TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at TEXT
) STRICT;
