-- PostgreSQL edition of db/migrations/0011_liquidity.sql.
CREATE TABLE bank_accounts (
    account_id                   text PRIMARY KEY,
    bank                         text NOT NULL,
    name                         text NOT NULL,
    is_main_bank                 boolean NOT NULL,
    counts_toward_main_bank_cap  boolean NOT NULL,
    rowid                        bigint GENERATED ALWAYS AS IDENTITY UNIQUE
);

CREATE TABLE daily_balances (
    account_id  text NOT NULL REFERENCES bank_accounts (account_id),
    date        date NOT NULL,
    balance_nok numeric NOT NULL,
    rowid       bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    PRIMARY KEY (account_id, date)
);
CREATE INDEX daily_balances_by_date ON daily_balances (date);

-- period is a date, yyyy-MM/yyyy-MM or yyyy; value a number or a text fact: both stay text.
CREATE TABLE liquidity_reported (
    period  text NOT NULL,
    metric  text NOT NULL,
    value   text NOT NULL,
    unit    text,
    note    text,
    source  text,
    rowid   bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    PRIMARY KEY (period, metric)
);
