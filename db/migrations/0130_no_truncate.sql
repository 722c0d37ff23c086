-- Nothing to do in SQLite, which has no TRUNCATE: its DELETE is a row statement, which the evidence tables' row
-- triggers already refuse. The PostgreSQL edition of this file closes that statement there.
SELECT 1;
