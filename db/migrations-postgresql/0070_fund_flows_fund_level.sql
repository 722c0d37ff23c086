-- PostgreSQL edition of db/migrations/0070_fund_flows_fund_level.sql: fund-level flows (no placement, no class) and the
-- bank's reference. SQLite rebuilds the table; PostgreSQL alters it in place, to the same columns in the same order.
ALTER TABLE fund_flows ALTER COLUMN asset_class DROP NOT NULL;
ALTER TABLE fund_flows ADD COLUMN reference text UNIQUE;
ALTER TABLE fund_flows ADD CHECK (placement_id IS NULL OR asset_class IS NOT NULL);
