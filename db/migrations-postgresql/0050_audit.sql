-- PostgreSQL edition of db/migrations/0050_audit.sql: the audit trail, with the same entries and the same verification.
-- Here the triggers are ordinary row triggers on every register table (created by the service after its migrations,
-- see Finance.Data.Audit.PostgresAudit), each calling audit_append below.
CREATE TABLE audit_log (
    seq        bigint PRIMARY KEY,
    at         text NOT NULL,
    actor      text NOT NULL,
    action     text NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    table_name text NOT NULL,
    row_id     bigint NOT NULL,
    before     text,
    after      text,
    prev_hash  text NOT NULL,
    hash       text NOT NULL
);
CREATE INDEX audit_log_by_row ON audit_log (table_name, row_id, seq);
CREATE INDEX audit_log_by_time ON audit_log (at);

-- The last sequence number ever given out (SQLite keeps it in sqlite_sequence for AUTOINCREMENT): raised by the writing
-- transaction as it commits, so a rolled-back write leaves no gap, and never lowered, so an entry cut off the end is
-- noticed. It is raised once per transaction (audit_count below), not once per entry: updating one row 100 000 times in
-- one transaction costs time quadratic in the count (every update walks the row's chain of versions: 10 000 updates
-- 0.7 s, 40 000 updates 11.7 s, measured), which made a 50 000-loan import take minutes.
CREATE TABLE audit_log_counter (
    id       bigint PRIMARY KEY CHECK (id = 1),
    last_seq bigint NOT NULL
);
INSERT INTO audit_log_counter (id, last_seq) VALUES (1, 0);

-- Appends one entry. Writers are serialized by the store's write lock (the transaction-scoped advisory lock below, which
-- every write transaction of the service takes first), so each entry continues the hash of the one before. The hash is
-- HMAC-SHA-256 over the entry's content (prev|at|actor|action|table|row|before|after), keyed by a secret the database
-- does not hold: the service hands the two padded keys of the HMAC to its own connections (finance.audit_ipad and
-- finance.audit_opad, hex), and HMAC(K, m) = SHA-256(K xor opad || SHA-256(K xor ipad || m)). A write on a connection
-- without the key (outside the service) fails.
CREATE FUNCTION audit_append(p_action text, p_table text, p_row bigint, p_before text, p_after text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    ipad    text := current_setting('finance.audit_ipad', true);
    opad    text := current_setting('finance.audit_opad', true);
    v_seq   bigint;
    v_prev  text;
    v_at    text;
    v_actor text;
    v_text  text;
BEGIN
    IF ipad IS NULL OR ipad = '' OR opad IS NULL OR opad = '' THEN
        RAISE EXCEPTION 'audited table %: no audit key on this connection (write through the service)', p_table
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM pg_advisory_xact_lock(28826370426430309);
    SELECT seq, hash INTO v_seq, v_prev FROM audit_log ORDER BY seq DESC LIMIT 1;
    SELECT GREATEST(COALESCE(v_seq, 0), last_seq) + 1 INTO v_seq FROM audit_log_counter WHERE id = 1;
    v_prev := COALESCE(v_prev, '');
    v_at := to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
    v_actor := COALESCE(NULLIF(current_setting('finance.actor', true), ''), 'system');
    v_text := v_prev || '|' || v_at || '|' || v_actor || '|' || p_action || '|' || p_table || '|' || p_row::text || '|'
        || COALESCE(p_before, '') || '|' || COALESCE(p_after, '');
    INSERT INTO audit_log (seq, at, actor, action, table_name, row_id, before, after, prev_hash, hash)
    VALUES (v_seq, v_at, v_actor, p_action, p_table, p_row, p_before, p_after, v_prev,
            encode(sha256(decode(opad, 'hex') || sha256(decode(ipad, 'hex') || convert_to(v_text, 'UTF8'))), 'hex'));
END
$$;

-- Raises the counter when the writing transaction commits: of the entries it appended, the last one (the log's highest
-- number, as writers are serialized) sets last_seq; for every other entry this is one index lookup.
CREATE FUNCTION audit_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.seq = (SELECT MAX(seq) FROM audit_log) THEN
        UPDATE audit_log_counter SET last_seq = GREATEST(last_seq, NEW.seq) WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER audit_log_count AFTER INSERT ON audit_log
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_count();
