-- PostgreSQL edition of db/migrations/0082_audit_log_time_index.sql.
DROP INDEX audit_log_by_time;
