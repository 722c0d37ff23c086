-- Fund-level flows and the bank's reference.
-- A flow without a placement or class is a fund-level flow (the whole fund's withdrawal as the bank states it): the
-- total fund's return uses it exactly; the class returns of its month say that it is not attributed.
-- `reference` is the bank's transaction id: posting the same reference again returns the stored flow, never a second row.
CREATE TABLE fund_flows_0070 (
    flow_id      INTEGER PRIMARY KEY,
    date         TEXT NOT NULL,
    placement_id TEXT REFERENCES fund_placements (placement_id),
    asset_class  TEXT CHECK (asset_class IN ('equities', 'bonds', 'cash')),
    amount_nok   TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('withdrawal', 'deposit', 'transfer')),
    note         TEXT,
    reference    TEXT UNIQUE,
    CHECK (placement_id IS NULL OR asset_class IS NOT NULL)
) STRICT;
INSERT INTO fund_flows_0070 (flow_id, date, placement_id, asset_class, amount_nok, kind, note)
SELECT flow_id, date, placement_id, asset_class, amount_nok, kind, note FROM fund_flows;
DROP TABLE fund_flows;
ALTER TABLE fund_flows_0070 RENAME TO fund_flows;
CREATE INDEX fund_flows_by_date ON fund_flows (date);
