-- The key ring of ASP.NET Core data protection (it encrypts the browser sign-in cookie): one row per key, its XML as the
-- framework writes it. Kept in the finance database so every service instance on the database reads the same ring and a
-- cookie issued by one instance is accepted by the others (src/Finance.Api/Infrastructure/DatabaseKeyRing.cs). Keys are
-- added, never changed or deleted; the framework marks an old key expired inside a newer element. Not audited (key
-- material, not a register: the audit log is readable by every auditor).
CREATE TABLE data_protection_keys (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    xml        TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
