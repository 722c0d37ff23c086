-- The managed fund (forvaltningsfondet). Conventions: amounts are exact decimal NOK stored as TEXT,
-- percentages are percent numbers as TEXT, dates ISO yyyy-MM-dd, months yyyy-MM.

CREATE TABLE app_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The individual funds (placements) and the fund's bank account, each in one asset class.
CREATE TABLE fund_placements (
    placement_id    TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    manager         TEXT,
    asset_class     TEXT NOT NULL CHECK (asset_class IN ('equities', 'bonds', 'cash')),
    benchmark_index TEXT,
    sfdr_article    INTEGER CHECK (sfdr_article IN (6, 8, 9))
) STRICT;

-- Month-end market value of one placement, as the manager reports it, with the month's financial income
-- (value change incl. fees, flows excluded) and the bond durations when reported.
CREATE TABLE fund_placement_valuations (
    date                     TEXT NOT NULL,
    placement_id             TEXT NOT NULL REFERENCES fund_placements (placement_id),
    market_value_nok         TEXT NOT NULL,
    income_nok               TEXT,
    interest_duration_years  TEXT,
    credit_duration_years    TEXT,
    PRIMARY KEY (date, placement_id)
) STRICT;

-- Month-end market value of a whole asset class, for data that is only known per class (the monthly tables
-- of the finance report). Where placements of the class are valued at the same date, their sum is used.
CREATE TABLE fund_class_valuations (
    date              TEXT NOT NULL,
    asset_class       TEXT NOT NULL CHECK (asset_class IN ('equities', 'bonds', 'cash')),
    market_value_nok  TEXT NOT NULL,
    income_nok        TEXT,
    PRIMARY KEY (date, asset_class)
) STRICT;

-- Money moved in or out of the fund (withdrawal < 0, deposit > 0) or between classes (rebalancing transfers,
-- which net to zero over the fund). asset_class is the placement's class when placement_id is given.
CREATE TABLE fund_flows (
    flow_id      INTEGER PRIMARY KEY,
    date         TEXT NOT NULL,
    placement_id TEXT REFERENCES fund_placements (placement_id),
    asset_class  TEXT NOT NULL CHECK (asset_class IN ('equities', 'bonds', 'cash')),
    amount_nok   TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('withdrawal', 'deposit', 'transfer')),
    note         TEXT
) STRICT;
CREATE INDEX fund_flows_by_date ON fund_flows (date);

-- Benchmark returns: monthly (period yyyy-MM) or a published annual figure (period yyyy).
CREATE TABLE fund_benchmark_returns (
    period     TEXT NOT NULL,
    series     TEXT NOT NULL CHECK (series IN ('composite', 'equities', 'bonds')),
    return_pct TEXT NOT NULL,
    PRIMARY KEY (period, series)
) STRICT;

-- Yearly returns from before the system holds monthly data (Vedlegg 5e).
CREATE TABLE fund_return_history (
    year          INTEGER PRIMARY KEY,
    period_years  TEXT NOT NULL,
    return_pct    TEXT NOT NULL,
    benchmark_pct TEXT,
    return_nok    TEXT
) STRICT;

-- One row: the fund's fixed parameters.
CREATE TABLE fund_parameters (
    id                     INTEGER PRIMARY KEY CHECK (id = 1),
    grunnkapital_nok       TEXT NOT NULL,
    real_value_base_nok    TEXT NOT NULL,
    real_value_base_year   INTEGER NOT NULL
) STRICT;

-- Annual-average consumer price index (SSB KPI), any base year as long as it is one series.
CREATE TABLE cpi (
    year  INTEGER PRIMARY KEY,
    idx   TEXT NOT NULL
) STRICT;
