-- PostgreSQL edition of db/migrations/0090_report.sql.
CREATE TABLE reported_figures (
    table_id text NOT NULL,
    row_key  text NOT NULL,
    period   text NOT NULL,   -- a date yyyy-MM-dd or a year yyyy: text
    value    numeric NOT NULL,
    unit     text NOT NULL,
    source   text NOT NULL,
    note     text,
    rowid    bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    PRIMARY KEY (table_id, row_key, period)
);

CREATE TABLE esg_figures (
    placement_id                 text NOT NULL REFERENCES fund_placements (placement_id),
    as_of                        date NOT NULL,
    sfdr_article                 bigint CHECK (sfdr_article IN (6, 8, 9)),
    carbon_intensity             numeric,
    temperature_c                numeric,
    science_based_targets_pct    numeric,
    ungc_oecd_breach_pct         numeric,
    female_board_pct             numeric,
    gender_pay_gap_pct           numeric,
    controversial_weapons_pct    numeric,
    no_human_rights_policy_pct   numeric,
    source                       text NOT NULL,
    rowid                        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    PRIMARY KEY (placement_id, as_of)
);

CREATE TABLE report_commentary (
    kind        text NOT NULL CHECK (kind IN ('annual', 'tertial')),
    period      text NOT NULL,
    section     text NOT NULL,
    version     bigint NOT NULL CHECK (version >= 1),
    text        text NOT NULL,
    written_at  text NOT NULL,
    written_by  text NOT NULL,
    rowid       bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    PRIMARY KEY (kind, period, section, version)
);
CREATE TRIGGER report_commentary_immutable BEFORE UPDATE OR DELETE ON report_commentary
FOR EACH ROW EXECUTE FUNCTION refuse_change('commentary versions are immutable: a change is a new version');

CREATE TABLE report_pdfs (
    html_sha256      text PRIMARY KEY,
    kind             text NOT NULL,
    period           text NOT NULL,
    snapshot_month   text,
    snapshot_version bigint,
    created_at       text NOT NULL,
    pdf              bytea NOT NULL
);
