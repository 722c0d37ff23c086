-- Short-term liquidity (kortsiktig likviditet): bank accounts, daily balances and published figures.

CREATE TABLE bank_accounts (
    account_id                   TEXT PRIMARY KEY,
    bank                         TEXT NOT NULL,
    name                         TEXT NOT NULL,
    is_main_bank                 INTEGER NOT NULL CHECK (is_main_bank IN (0, 1)),
    counts_toward_main_bank_cap  INTEGER NOT NULL CHECK (counts_toward_main_bank_cap IN (0, 1))
) STRICT;

-- End-of-day balance per account (negative = overdraft). A missing day carries the last known balance forward.
CREATE TABLE daily_balances (
    account_id  TEXT NOT NULL REFERENCES bank_accounts (account_id),
    date        TEXT NOT NULL,
    balance_nok TEXT NOT NULL,
    PRIMARY KEY (account_id, date)
) STRICT;
CREATE INDEX daily_balances_by_date ON daily_balances (date);

-- Published figures (Tabell 2.1, Figur 2.1, the text) and entered rates: period is a date, yyyy-MM/yyyy-MM or yyyy.
-- Used only where no daily balances exist; value is a number as TEXT or a text fact (the main bank's name).
CREATE TABLE liquidity_reported (
    period  TEXT NOT NULL,
    metric  TEXT NOT NULL,
    value   TEXT NOT NULL,
    unit    TEXT,
    note    TEXT,
    source  TEXT,
    PRIMARY KEY (period, metric)
) STRICT;
