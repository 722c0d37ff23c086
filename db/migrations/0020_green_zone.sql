-- Green zone (grønn sone): capital-market assumptions as versioned reference data, and every Monte Carlo run stored
-- with its inputs, seed, engine version and the exact JSON it returned. Decimals are TEXT (exact), dates ISO TEXT.

-- A version of the capital-market assumptions, in force from valid_from until the next version's valid_from.
CREATE TABLE green_zone_assumption_versions (
    version                INTEGER PRIMARY KEY,
    valid_from             TEXT NOT NULL UNIQUE,
    name                   TEXT NOT NULL,
    inflation_pct          TEXT NOT NULL,
    withdrawal_kind        TEXT NOT NULL CHECK (withdrawal_kind IN ('none', 'fixedNominal', 'fixedReal', 'percentOfValue')),
    withdrawal_amount_nok  TEXT NOT NULL,
    withdrawal_pct         TEXT NOT NULL,
    steps                  TEXT NOT NULL CHECK (steps IN ('annual', 'monthly')),
    rebalancing            TEXT NOT NULL CHECK (rebalancing IN ('monthly', 'yearly')),
    cost_pct               TEXT NOT NULL,
    paths                  INTEGER NOT NULL CHECK (paths BETWEEN 1 AND 2000000),
    horizon_years          INTEGER NOT NULL CHECK (horizon_years BETWEEN 1 AND 50),
    source                 TEXT,
    created_at             TEXT NOT NULL,
    created_by             TEXT NOT NULL
) STRICT;

-- Per asset class: expected simple annual return E[1+R]-1 and volatility (annual s.d. of the log return), in percent.
CREATE TABLE green_zone_assumption_classes (
    version              INTEGER NOT NULL REFERENCES green_zone_assumption_versions (version),
    asset_class          TEXT NOT NULL CHECK (asset_class IN ('equities', 'bonds', 'cash')),
    expected_return_pct  TEXT NOT NULL,
    volatility_pct       TEXT NOT NULL,
    source               TEXT,
    PRIMARY KEY (version, asset_class)
) STRICT;

-- Correlation of two classes' log returns; each pair once, in code order (a < b). Pairs not listed are 0.
CREATE TABLE green_zone_assumption_correlations (
    version  INTEGER NOT NULL REFERENCES green_zone_assumption_versions (version),
    a        TEXT NOT NULL CHECK (a IN ('equities', 'bonds', 'cash')),
    b        TEXT NOT NULL CHECK (b IN ('equities', 'bonds', 'cash')),
    rho      TEXT NOT NULL,
    source   TEXT,
    PRIMARY KEY (version, a, b),
    CHECK (a < b)
) STRICT;

-- Every run, immutable. id is derived from the resolved inputs (same inputs and seed -> same id and same result).
-- result_json is the exact response body; GET returns these bytes. result_sha256 is the SHA-256 (hex) of its UTF-8 bytes.
CREATE TABLE green_zone_runs (
    id                   TEXT PRIMARY KEY,
    created_at           TEXT NOT NULL,
    created_by           TEXT NOT NULL,
    as_of                TEXT NOT NULL,
    seed                 INTEGER NOT NULL,
    paths                INTEGER NOT NULL,
    engine_version       TEXT NOT NULL,
    assumptions_version  INTEGER NOT NULL REFERENCES green_zone_assumption_versions (version),
    request_json         TEXT NOT NULL,
    result_json          TEXT NOT NULL,
    result_sha256        TEXT NOT NULL
) STRICT;
CREATE INDEX green_zone_runs_by_as_of ON green_zone_runs (as_of);

-- Version 1: the assumptions that reproduce the green-zone figures of the 2025 annual report (Vedlegg 1, L1918-1921:
-- P(real value kept) 98 %, P(buffer lost) 0 %, real value 4 248 and market value 6 482 MNOK after 15 years).
-- Reference data, not demo data: it exists even with Finance:SeedDemoData=false. Derivation: docs/green-zone.md.
INSERT INTO green_zone_assumption_versions (version, valid_from, name, inflation_pct, withdrawal_kind, withdrawal_amount_nok,
    withdrawal_pct, steps, rebalancing, cost_pct, paths, horizon_years, source, created_at, created_by)
VALUES (1, '2025-01-01', 'Kapitalmarkedsforutsetninger 2025 (kalibrert til årsrapport 2025, Vedlegg 1)', '2.0', 'percentOfValue', '0',
    '1.88', 'monthly', 'monthly', '0', 100000, 15,
    'Inflation 2.0 % (Norges Bank target; the report''s 3 156 x 1.02^15 = 4 248). Withdrawal 1.88 % of the year-end value = 69.6 / (3 624.5 + 69.6) MNOK, the 2025 withdrawal (L1522) as a share of the value; proportional withdrawal keeps the fund value lognormal, as the report''s figures are (98 %; README: 97.94 % with 6 482 as the mean). Costs 0: fees are inside the managers'' reported values. Monthly steps and rebalancing: strategy 40/60 with a +-3 pp band checked quarterly (L1582-1592).',
    '2026-01-01T00:00:00Z', 'migration 0020');

INSERT INTO green_zone_assumption_classes (version, asset_class, expected_return_pct, volatility_pct, source) VALUES
    (1, 'equities', '8.0', '11.4', 'Volatility: MSCI ACWI standard deviation 11.4 % (Vedlegg 1, L1923). Return: bonds + 3.4 pp equity premium, calibrated so the portfolio''s expected value after 15 years is the report''s 6 482 MNOK (L1919).'),
    (1, 'bonds', '4.6', '3.0', 'Return: 3M Nibor 4.2 % at year end (L1840) + about 0.4 pp credit spread (L1873). Volatility 3.0 %: interest-rate duration 2.9 years (L1926) x about 1 pp yearly rate volatility.'),
    (1, 'cash', '4.2', '0.5', 'Bank deposit at about 3M Nibor 4.2 % (L1840); not in the strategy (weight 0), listed for runs that include it.');

INSERT INTO green_zone_assumption_correlations (version, a, b, rho, source) VALUES
    (1, 'bonds', 'equities', '0.12', 'Chosen so the 40/60 portfolio''s volatility is the reported 36-month 5.1 % (L1922): sqrt(0.4^2 x 11.4^2 + 0.6^2 x 3.0^2 + 2 x 0.4 x 0.6 x 0.12 x 11.4 x 3.0) = 5.10 %.'),
    (1, 'bonds', 'cash', '0', 'No correlation assumed for bank deposits.'),
    (1, 'cash', 'equities', '0', 'No correlation assumed for bank deposits.');
