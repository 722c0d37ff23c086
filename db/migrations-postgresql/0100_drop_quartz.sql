-- PostgreSQL edition of db/migrations/0100_drop_quartz.sql: nothing to do. Quartz's tables only ever lived in SQLite
-- databases; a PostgreSQL database never had them.
SELECT 1;
