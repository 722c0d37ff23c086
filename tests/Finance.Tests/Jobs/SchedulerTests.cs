using Finance.Core.Common;
using System.Net;
using System.Text.Json;
using Dapper;
using Finance.Data.Fund;
using Finance.Jobs.Scheduling;
using Finance.Jobs.Snapshots;
using NodaTime;

namespace Finance.Tests.Jobs;

/// <summary>The scheduler in the API host over the persistent Quartz store in the service's SQLite file.</summary>
public class SchedulerTests
{
    private static long Count(SchedulerHost host, string sql, object? args = null)
    {
        using var c = host.OpenDb();
        return c.ExecuteScalar<long>(sql, args);
    }

    [Fact]
    public async Task Jobs_show_the_monthly_snapshot_with_its_next_fire_time_in_Europe_Oslo()
    {
        using var host = new SchedulerHost(SystemClock.Instance);
        var jobs = await host.Auditor().GetJson("/api/jobs");
        Assert.True(jobs.GetProperty("schedulerRunsHere").GetBoolean());
        var monthly = jobs.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == "monthly-snapshot");
        var trigger = monthly.GetProperty("triggers").EnumerateArray().Single();
        Assert.Equal("0 0 2 1 * ?", trigger.GetProperty("cron").GetString());
        Assert.Equal("Europe/Oslo", trigger.GetProperty("timeZone").GetString());
        Assert.Equal("FireAndProceed", trigger.GetProperty("misfireInstruction").GetString());

