-- The finance report's own data (issue 13).

-- Figures a report prints that the registers cannot give: last year's column where no frozen snapshot of last year
-- exists, the fund's accounts (Tabell 1.1), published portfolio ESG figures. Each row is one cell of a report table,
-- loaded as reported data with its source; the report marks it "publisert" and never presents it as computed.
CREATE TABLE reported_figures (
    table_id TEXT NOT NULL,   -- the report's numbering: 'Tabell 1.1', 'Tabell 4.1', 'Figur 3.1', 'ESG'
    row_key  TEXT NOT NULL,   -- the row as the report names it
    period   TEXT NOT NULL,   -- the column: a date yyyy-MM-dd or a year yyyy
    value    TEXT NOT NULL,   -- decimal as text (NOK, percent or the unit given)
    unit     TEXT NOT NULL,
    source   TEXT NOT NULL,
    note     TEXT,
    PRIMARY KEY (table_id, row_key, period)
) STRICT;

-- The ESG register: per placement and date, the managers' / the adviser's sustainability figures (MSCI ESG Manager via
-- Formue), as the report's Vedlegg 2 prints them. Percentages are percent numbers; null = not reported.
CREATE TABLE esg_figures (
    placement_id                 TEXT NOT NULL REFERENCES fund_placements (placement_id),
    as_of                        TEXT NOT NULL,
    sfdr_article                 INTEGER CHECK (sfdr_article IN (6, 8, 9)),
    carbon_intensity             TEXT,   -- tCO2e per million EUR invested (scope 1, 2 and 3)
    temperature_c                TEXT,   -- implied temperature rise, °C
    science_based_targets_pct    TEXT,   -- share of companies with approved SBT
    ungc_oecd_breach_pct         TEXT,
    female_board_pct             TEXT,
    gender_pay_gap_pct           TEXT,
    controversial_weapons_pct    TEXT,
    no_human_rights_policy_pct   TEXT,
    source                       TEXT NOT NULL,
    PRIMARY KEY (placement_id, as_of)
) STRICT;

-- The treasurer's commentary of a report: text per section, every change a new version (never updated in place).
CREATE TABLE report_commentary (
    kind        TEXT NOT NULL CHECK (kind IN ('annual', 'tertial')),
    period      TEXT NOT NULL,          -- '2025' or '2025-1'
    section     TEXT NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    text        TEXT NOT NULL,
    written_at  TEXT NOT NULL,
    written_by  TEXT NOT NULL,
    PRIMARY KEY (kind, period, section, version)
) STRICT;
CREATE TRIGGER report_commentary_immutable_update BEFORE UPDATE ON report_commentary
BEGIN SELECT RAISE(ABORT, 'commentary versions are immutable: a change is a new version'); END;
CREATE TRIGGER report_commentary_immutable_delete BEFORE DELETE ON report_commentary
BEGIN SELECT RAISE(ABORT, 'commentary versions are immutable: a change is a new version'); END;

-- Printed PDFs, one per rendered report (keyed by the SHA-256 of the HTML it was printed from): a frozen report is
-- printed once and then served from here. A derived rendering, not a register: not in the audit trail.
CREATE TABLE report_pdfs (
    html_sha256      TEXT PRIMARY KEY,
    kind             TEXT NOT NULL,
    period           TEXT NOT NULL,
    snapshot_month   TEXT,
    snapshot_version INTEGER,
    created_at       TEXT NOT NULL,
    pdf              BLOB NOT NULL
) STRICT;
