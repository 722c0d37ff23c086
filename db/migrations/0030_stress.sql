-- The two-part stress test. Offsetting items (motposter) of the debt are maintained as dated sets: the set with the
-- latest as_of on or before the test date is used. Stored results are evidence: never updated, never deleted.
CREATE TABLE stress_offsets (
    as_of      TEXT NOT NULL,
    item       TEXT NOT NULL,
    amount_nok TEXT NOT NULL,
    note       TEXT,
    PRIMARY KEY (as_of, item)
) STRICT;

CREATE TABLE stress_tests (
    id             INTEGER PRIMARY KEY,
    as_of          TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    policy_version INTEGER NOT NULL REFERENCES policy_versions (version),
    content_hash   TEXT NOT NULL,
    document       TEXT NOT NULL
) STRICT;
CREATE INDEX stress_tests_by_date ON stress_tests (as_of);

CREATE TRIGGER stress_tests_immutable_update BEFORE UPDATE ON stress_tests
BEGIN SELECT RAISE(ABORT, 'stored stress tests are immutable'); END;
CREATE TRIGGER stress_tests_immutable_delete BEFORE DELETE ON stress_tests
BEGIN SELECT RAISE(ABORT, 'stored stress tests are immutable'); END;