        var next = trigger.GetProperty("nextFireTime").GetDateTimeOffset();
        Assert.Equal(1, next.Day);
        Assert.Equal(2, next.Hour);
        Assert.Equal(Oslo.TimeZone.GetUtcOffset(next), next.Offset);
        var nowOslo = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Oslo.TimeZone);
        var expectedMonth = new DateTime(nowOslo.Year, nowOslo.Month, 1).AddMonths(nowOslo.Day == 1 && nowOslo.Hour < 2 ? 0 : 1);
        Assert.Equal((expectedMonth.Year, expectedMonth.Month), (next.Year, next.Month));

        // Auditors read the schedule; only treasurers fire jobs.
        var (status, _) = await host.Auditor().Send(HttpMethod.Post, "/api/jobs/monthly-snapshot/trigger", null);
        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task The_schedule_and_the_execution_history_survive_a_restart()
    {
        var clock = FakeClock.AtOslo(2026, 3, 1);
        var name = "restart-" + Guid.NewGuid().ToString("N");
        string nextFire;
        var path = SharedFile();
        using (var first = new SchedulerHost(clock, databasePath: path, schedulerName: name, settings: new Dictionary<string, string> { ["Jobs:FirstSnapshotMonth"] = "2026-02" }))
        {
            var (status, _) = await first.Treasurer().Send(HttpMethod.Post, "/api/jobs/monthly-snapshot/trigger", null);
            Assert.Equal(HttpStatusCode.Accepted, status);
            await Wait.Until(() => Count(first, "SELECT COUNT(*) FROM job_executions") == 1, "the triggered run to be recorded");
            nextFire = Trigger(await first.Auditor().GetJson("/api/jobs")).GetProperty("nextFireTime").GetString()!;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        using var second = new SchedulerHost(clock, databasePath: path, schedulerName: name);
        var jobs = await second.Auditor().GetJson("/api/jobs");
        Assert.Equal(nextFire, Trigger(jobs).GetProperty("nextFireTime").GetString());
        var execution = Assert.Single(jobs.GetProperty("recentExecutions").EnumerateArray());
        Assert.Equal("succeeded", execution.GetProperty("outcome").GetString());
        Assert.Equal("finance.monthly-snapshot", execution.GetProperty("job").GetString());
        Assert.Contains("2026-02 v1 opprettet", execution.GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_month_missed_while_the_service_was_down_is_caught_up_once()
    {
        // The service ran until January, then was down over the month ends of January and February (the 02:00 firing
        // on 1 February was missed). On start Quartz sees the misfire and fires once; the job snapshots every ended
        // month after the last snapshot — February's only, since January was frozen before the downtime.
        var clock = FakeClock.AtOslo(2026, 3, 1);
        var name = "missed-" + Guid.NewGuid().ToString("N");
        var path = SharedFile();
        using (var before = new SchedulerHost(clock, databasePath: path, schedulerName: name))
        {
            var (status, _) = await before.Treasurer().Send(HttpMethod.Post, "/api/snapshots/2026-01", null);
            Assert.Equal(HttpStatusCode.Created, status);
            await before.Auditor().GetJson("/api/jobs");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            c.Open();
            var missed = DateTimeOffset.UtcNow.AddDays(-2).UtcTicks;
            Assert.Equal(1, c.Execute("UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = @missed WHERE TRIGGER_NAME = 'monthly-snapshot-cron' AND SCHED_NAME = @name", new { missed, name }));
        }

        using var after = new SchedulerHost(clock, databasePath: path, schedulerName: name);
        await after.Auditor().GetJson("/api/jobs");
        await Wait.Until(() => Count(after, "SELECT COUNT(*) FROM job_executions WHERE job = 'finance.monthly-snapshot'") == 1, "the misfired run");
        Assert.Equal(1, Count(after, "SELECT COUNT(*) FROM snapshots WHERE month = '2026-02'"));
        Assert.Equal(1, Count(after, "SELECT COUNT(*) FROM snapshots WHERE month = '2026-01'"));
        Assert.Equal(2, Count(after, "SELECT COUNT(*) FROM snapshots"));

        // A further run (here fired by hand) finds nothing missing: the month is produced once.
        var (status2, _) = await after.Treasurer().Send(HttpMethod.Post, "/api/jobs/monthly-snapshot/trigger", null);
        Assert.Equal(HttpStatusCode.Accepted, status2);
        await Wait.Until(() => Count(after, "SELECT COUNT(*) FROM job_executions WHERE job = 'finance.monthly-snapshot'") == 2, "the second run");
        Assert.Equal(2, Count(after, "SELECT COUNT(*) FROM snapshots"));
        using var db = after.OpenDb();
        Assert.Equal("Ingen måned mangler øyeblikksbilde.", db.ExecuteScalar<string>("SELECT result FROM job_executions ORDER BY id DESC LIMIT 1"));
        var next = Trigger(await after.Auditor().GetJson("/api/jobs")).GetProperty("nextFireTime").GetDateTimeOffset();
        Assert.True(next > DateTimeOffset.UtcNow, "after the catch-up the trigger waits for the next month end");
    }

    [Fact]
    public async Task A_failing_job_is_recorded_and_retried()
    {
        var calls = 0;
        StressProvider flaky = (c, tx, asOf) => Interlocked.Increment(ref calls) == 1
            ? throw new InvalidOperationException("Registrene var låst (simulert feil).")
            : RegisterStressProvider.FromRegisters(c, tx, asOf);
        using var host = new SchedulerHost(FakeClock.AtOslo(2026, 3, 1), stress: flaky,
            settings: new Dictionary<string, string> { ["Jobs:FirstSnapshotMonth"] = "2026-02" });
        var (status, _) = await host.Treasurer().Send(HttpMethod.Post, "/api/jobs/monthly-snapshot/trigger", null);
        Assert.Equal(HttpStatusCode.Accepted, status);
        await Wait.Until(() => Count(host, "SELECT COUNT(*) FROM job_executions WHERE outcome = 'succeeded'") == 1, "the retry to succeed");

        var executions = (await host.Auditor().GetJson("/api/jobs")).GetProperty("recentExecutions").EnumerateArray().Reverse().ToList();
        Assert.Equal(2, executions.Count);
        Assert.Equal("retryScheduled", executions[0].GetProperty("outcome").GetString());
        Assert.Equal(1, executions[0].GetProperty("attempt").GetInt32());
        Assert.Contains("Registrene var låst", executions[0].GetProperty("error").GetString());
        Assert.Equal("succeeded", executions[1].GetProperty("outcome").GetString());
        Assert.Equal(2, executions[1].GetProperty("attempt").GetInt32());
        Assert.StartsWith("retries.monthly-snapshot-retry-", executions[1].GetProperty("trigger").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, Count(host, "SELECT COUNT(*) FROM snapshots WHERE month = '2026-02'"));
    }

    [Fact]
    public async Task A_job_that_keeps_failing_stops_after_the_last_attempt()
    {
        StressProvider broken = (_, _, _) => throw new InvalidOperationException("Alltid feil.");
        using var host = new SchedulerHost(FakeClock.AtOslo(2026, 3, 1), stress: broken,
            settings: new Dictionary<string, string> { ["Jobs:FirstSnapshotMonth"] = "2026-02" });
        await host.Treasurer().Send(HttpMethod.Post, "/api/jobs/monthly-snapshot/trigger", null);
        await Wait.Until(() => Count(host, "SELECT COUNT(*) FROM job_executions WHERE outcome = 'failed'") == 1, "the last attempt to fail");
        using var c = host.OpenDb();
        var outcomes = c.Query<(string Outcome, long Attempt)>("SELECT outcome AS Outcome, attempt AS Attempt FROM job_executions ORDER BY id").ToList();
        Assert.Equal([("retryScheduled", 1L), ("retryScheduled", 2L), ("failed", 3L)], outcomes);
        Assert.Equal(0, Count(host, "SELECT COUNT(*) FROM snapshots"));
    }

    /// <summary>A database file outside any host's own folder (a host deletes its folder when disposed).</summary>
    private static string SharedFile() => Path.Combine(Directory.CreateTempSubdirectory("finance-restart-").FullName, "finance.db");

    private static JsonElement Trigger(JsonElement jobs) =>
        jobs.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == "monthly-snapshot")
            .GetProperty("triggers").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "monthly-snapshot-cron");
}

