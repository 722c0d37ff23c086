using System.Data.Common;
using Finance.Core.Common;
using System.Net;
using System.Text.Json;
using Dapper;
using Finance.Jobs.Scheduling;
using Finance.Reports.Snapshots;
using Hangfire;
using Hangfire.Storage;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Finance.Tests.Jobs;

/// <summary>
/// The jobs on the real Hangfire server in the API host, over its SQLite storage beside the service's own SQLite file,
/// over real HTTP.
/// </summary>
public class SchedulerTests
{
    private static long Count(SchedulerHost host, string sql, object? args = null)
    {
        using var c = host.OpenDb();
        return c.ExecuteScalar<long>(sql, args);
    }

    private static JsonElement Monthly(JsonElement jobs) =>
        jobs.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == "monthly-snapshot");

    [Fact]
    public async Task Jobs_show_the_monthly_snapshot_with_its_next_fire_time_in_Europe_Oslo()
    {
        using var host = new SchedulerHost(SystemClock.Instance);
        var jobs = await host.Auditor().GetJson("/api/jobs");
        Assert.True(jobs.GetProperty("schedulerRunsHere").GetBoolean());
        Assert.Equal("/hangfire", jobs.GetProperty("dashboard").GetString());
        var monthly = Monthly(jobs);
        Assert.Equal("0 2 1 * *", monthly.GetProperty("cron").GetString());
        Assert.Equal("Europe/Oslo", monthly.GetProperty("timeZone").GetString());
        Assert.StartsWith("Månedlig øyeblikksbilde", monthly.GetProperty("description").GetString(), StringComparison.Ordinal);
        var drafts = jobs.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == "report-drafts");
        Assert.Equal("0 3 1 1,5,9 *", drafts.GetProperty("cron").GetString());

        // The next fire time is 02:00 on the next 1st in Oslo, given with Oslo's offset at that date.
        var next = monthly.GetProperty("nextFireTime").GetDateTimeOffset();
        Assert.Equal(1, next.Day);
        Assert.Equal(2, next.Hour);
        Assert.Equal(0, next.Minute);
        Assert.Equal(Oslo.TimeZone.GetUtcOffset(next), next.Offset);
        var nowOslo = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Oslo.TimeZone);
        var expectedMonth = new DateTime(nowOslo.Year, nowOslo.Month, 1).AddMonths(nowOslo.Day == 1 && nowOslo.Hour < 2 ? 0 : 1);
        Assert.Equal((expectedMonth.Year, expectedMonth.Month), (next.Year, next.Month));

        // Auditors read the schedule; only treasurers fire jobs; an unknown job is 404.
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Auditor().Send(HttpMethod.Post, "/api/jobs/monthly-snapshot/trigger", null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client(null).Send(HttpMethod.Post, "/api/jobs/monthly-snapshot/trigger", null)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Treasurer().Send(HttpMethod.Post, "/api/jobs/weekly/trigger", null)).Status);
    }

    [Fact]
    public async Task The_trigger_answers_202_and_the_run_stores_the_snapshot()
    {
        using var host = new SchedulerHost(FakeClock.AtOslo(2026, 3, 1), settings: new Dictionary<string, string> { ["Jobs:FirstSnapshotMonth"] = "2026-02" });
        var (status, body) = await host.Treasurer().Send(HttpMethod.Post, "/api/jobs/monthly-snapshot/trigger", null);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("monthly-snapshot", body.GetProperty("name").GetString());
        var hangfireJob = body.GetProperty("hangfireJobId").GetString();
        await Wait.Until(() => Count(host, "SELECT COUNT(*) FROM job_executions") == 1, "the triggered run to be recorded");

        Assert.Equal(1, Count(host, "SELECT COUNT(*) FROM snapshots WHERE month = '2026-02' AND version = 1 AND created_by = 'scheduler'"));
        var execution = Assert.Single((await host.Auditor().GetJson("/api/jobs")).GetProperty("recentExecutions").EnumerateArray());
        Assert.Equal("monthly-snapshot", execution.GetProperty("job").GetString());
        Assert.Equal($"hangfire job {hangfireJob}", execution.GetProperty("trigger").GetString());
        Assert.Equal("succeeded", execution.GetProperty("outcome").GetString());
        Assert.Equal(1, execution.GetProperty("attempt").GetInt32());
        Assert.Equal("2026-02 v1 opprettet", execution.GetProperty("result").GetString());
        Assert.True(execution.GetProperty("durationMs").GetInt64() >= 0);

        // Hangfire's own storage has the run as succeeded (its state changes right after the run is recorded).
        var storage = host.Services.GetRequiredService<JobStorage>();
        await Wait.Until(() =>
        {
            using var connection = storage.GetConnection();
            return connection.GetStateData(hangfireJob!)?.Name == "Succeeded";
        }, "the job's Succeeded state in Hangfire");
    }

    [Fact]
    public async Task The_schedule_and_the_execution_history_survive_a_restart()
    {
        var clock = FakeClock.AtOslo(2026, 3, 1);
        var path = Wait.SharedFile();
        string nextFire;
        using (var first = new SchedulerHost(clock, databasePath: path, settings: new Dictionary<string, string> { ["Jobs:FirstSnapshotMonth"] = "2026-02" }))
        {
            var (status, _) = await first.Treasurer().Send(HttpMethod.Post, "/api/jobs/monthly-snapshot/trigger", null);
            Assert.Equal(HttpStatusCode.Accepted, status);
            await Wait.Until(() => Count(first, "SELECT COUNT(*) FROM job_executions") == 1, "the triggered run to be recorded");
            var storage = first.Services.GetRequiredService<JobStorage>();
            await Wait.Until(() => storage.GetMonitoringApi().SucceededListCount() == 1, "the job's Succeeded state in Hangfire");
            nextFire = Monthly(await first.Auditor().GetJson("/api/jobs")).GetProperty("nextFireTime").GetString()!;
            Assert.True(File.Exists(first.HangfireFile), "Hangfire's storage is its own file beside the finance database");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        using var second = new SchedulerHost(clock, databasePath: path);
        var jobs = await second.Auditor().GetJson("/api/jobs");
        var monthly = Monthly(jobs);
        Assert.Equal(nextFire, monthly.GetProperty("nextFireTime").GetString());
        Assert.Equal("Succeeded", monthly.GetProperty("lastState").GetString());
        var execution = Assert.Single(jobs.GetProperty("recentExecutions").EnumerateArray());
        Assert.Equal("succeeded", execution.GetProperty("outcome").GetString());
        Assert.Equal("monthly-snapshot", execution.GetProperty("job").GetString());
        Assert.Equal("2026-02 v1 opprettet", execution.GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_month_missed_while_the_service_was_down_is_fired_once_on_start_and_caught_up_once()
    {
        // The service ran until January, then was down over the month ends of January and February. The stored
        // schedule is written as it stood then: by Hangfire's own recurring-job manager on a clock 40 days back, so its
        // next fire time (02:00 on a 1st, in Oslo) has passed when the service starts again. On start the server fires
        // it once (misfire handling Relaxed); the job snapshots every ended month after the last snapshot — February's
        // only, since January was frozen before the downtime.
        var clock = FakeClock.AtOslo(2026, 3, 1);
        var path = Wait.SharedFile();
        using (var before = new SchedulerHost(clock, databasePath: path, jobsEnabled: false))
        {
            var (status, _) = await before.Treasurer().Send(HttpMethod.Post, "/api/snapshots/2026-01", null);
            Assert.Equal(HttpStatusCode.Created, status);
            await before.Auditor().GetJson("/api/jobs");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var downSince = DateTime.UtcNow.AddDays(-40);
        var hangfireFile = Path.Combine(Path.GetDirectoryName(path)!, "finance.hangfire.db");
        using (var storage = new SQLiteStorage(hangfireFile, new SQLiteStorageOptions()))
        {
            var catalog = new JobCatalog(Options.Create(new JobsOptions()));
            var then = new RecurringJobManager(storage, Hangfire.Common.JobFilterProviders.Providers, new DefaultTimeZoneResolver(), () => downSince);
            then.RemoveIfExists(JobCatalog.MonthlySnapshot);
            catalog.Schedule(then);
            using var connection = storage.GetConnection();
            var stored = connection.GetRecurringJobs().Single(j => j.Id == JobCatalog.MonthlySnapshot);
            Assert.True(stored.NextExecution < DateTime.UtcNow, $"the stored fire time {stored.NextExecution:O} has passed");
        }

        using var after = new SchedulerHost(clock, databasePath: path);
        await after.Auditor().GetJson("/api/jobs");
        await Wait.Until(() => Count(after, "SELECT COUNT(*) FROM job_executions WHERE job = 'monthly-snapshot'") == 1, "the misfired run");
        Assert.Equal(1, Count(after, "SELECT COUNT(*) FROM snapshots WHERE month = '2026-02'"));
        Assert.Equal(1, Count(after, "SELECT COUNT(*) FROM snapshots WHERE month = '2026-01'"));
        Assert.Equal(2, Count(after, "SELECT COUNT(*) FROM snapshots"));
        var next = Monthly(await after.Auditor().GetJson("/api/jobs")).GetProperty("nextFireTime").GetDateTimeOffset();
        Assert.True(next > DateTimeOffset.UtcNow, "after the catch-up the schedule waits for the next month end");

        // A further run (here fired by hand) finds nothing missing: the month is produced once.
        var (status2, _) = await after.Treasurer().Send(HttpMethod.Post, "/api/jobs/monthly-snapshot/trigger", null);
        Assert.Equal(HttpStatusCode.Accepted, status2);
        await Wait.Until(() => Count(after, "SELECT COUNT(*) FROM job_executions WHERE job = 'monthly-snapshot'") == 2, "the second run");
        Assert.Equal(2, Count(after, "SELECT COUNT(*) FROM snapshots"));
        using var db = after.OpenDb();
        Assert.Equal("Ingen måned mangler øyeblikksbilde.", db.ExecuteScalar<string>("SELECT result FROM job_executions ORDER BY id DESC LIMIT 1"));
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
        // The retry is the same Hangfire job, run again by Hangfire's automatic retry.
        Assert.Equal(executions[0].GetProperty("trigger").GetString(), executions[1].GetProperty("trigger").GetString());
        Assert.Equal(1, Count(host, "SELECT COUNT(*) FROM snapshots WHERE month = '2026-02'"));
    }

    [Fact]
    public async Task A_job_that_keeps_failing_stops_after_the_last_attempt_and_leaves_nothing_half_written()
    {
        // The catch-up runs December, January, February. January always fails half-way: its transaction has already
        // written to the deviation register when the stress provider throws. December stays whole; January and
        // February are not there at all — not the snapshot, not the deviation written before the failure.
        StressProvider breaksInJanuary = (c, tx, asOf) =>
        {
            if (asOf == new LocalDate(2026, 1, 31))
            {
                c.Execute("""
                    INSERT INTO deviations (limit_id, policy_version, detected_on, detected_at, description)
                    VALUES ('test.half-written', (SELECT MAX(version) FROM policy_versions), '2026-01-31', '2026-03-01T02:00:00Z', 'skrevet før feilen')
                    """, transaction: tx);
                throw new InvalidOperationException("Alltid feil i januar.");
            }
            return RegisterStressProvider.FromRegisters(c, tx, asOf);
        };
        using var host = new SchedulerHost(FakeClock.AtOslo(2026, 3, 1), stress: breaksInJanuary,
            settings: new Dictionary<string, string> { ["Jobs:FirstSnapshotMonth"] = "2025-12" });
        await host.Treasurer().Send(HttpMethod.Post, "/api/jobs/monthly-snapshot/trigger", null);
        await Wait.Until(() => Count(host, "SELECT COUNT(*) FROM job_executions WHERE outcome = 'failed'") == 1, "the last attempt to fail");
        using var c = host.OpenDb();
        var outcomes = c.Query<(string Outcome, long Attempt)>("SELECT outcome AS Outcome, attempt AS Attempt FROM job_executions ORDER BY id").ToList();
        Assert.Equal([("retryScheduled", 1L), ("retryScheduled", 2L), ("failed", 3L)], outcomes);
        Assert.Equal(["2025-12"], c.Query<string>("SELECT month FROM snapshots ORDER BY month"));
        Assert.Equal(0, Count(host, "SELECT COUNT(*) FROM deviations WHERE limit_id = 'test.half-written'"));

        // Hangfire keeps the job as failed (its state changes right after the run is recorded): a treasurer can retry it
        // from the dashboard.
        var monitoring = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        await Wait.Until(() => monitoring.FailedCount() == 1, "the job's Failed state in Hangfire");
    }

    [Fact]
    public async Task Two_quick_triggers_give_one_snapshot_version_per_month()
    {
        // Each month's build takes a moment longer, so the server's second worker picks up the second run while the first
        // is still building (two workers, 0.2 s polling): the runs overlap as a duplicate start by the storage would.
        StressProvider slow = (c, tx, asOf) =>
        {
            Thread.Sleep(200);
            return RegisterStressProvider.FromRegisters(c, tx, asOf);
        };
        using var host = new SchedulerHost(FakeClock.AtOslo(2026, 3, 1), stress: slow, settings: new Dictionary<string, string> { ["Jobs:FirstSnapshotMonth"] = "2025-12" });
        var treasurer = host.Treasurer();
        var triggers = await Task.WhenAll(
            treasurer.Send(HttpMethod.Post, "/api/jobs/monthly-snapshot/trigger", null),
            treasurer.Send(HttpMethod.Post, "/api/jobs/monthly-snapshot/trigger", null));
        Assert.All(triggers, t => Assert.Equal(HttpStatusCode.Accepted, t.Status));
        Assert.NotEqual(triggers[0].Body.GetProperty("hangfireJobId").GetString(), triggers[1].Body.GetProperty("hangfireJobId").GetString());
        await Wait.Until(() => Count(host, "SELECT COUNT(*) FROM job_executions WHERE outcome = 'succeeded'") == 2, "both runs");

        using var c = host.OpenDb();
        Assert.Equal([("2025-12", 1L), ("2026-01", 1L), ("2026-02", 1L)],
            c.Query<(string, long)>("SELECT month, MAX(version) FROM snapshots GROUP BY month ORDER BY month").ToList());
        Assert.Equal(3, Count(host, "SELECT COUNT(*) FROM snapshots"));
        // Between them the two runs created each month once.
        var results = c.Query<string>("SELECT result FROM job_executions").ToList();
        foreach (var month in new[] { "2025-12", "2026-01", "2026-02" })
        {
            Assert.Single(results, r => r.Contains($"{month} v1 opprettet", StringComparison.Ordinal));
        }
    }
}

/// <summary>The job as Hangfire calls it and the ordinary classes it calls, without the server.</summary>
public class CatchUpTests
{
    private static MonthlySnapshot Snapshots(SeededApi api, IClock clock, StressProvider? stress = null) =>
        new(api.NewDb(), clock, stress ?? RegisterStressProvider.FromRegisters);

    [Fact]
    public async Task Two_runs_of_the_monthly_job_at_the_same_time_store_each_month_once()
    {
        using var api = new SeededApi();
        api.Viewer(); // starts the service: migrated and seeded
        var clock = FakeClock.AtOslo(2026, 3, 1);
        // The first run to build a month waits a little inside its write transaction, so the other run starts meanwhile
        // and has to wait for it: the two really overlap.
        using var building = new ManualResetEventSlim();
        StressProvider slow = (c, tx, asOf) =>
        {
            building.Set();
            Thread.Sleep(200);
            return RegisterStressProvider.FromRegisters(c, tx, asOf);
        };
        var db = api.NewDb();
        var snapshots = new MonthlySnapshot(db, clock, slow);
        var options = Options.Create(new JobsOptions { FirstSnapshotMonth = "2025-12" });
        var drafts = new Finance.Reports.ReportDrafts(db, snapshots, new Finance.Reports.FinanceReports(db, snapshots), clock);
        FinanceJobs Job() => new(snapshots, drafts, options, clock);

        var first = Task.Run(() => Job().MonthlySnapshot(CancellationToken.None));
        Assert.True(building.Wait(TimeSpan.FromSeconds(30)), "the first run started building");
        var second = Task.Run(() => Job().MonthlySnapshot(CancellationToken.None));
        var results = await Task.WhenAll(first, second);

        using var c = TestStore.OpenOutside(api.ConnectionString);
        Assert.Equal([("2025-12", 1L), ("2026-01", 1L), ("2026-02", 1L)],
            c.Query<(string, long)>("SELECT month, COUNT(*) FROM snapshots GROUP BY month ORDER BY month").ToList());
        // Each month was created by exactly one of the two runs; the other found it stored.
        foreach (var month in new[] { "2025-12", "2026-01", "2026-02" })
        {
            Assert.Single(results, r => r.Contains($"{month} v1 opprettet", StringComparison.Ordinal));
        }
    }

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
        Assert.Equal(new YearMonth(2027, 4), Finance.Reports.ReportingPeriod.OfTertial(2027, 1).EndMonth);
        Assert.Equal(Finance.Reports.ReportingPeriod.Annual(2026), Finance.Reports.ReportDrafts.PeriodEndedBefore(new LocalDate(2027, 1, 1)));
        Assert.Equal(Finance.Reports.ReportingPeriod.OfTertial(2027, 2), Finance.Reports.ReportDrafts.PeriodEndedBefore(new LocalDate(2027, 9, 1)));
        // A draft missed while the service was down is made on the next start: in March, the latest ended period is
        // last year; in June, it is the first tertial.
        Assert.Equal(Finance.Reports.ReportingPeriod.Annual(2026), Finance.Reports.ReportDrafts.PeriodEndedBefore(new LocalDate(2027, 3, 1)));
        Assert.Equal(Finance.Reports.ReportingPeriod.OfTertial(2027, 1), Finance.Reports.ReportDrafts.PeriodEndedBefore(new LocalDate(2027, 6, 15)));
    }

    [Fact]
    public void Report_drafts_are_built_from_a_frozen_snapshot_and_stored_once()
    {
        using var api = new SeededApi();
        api.Viewer();
        var db = api.NewDb();
        var clock = FakeClock.AtOslo(2026, 5, 1);
        var snapshots = new MonthlySnapshot(db, clock, RegisterStressProvider.FromRegisters);
        var drafts = new Finance.Reports.ReportDrafts(db, snapshots, new Finance.Reports.FinanceReports(db, snapshots), clock);
        var first = Assert.Single(drafts.ForPeriodEndedBy(new LocalDate(2026, 1, 1)));
        var again = Assert.Single(drafts.ForPeriodEndedBy(new LocalDate(2026, 1, 2)));
        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Draft.Id, again.Draft.Id);
        Assert.Equal(new YearMonth(2025, 12), first.Draft.SnapshotMonth);
        Assert.Contains("\"frozen\":true", first.Draft.Document);
    }
}

/// <summary>
/// The monthly fire time in Oslo across the daylight-saving changes, computed by Hangfire itself (its Cronos-based cron,
/// in the recurring-job manager that stores the next fire time) on a controlled clock.
/// </summary>
public class ScheduleClockTests
{
    private static DateTime NextAfter(string jobId, DateTime utcNow)
    {
        var folder = Directory.CreateTempSubdirectory("finance-cron-").FullName;
        try
        {
            using var storage = new SQLiteStorage(Path.Combine(folder, "finance.hangfire.db"), new SQLiteStorageOptions());
            var manager = new RecurringJobManager(storage, Hangfire.Common.JobFilterProviders.Providers, new DefaultTimeZoneResolver(), () => utcNow);
            new JobCatalog(Options.Create(new JobsOptions())).Schedule(manager);
            using var connection = storage.GetConnection();
            var job = connection.GetRecurringJobs().Single(j => j.Id == jobId);
            Assert.Equal("Europe/Oslo", job.TimeZoneId);
            return DateTime.SpecifyKind(job.NextExecution!.Value, DateTimeKind.Utc);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left in the temp folder.
            }
        }
    }

    [Fact]
    public void The_monthly_snapshot_fires_at_02_00_Oslo_time_on_either_side_of_a_daylight_saving_change()
    {
        var utc = DateTimeKind.Utc;
        // Winter time (CET, UTC+1): 02:00 on 1 March 2026 is 01:00 UTC.
        Assert.Equal(new DateTime(2026, 3, 1, 1, 0, 0, utc), NextAfter(JobCatalog.MonthlySnapshot, new DateTime(2026, 2, 15, 12, 0, 0, utc)));
        // Summer time starts on 29 March 2026 (02:00 → 03:00): from 15 March the next run, 02:00 on 1 April, is CEST,
        // UTC+2 — 00:00 UTC, an hour earlier in UTC than the month before.
        Assert.Equal(new DateTime(2026, 4, 1, 0, 0, 0, utc), NextAfter(JobCatalog.MonthlySnapshot, new DateTime(2026, 3, 15, 12, 0, 0, utc)));
        // Summer time ends on 25 October 2026: from 15 October the next run, 02:00 on 1 November, is CET again.
        Assert.Equal(new DateTime(2026, 11, 1, 1, 0, 0, utc), NextAfter(JobCatalog.MonthlySnapshot, new DateTime(2026, 10, 15, 12, 0, 0, utc)));
        // The very instant of the change does not move the fire time: one minute after the 1 April run, the next is 1 May.
        Assert.Equal(new DateTime(2026, 5, 1, 0, 0, 0, utc), NextAfter(JobCatalog.MonthlySnapshot, new DateTime(2026, 4, 1, 0, 1, 0, utc)));
        // The report drafts at 03:00 on 1 May (CEST) and 1 January (CET).
        Assert.Equal(new DateTime(2026, 5, 1, 1, 0, 0, utc), NextAfter(JobCatalog.ReportDrafts, new DateTime(2026, 3, 15, 12, 0, 0, utc)));
        Assert.Equal(new DateTime(2027, 1, 1, 2, 0, 0, utc), NextAfter(JobCatalog.ReportDrafts, new DateTime(2026, 9, 2, 12, 0, 0, utc)));
    }
}
