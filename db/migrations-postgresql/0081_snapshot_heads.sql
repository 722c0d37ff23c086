-- PostgreSQL edition of db/migrations/0081_snapshot_heads.sql.
CREATE TABLE snapshot_heads (
    month      text NOT NULL,
    version    bigint NOT NULL,
    audit_seq  bigint NOT NULL,
    audit_hash text NOT NULL,
    rowid      bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    PRIMARY KEY (month, version),
    FOREIGN KEY (month, version) REFERENCES snapshots (month, version)
);

CREATE TRIGGER snapshot_heads_immutable BEFORE UPDATE OR DELETE ON snapshot_heads
FOR EACH ROW EXECUTE FUNCTION refuse_change('snapshot heads are immutable');
