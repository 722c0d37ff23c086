-- What the scheduler ran and how it went: one row per execution (a retry is its own row, attempt 2, 3, …).
-- Written by the job listener of whichever process ran the job (API host or worker), so GET /api/jobs shows both.
CREATE TABLE job_executions (
    id             INTEGER PRIMARY KEY,
    fire_id        TEXT NOT NULL,
    job            TEXT NOT NULL,
    trigger_name   TEXT NOT NULL,
    scheduled_at   TEXT,
    fired_at       TEXT NOT NULL,
    finished_at    TEXT NOT NULL,
    duration_ms    INTEGER NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'retryScheduled')),
    attempt        INTEGER NOT NULL,
    result         TEXT,
    error          TEXT,
    instance       TEXT NOT NULL
) STRICT;
CREATE INDEX job_executions_recent ON job_executions (fired_at DESC);
