using System.Net;
using Dapper;
using Finance.Jobs.Scheduling;
using Finance.Tests.Jobs;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Finance.Tests.Cluster;

/// <summary>
/// One schedule for every process on a database: an API instance without a job server (<c>Jobs:Enabled=false</c>) queues
/// the monthly snapshot, and two job servers on the same database (Hangfire.PostgreSql in the schema <c>hangfire</c> on
/// PostgreSQL; Hangfire's SQLite file beside the database on SQLite) run the queued jobs. Two runs at once store each
/// month once: the check and the insert are one write transaction, which on PostgreSQL holds the one advisory write lock.
/// </summary>
public sealed class SharedScheduleTests : IDisposable
{
    private readonly SharedStore _store = new();

    public void Dispose() => _store.Dispose();

    private Instance Start(bool seed, bool jobServer, IClock clock)
    {
        var instance = new Instance(_store, seed, new Dictionary<string, string>
        {
            ["Jobs:Enabled"] = jobServer ? "true" : "false",
            ["Jobs:PollSeconds"] = "0.2",
            ["Jobs:WorkerCount"] = "1",
            ["Jobs:FirstSnapshotMonth"] = "2025-12",
        }, services => services.AddSingleton(clock));
        instance.Viewer(); // starts it
        return instance;
    }

    private long Count(string sql)
    {
        using var c = _store.OpenPlain();
        return c.ExecuteScalar<long>(sql);
    }

    [Fact]
    public async Task Runs_queued_by_an_API_instance_run_on_the_job_servers_and_store_each_month_once()
    {
        var clock = FakeClock.AtOslo(2026, 3, 1);
        using var api = Start(seed: true, jobServer: false, clock);
        using var worker1 = Start(seed: false, jobServer: true, clock);
        using var worker2 = Start(seed: false, jobServer: true, clock);

        // The recurring jobs are written once, whoever started first: the API lists the one schedule.
        var jobs = await api.Auditor().GetJson("/api/jobs");
        Assert.Equal(["monthly-snapshot", "report-drafts"], jobs.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("name").GetString()!).Order().ToList());

        var treasurer = api.Treasurer();
        var triggers = await Task.WhenAll(
            treasurer.Send(HttpMethod.Post, "/api/jobs/monthly-snapshot/trigger", null),
            treasurer.Send(HttpMethod.Post, "/api/jobs/monthly-snapshot/trigger", null));
        Assert.All(triggers, t => Assert.Equal(HttpStatusCode.Accepted, t.Status));
        await Wait.Until(() => Count("SELECT COUNT(*) FROM job_executions WHERE outcome = 'succeeded'") == 2, "both runs on the job servers", seconds: 120);

        // Each of the three ended months (2025-12 to 2026-02) is stored once, by one of the runs.
        using var c = _store.OpenPlain();
        Assert.Equal([("2025-12", 1L), ("2026-01", 1L), ("2026-02", 1L)],
            c.Query<(string, long)>("SELECT month, COUNT(*) FROM snapshots GROUP BY month ORDER BY month").ToList());
        var results = c.Query<string>("SELECT result FROM job_executions").ToList();
        foreach (var month in new[] { "2025-12", "2026-01", "2026-02" })
        {
            Assert.Single(results, r => r.Contains($"{month} v1 opprettet", StringComparison.Ordinal));
        }
        if (_store.OnPostgres)
        {
            // Hangfire's tables are in their own schema of the finance database, apart from the registers (and their audit).
            Assert.True(c.ExecuteScalar<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = @schema AND table_name = 'job'",
                new { schema = JobsRegistration.PostgresSchema }) == 1);
        }
        Assert.True((await api.Auditor().GetJson("/api/audit/verify")).GetProperty("valid").GetBoolean());
    }
}
