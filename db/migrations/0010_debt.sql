-- The debt portfolio (gjeldsporteføljen): the loan register, each loan's balance history and its events.
-- Conventions: amounts are exact decimal NOK as TEXT, rates are percent numbers as TEXT, dates ISO yyyy-MM-dd.

-- A loan's lasting attributes. Leases (OPS) are kept here too, marked rate_risk_exclusion = 'lease', and are never
-- counted as borrowing.
CREATE TABLE loans (
    loan_id              TEXT PRIMARY KEY,
    lender               TEXT NOT NULL,
    product              TEXT NOT NULL,
    category             TEXT NOT NULL CHECK (category IN ('investment', 'onLending')),
    rate_type            TEXT NOT NULL CHECK (rate_type IN ('fixed', 'floating')),
    amortisation         TEXT NOT NULL CHECK (amortisation IN ('bullet', 'serial', 'annuity')),
    instalments_per_year INTEGER NOT NULL CHECK (instalments_per_year IN (1, 2, 4, 12)),
    green                INTEGER NOT NULL CHECK (green IN (0, 1)),
    rate_risk_exclusion  TEXT NOT NULL CHECK (rate_risk_exclusion IN ('none', 'onLending', 'var', 'rateCompensated', 'lease')),
    note                 TEXT
) STRICT;

-- The balance history: the loan as it stood at a date (outstanding balance, rate in force, next reset, final maturity).
-- The loan at any date is its latest state on or before that date; a loan with no state yet did not exist.
CREATE TABLE loan_states (
    loan_id              TEXT NOT NULL REFERENCES loans (loan_id),
    date                 TEXT NOT NULL,
    balance_nok          TEXT NOT NULL,
    rate_pct             TEXT NOT NULL,
    next_rate_reset_date TEXT,
    maturity_date        TEXT NOT NULL,
    PRIMARY KEY (loan_id, date)
) STRICT;
CREATE INDEX loan_states_by_date ON loan_states (date);

-- What happened: new loans, drawdowns, instalments, redemptions, rate resets, refinancings. Each event that changes the
-- loan also writes the resulting loan_states row at its date.
CREATE TABLE loan_events (
    event_id             INTEGER PRIMARY KEY,
    loan_id              TEXT NOT NULL REFERENCES loans (loan_id),
    date                 TEXT NOT NULL,
    kind                 TEXT NOT NULL CHECK (kind IN ('newLoan', 'drawdown', 'instalment', 'redemption', 'rateReset', 'refinancing')),
    amount_nok           TEXT,
    rate_pct             TEXT,
    next_rate_reset_date TEXT,
    maturity_date        TEXT,
    note                 TEXT
) STRICT;
CREATE INDEX loan_events_by_date ON loan_events (date);

-- Published debt figures (the finance report's text and tables), kept beside the computed ones for comparison.
CREATE TABLE debt_reported (
    as_of   TEXT NOT NULL,
    metric  TEXT NOT NULL,
    value   TEXT NOT NULL,
    unit    TEXT,
    note    TEXT,
    source  TEXT,
    PRIMARY KEY (as_of, metric)
) STRICT;

-- On-lending (videreutlån / startlån) figures from the accounts: balances by category, disbursements, redemptions,
-- arrears, unused borrowed funds. period is a date (balance) or a year (flow).
CREATE TABLE on_lending_figures (
    period     TEXT NOT NULL,
    item       TEXT NOT NULL,
    amount_nok TEXT NOT NULL,
    note       TEXT,
    source     TEXT,
    PRIMARY KEY (period, item)
) STRICT;