/// <summary>The ordinary classes the thin jobs call, without Quartz.</summary>
public class CatchUpTests
{
    private static MonthlySnapshot Snapshots(SeededApi api, IClock clock) =>
        new(new Finance.Data.Db($"Data Source={api.DatabasePath}"), clock, RegisterStressProvider.FromRegisters);

    [Fact]
    public void Catch_up_produces_every_missing_month_end_once_and_never_a_month_not_ended()
    {
        using var api = new SeededApi();
        api.Viewer(); // starts the service: migrated and seeded
        var march = Snapshots(api, FakeClock.AtOslo(2027, 3, 1, hour: 0));
        var first = march.CatchUp("test", new YearMonth(2026, 12));
        Assert.Equal(["2026-12", "2027-01", "2027-02"], first.Select(r => $"{r.Snapshot.Month:yyyy-MM}"));
        Assert.All(first, r => Assert.True(r.Created));
        Assert.Empty(march.CatchUp("test"));

        // Midnight on 1 March in Oslo is still 28 February in UTC: the month boundary is Oslo's.
        Assert.Equal(new YearMonth(2027, 2), MonthlySnapshot.LastEndedMonth(FakeClock.AtOslo(2027, 3, 1, hour: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => march.Run(new YearMonth(2027, 3), "test"));
        Assert.Equal(new YearMonth(2027, 4), Finance.Jobs.Reports.ReportingPeriod.OfTertial(2027, 1).EndMonth);
        Assert.Equal(Finance.Jobs.Reports.ReportingPeriod.Annual(2026), Finance.Jobs.Reports.ReportDrafts.PeriodEndedBefore(new LocalDate(2027, 1, 1)));
        Assert.Equal(Finance.Jobs.Reports.ReportingPeriod.OfTertial(2027, 2), Finance.Jobs.Reports.ReportDrafts.PeriodEndedBefore(new LocalDate(2027, 9, 1)));
        // A draft missed while the service was down is made on the next start: in March, the latest ended period is
        // last year; in June, it is the first tertial.
        Assert.Equal(Finance.Jobs.Reports.ReportingPeriod.Annual(2026), Finance.Jobs.Reports.ReportDrafts.PeriodEndedBefore(new LocalDate(2027, 3, 1)));
        Assert.Equal(Finance.Jobs.Reports.ReportingPeriod.OfTertial(2027, 1), Finance.Jobs.Reports.ReportDrafts.PeriodEndedBefore(new LocalDate(2027, 6, 15)));
    }

    [Fact]
    public void Report_drafts_are_built_from_a_frozen_snapshot_and_stored_once()
    {
        using var api = new SeededApi();
        api.Viewer();
        var db = new Finance.Data.Db($"Data Source={api.DatabasePath}");
        var clock = FakeClock.AtOslo(2026, 5, 1);
        var snapshots = new MonthlySnapshot(db, clock, RegisterStressProvider.FromRegisters);
        var drafts = new Finance.Jobs.Reports.ReportDrafts(db, snapshots, new Finance.Jobs.Reports.FinanceReports(db, snapshots), clock);
        var first = Assert.Single(drafts.ForPeriodEndedBy(new LocalDate(2026, 1, 1)));
        var again = Assert.Single(drafts.ForPeriodEndedBy(new LocalDate(2026, 1, 2)));
        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Draft.Id, again.Draft.Id);
        Assert.Equal(new YearMonth(2025, 12), first.Draft.SnapshotMonth);
        Assert.Contains("\"frozen\":true", first.Draft.Document);
    }
}
