-- PostgreSQL edition of db/migrations/0130_no_truncate.sql. TRUNCATE fires no row trigger, so the evidence tables'
-- BEFORE UPDATE OR DELETE ... FOR EACH ROW triggers (0030, 0040, 0081, 0090) did not stop it: a statement trigger
-- refuses it with the same message.
CREATE TRIGGER stress_tests_no_truncate BEFORE TRUNCATE ON stress_tests
FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('stored stress tests are immutable');
CREATE TRIGGER snapshots_no_truncate BEFORE TRUNCATE ON snapshots
FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('snapshots are immutable: a correction is a new version');
CREATE TRIGGER report_drafts_no_truncate BEFORE TRUNCATE ON report_drafts
FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('report drafts are immutable');
CREATE TRIGGER snapshot_heads_no_truncate BEFORE TRUNCATE ON snapshot_heads
FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('snapshot heads are immutable');
CREATE TRIGGER report_commentary_no_truncate BEFORE TRUNCATE ON report_commentary
FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('commentary versions are immutable: a change is a new version');
