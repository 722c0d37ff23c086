using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Finance.Tests.Registers;
using Xunit.Abstractions;

namespace Finance.Tests.Cluster;

/// <summary>
/// Issue 16's proof of several instances: two service processes on one PostgreSQL database with the reference data.
/// Concurrent If-Match writers spread over both have exactly one winner per round; concurrent snapshot requests store one
/// version; the audit trail verifies after writes from both; an instance killed (SIGKILL) in the middle of an import leaves
/// no row of it. Every write transaction of every instance takes the one advisory write lock (src/Finance.Data/Db.cs).
/// </summary>
public sealed class TwoInstancesTests(ITestOutputHelper output) : IDisposable
{
    private const string TreasurerKey = "cluster-treasurer-key";
    private const string AuditorKey = "cluster-auditor-key";
    private static readonly (string, string, string)[] Keys = [("cluster-treasurer", "treasurer", TreasurerKey), ("cluster-auditor", "auditor", AuditorKey)];

    private readonly SharedStore _store = new();
    private readonly List<Process> _processes = [];

    public void Dispose()
    {
        foreach (var p in _processes.Where(p => !p.HasExited))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        _store.Dispose();
    }

    /// <summary>An instance as its own process; the first one (<paramref name="seed"/>) creates the schema and loads the reference data.</summary>
    private async Task<(Process Process, HttpClient Treasurer, HttpClient Auditor)> StartInstance(bool seed)
    {
        var environment = new Dictionary<string, string>
        {
            ["Finance__SeedDemoData"] = seed ? "true" : "false",
            ["Audit__Key"] = SharedStore.AuditKey,
        };
        var (process, port) = ServiceProcess.Start(_store.Folder, _store.ConnectionString, environment, Keys);
        _processes.Add(process);
        HttpClient Client(string key)
        {
            var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(120) };
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            return client;
        }
        var treasurer = Client(TreasurerKey);
        Assert.True(await ServiceProcess.WaitHealthy(treasurer, process), "an instance did not start");
        return (process, treasurer, Client(AuditorKey));
    }

    private long Loans()
    {
        using var c = _store.OpenPlain();
        return c.ExecuteScalar<long>("SELECT COUNT(*) FROM loans");
    }

    [PostgresOnlyFact]
    public async Task Two_instances_on_one_database_keep_one_writer_one_snapshot_and_a_valid_audit_trail()
    {
        var a = await StartInstance(seed: true);
        var b = await StartInstance(seed: false);
        HttpClient[] writers = [a.Treasurer, b.Treasurer];

        // The reference data as both instances read it (Tabell 1.1: equities 40.10 % of the fund at 31.12.2025).
        foreach (var instance in writers)
        {
            var holdings = await instance.GetJson("/api/fund/holdings?asOf=2025-12-31");
            var equities = holdings.GetProperty("assetClasses").EnumerateArray().Single(x => x.GetProperty("assetClass").GetString() == "equities");
            Assert.Equal(40.10m, Math.Round(equities.Dec("weightPct"), 2));
        }

        // Eight rounds of six PUTs of loan 1 with the same If-Match, three at each instance: one wins, the rest see 412
        // (or 503 if the write lock was busy past Finance:WriteWaitSeconds); never another error, never a lost update.
        for (var round = 1; round <= 8; round++)
        {
            var (status, loan, etag) = await writers[round % 2].Call(HttpMethod.Get, "/api/loans/1");
            Assert.Equal(HttpStatusCode.OK, status);
            var rates = Enumerable.Range(1, 6).Select(i => 3m + round / 10m + i / 1000m).ToArray();
            using var go = new SemaphoreSlim(0, 6);
            var puts = rates.Select(async (rate, i) =>
            {
                await go.WaitAsync();
                var answer = await writers[i % 2].Call(HttpMethod.Put, "/api/loans/1", loan.With("ratePct", JsonValue.Create(rate)), etag);
                return (Rate: rate, answer.Status);
            }).ToList();
            go.Release(6);
            var results = await Task.WhenAll(puts);
            output.WriteLine($"round {round}: {string.Join(" ", results.Select(r => (int)r.Status))}");
            var winners = results.Where(r => (int)r.Status is >= 200 and < 300).ToList();
            Assert.True(winners.Count == 1, $"round {round}: {string.Join(", ", results.Select(r => (int)r.Status))}");
            Assert.All(results.Except(winners), r => Assert.True(r.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.ServiceUnavailable,
                $"round {round}: a loser answered {(int)r.Status}"));
            // The stored rate is the winner's, read at the other instance.
            var stored = await writers[(round + 1) % 2].GetJson("/api/loans/1");
            Assert.Equal(winners[0].Rate, stored.Dec("ratePct"));
        }

        // Four snapshot requests for 2025-12 at once, two at each instance: one version is stored.
        var snapshots = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => writers[i % 2].PostAsync("/api/snapshots/2025-12", null)));
        var codes = snapshots.Select(r => (int)r.StatusCode).ToList();
        output.WriteLine($"snapshots 2025-12: {string.Join(" ", codes)}");
        Assert.True(codes.All(c => c is 200 or 201 or 503) && codes.Count(c => c == 201) <= 1 && codes.Any(c => c is 200 or 201), $"snapshots: {string.Join(", ", codes)}");
        foreach (var instance in writers)
        {
            var versions = (await instance.GetJson("/api/snapshots?year=2025")).EnumerateArray().Where(v => v.GetProperty("month").GetString() == "2025-12").ToList();
            Assert.Single(versions);
        }

        // The audit trail verifies at both, with the same head.
        var verifyA = await a.Auditor.GetJson("/api/audit/verify");
        var verifyB = await b.Auditor.GetJson("/api/audit/verify");
        Assert.True(verifyA.GetProperty("valid").GetBoolean(), verifyA.GetRawText());
        Assert.True(verifyB.GetProperty("valid").GetBoolean(), verifyB.GetRawText());
        Assert.Equal(verifyA.GetProperty("entries").GetInt64(), verifyB.GetProperty("entries").GetInt64());
        output.WriteLine($"audit: valid at both, {verifyA.GetProperty("entries").GetInt64()} entries");
    }

    [PostgresOnlyFact]
    public async Task An_instance_killed_during_an_import_leaves_no_row_of_it_and_the_other_instance_writes_on()
    {
        var a = await StartInstance(seed: true);
        var before = Loans();
        var csv = new StringBuilder("id,lender,product,category,rateType,ratePct,balanceNok,balanceDate,maturityDate,amortisation\n");
        for (var i = 1; i <= 20_000; i++)
        {
            csv.Append($"K{i},Kommunalbanken,Serielån,investment,floating,4.25,{1_000_000 + i},2025-12-31,2040-12-31,serial\n");
        }
        var killedMidway = false;
        // Kill at increasing delays until one lands while the import runs (it never ends half-written).
        foreach (var delayMs in new[] { 400, 200, 800, 100, 1500, 3000 })
        {
            var b = await StartInstance(seed: false);
            var import = b.Treasurer.PostAsync("/api/loans/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
            await Task.Delay(delayMs);
            var finished = import.IsCompleted;
            b.Process.Kill(entireProcessTree: true);
            await b.Process.WaitForExitAsync();
            try { await import; } catch (HttpRequestException) { } catch (TaskCanceledException) { }

            var rows = Loans();
            output.WriteLine($"kill after {delayMs} ms: import finished {finished}, loans {before} before, {rows} after");
            Assert.True(rows == before || rows == before + 20_000, $"a half-written import: {rows - before} of its rows");
            if (!finished && rows == before)
            {
                killedMidway = true;
                break;
            }
            before = rows;
        }
        Assert.True(killedMidway, "no kill landed while the import was running");

        // The survivor writes at once (the dead session's lock went with it) and the trail verifies.
        var (status, loan, etag) = await a.Treasurer.Call(HttpMethod.Get, "/api/loans/1");
        Assert.Equal(HttpStatusCode.OK, status);
        var put = await a.Treasurer.Call(HttpMethod.Put, "/api/loans/1", loan.With("ratePct", JsonValue.Create(4.321m)), etag);
        Assert.Equal(HttpStatusCode.OK, put.Status);
        var verify = await a.Auditor.GetJson("/api/audit/verify");
        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.GetRawText());
    }
}
