using System.Data.Common;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Data.Sqlite;

namespace Finance.Tests.Hardening;

/// <summary>The service with a short write wait (1 s), so a held write lock shows at once.</summary>
public sealed class ShortWaitApi() : FinanceApiFactory(seed: false)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Finance:WriteWaitSeconds", "1");
    }
}

/// <summary>No write fails because another holds the lock: it waits its bounded time, then 503 with Retry-After — never 500.</summary>
public sealed class WriteLockTests
{
    private static string Loans(string prefix, int count)
    {
        var csv = new StringBuilder("id,lender,product,category,rateType,ratePct,balanceNok,balanceDate,maturityDate,amortisation\n");
        for (var i = 1; i <= count; i++)
        {
            csv.Append(prefix).Append(i).Append(",Kommunalbanken,Serielån,investment,floating,4.25,").Append(1_000_000 + i).Append(",2025-12-31,2040-12-31,serial\n");
        }
        return csv.ToString();
    }

    private static long Count(string connectionString, string sql)
    {
        using var c = TestStore.OpenOutside(connectionString);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_write_behind_a_held_lock_is_a_503_with_Retry_After_and_then_succeeds()
    {
        using var api = new ShortWaitApi();
        var t = api.Treasurer();
        Assert.Equal(HttpStatusCode.OK, (await t.Send(HttpMethod.Put, "/api/market-data/cpi/2024", new { index = 133.6m })).Status);
        // Another process holds the write lock (SQLite BEGIN IMMEDIATE; PostgreSQL the store's advisory lock) for longer
        // than the service waits.
        using (var holder = TestStore.OpenOutside(api.ConnectionString))
        {
            using var begin = holder.CreateCommand();
            begin.CommandText = TestStore.IsPostgres ? $"BEGIN; SELECT pg_advisory_xact_lock({Finance.Data.Db.WriteLock})" : "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
            using var response = await t.PutAsync("/api/market-data/cpi/2025", new StringContent("""{"index":137.7}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
            using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }
        Assert.Equal(0, Count(api.ConnectionString, "SELECT COUNT(*) FROM cpi WHERE year = 2025"));
        Assert.Equal(HttpStatusCode.OK, (await t.Send(HttpMethod.Put, "/api/market-data/cpi/2025", new { index = 137.7m })).Status);
        Assert.True((await api.Auditor().GetJson("/api/audit/verify")).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task A_flow_posted_while_another_write_of_the_service_holds_the_lock_is_a_503_with_Retry_After()
    {
        using var api = new ShortWaitApi();
        var t = api.Treasurer();
        const string flow = """[{"date":"2025-12-31","assetClass":"cash","amountNok":-1000000,"kind":"withdrawal","reference":"BANK-1"}]""";
        // A write of this service (a long import, say) is inside its transaction: it holds the write gate and the lock.
        var db = api.Services.GetRequiredService<Finance.Data.Db>();
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = Task.Run(() => db.InTransaction((_, _) => { inside.Set(); release.Wait(TimeSpan.FromSeconds(30)); }));
        Assert.True(inside.Wait(TimeSpan.FromSeconds(30)));
        try
        {
            using var response = await t.PostAsync("/api/fund/flows", new StringContent(flow, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            Assert.Equal(503, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
        }
        finally
        {
            release.Set();
            await holder;
        }
        Assert.Equal(0, Count(api.ConnectionString, "SELECT COUNT(*) FROM fund_flows"));
        // Once the other write is done, the same request is stored.
        var (status, body) = await t.Send(HttpMethod.Post, "/api/fund/flows", flow);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(-1_000_000m, body[0].Dec("amountNok"));
        Assert.Equal(1, Count(api.ConnectionString, "SELECT COUNT(*) FROM fund_flows"));
    }

    [Fact]
    public async Task Two_50000_row_imports_and_ten_small_writes_at_once_give_no_5xx_but_503_and_nothing_half_written()
    {
        using var api = new FinanceApiFactory(seed: false);
        var t = api.Treasurer();
        var imports = new[] { "A", "B" }.Select(async prefix =>
        {
            using var response = await t.PostAsync("/api/loans/import", new StringContent(Loans(prefix, 50_000), Encoding.UTF8, "text/csv"));
            return (Kind: "import " + prefix, Status: response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta);
        });
        var small = Enumerable.Range(0, 10).Select(async i =>
        {
            await Task.Delay(100 * i);
            using var response = await t.PutAsync($"/api/market-data/cpi/{2000 + i}", new StringContent($$"""{"index":{{100 + i}}}""", Encoding.UTF8, "application/json"));
            return (Kind: $"cpi {2000 + i}", Status: response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta);
        });
        var results = await Task.WhenAll(imports.Concat(small));
        foreach (var r in results)
        {
            Assert.True(r.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{r.Kind}: {(int)r.Status}");
            if (r.Status == HttpStatusCode.ServiceUnavailable)
            {
                Assert.NotNull(r.RetryAfter);
            }
        }
        // Each import is stored whole or not at all; each small write is there exactly when it was answered 200.
        var stored = results.Where(r => r.Kind.StartsWith("import", StringComparison.Ordinal) && r.Status == HttpStatusCode.OK).Count();
        Assert.Equal(stored * 50_000, Count(api.ConnectionString, "SELECT COUNT(*) FROM loans"));
        Assert.Equal(results.Count(r => r.Kind.StartsWith("cpi", StringComparison.Ordinal) && r.Status == HttpStatusCode.OK), Count(api.ConnectionString, "SELECT COUNT(*) FROM cpi"));
    }
}
