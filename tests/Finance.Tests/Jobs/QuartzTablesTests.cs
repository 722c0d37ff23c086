using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Finance.Tests.Jobs;

/// <summary>Migration 0100: a database that ran the jobs on Quartz loses its QRTZ_ tables, and keeps its run history.</summary>
public class QuartzTablesTests
{
    [SqliteOnlyFact("Quartz's tables only ever lived in SQLite files")]
    public void Migrating_a_database_that_had_Quartz_drops_its_tables_and_keeps_job_executions()
    {
        var folder = Directory.CreateTempSubdirectory("finance-quartz-").FullName;
        var path = Path.Combine(folder, "finance.db");
        try
        {
            var db = new Finance.Data.Db($"Data Source={path}");
            using (var c = new SqliteConnection($"Data Source={path};Foreign Keys=True"))
            {
                c.Open();
                // What Quartz's ProvisionSchema left in the file (the tables that reference others first in its script).
                c.Execute("""
                    CREATE TABLE QRTZ_JOB_DETAILS (SCHED_NAME TEXT NOT NULL, JOB_NAME TEXT NOT NULL, JOB_GROUP TEXT NOT NULL, PRIMARY KEY (SCHED_NAME, JOB_NAME, JOB_GROUP));
                    CREATE TABLE QRTZ_TRIGGERS (SCHED_NAME TEXT NOT NULL, TRIGGER_NAME TEXT NOT NULL, TRIGGER_GROUP TEXT NOT NULL, JOB_NAME TEXT NOT NULL, JOB_GROUP TEXT NOT NULL,
                        PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
                        FOREIGN KEY (SCHED_NAME, JOB_NAME, JOB_GROUP) REFERENCES QRTZ_JOB_DETAILS (SCHED_NAME, JOB_NAME, JOB_GROUP));
                    CREATE TABLE QRTZ_CRON_TRIGGERS (SCHED_NAME TEXT NOT NULL, TRIGGER_NAME TEXT NOT NULL, TRIGGER_GROUP TEXT NOT NULL, CRON_EXPRESSION TEXT NOT NULL,
                        PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
                        FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) REFERENCES QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP));
                    CREATE TABLE QRTZ_FIRED_TRIGGERS (SCHED_NAME TEXT NOT NULL, ENTRY_ID TEXT NOT NULL, PRIMARY KEY (SCHED_NAME, ENTRY_ID));
                    CREATE TABLE QRTZ_LOCKS (SCHED_NAME TEXT NOT NULL, LOCK_NAME TEXT NOT NULL, PRIMARY KEY (SCHED_NAME, LOCK_NAME));
                    INSERT INTO QRTZ_JOB_DETAILS VALUES ('finance', 'monthly-snapshot', 'finance');
                    INSERT INTO QRTZ_TRIGGERS VALUES ('finance', 'monthly-snapshot-cron', 'finance', 'monthly-snapshot', 'finance');
                    INSERT INTO QRTZ_CRON_TRIGGERS VALUES ('finance', 'monthly-snapshot-cron', 'finance', '0 0 2 1 * ?');
                    """);
            }

            db.Migrate();

            using var check = new SqliteConnection($"Data Source={path}");
            check.Open();
            Assert.Empty(check.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'QRTZ%'"));
            Assert.Equal(1, check.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'job_executions'"));
            Assert.Equal("0100_drop_quartz", check.ExecuteScalar<string>("SELECT name FROM schema_migrations WHERE version = 100"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
