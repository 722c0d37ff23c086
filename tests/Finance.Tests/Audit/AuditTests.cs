using System.Data.Common;
using System.Net;

namespace Finance.Tests.Audit;

public sealed class AuditTests : IDisposable
{
    private readonly FinanceApiFactory _api = new(seed: true);

    public void Dispose() => _api.Dispose();

    /// <summary>A connection outside the service: no audit triggers, as a person with the database file would have.</summary>
    private void Outside(string sql) => TestStore.Outside(_api.ConnectionString, sql);

    [Fact]
    public async Task Every_write_is_logged_with_the_caller_and_the_row_before_and_after()
    {
        var t = _api.Treasurer();
        Assert.Equal(HttpStatusCode.OK, (await t.Send(HttpMethod.Put, "/api/market-data/cpi/2025", new { index = 138.1m })).Status);
        var log = await _api.Auditor().GetJson("/api/audit?table=cpi&actor=test-treasurer");
        var entry = Assert.Single(log.EnumerateArray());
        Assert.Equal("update", entry.GetProperty("action").GetString());
        Assert.Equal("137.7", entry.GetProperty("before").GetProperty("idx").GetString());
        Assert.Equal("138.1", entry.GetProperty("after").GetProperty("idx").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Viewer().Send(HttpMethod.Get, "/api/audit", null)).Status);
        var verify = await _api.Auditor().GetJson("/api/audit/verify");
        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.ToString());
    }

    [Fact]
    public async Task An_entry_edited_in_the_database_breaks_the_chain()
    {
        await _api.Treasurer().Send(HttpMethod.Put, "/api/market-data/cpi/2026", new { index = 140m });
        Outside("UPDATE audit_log SET actor = 'someone else' WHERE seq = 5");
        var verify = await _api.Auditor().GetJson("/api/audit/verify");
        Assert.False(verify.GetProperty("valid").GetBoolean());
        Assert.Contains(verify.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == "entryAltered" && f.GetProperty("seq").GetInt64() == 5);
    }

    [Fact]
    public async Task A_register_row_changed_outside_the_service_is_found()
    {
        Assert.True((await _api.Auditor().GetJson("/api/audit/verify")).GetProperty("valid").GetBoolean());
        Outside("UPDATE cpi SET idx = '150' WHERE year = 2025");
        Outside("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)");
        var verify = await _api.Auditor().GetJson("/api/audit/verify");
        Assert.False(verify.GetProperty("valid").GetBoolean());
        var kinds = verify.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()).ToList();
        Assert.Contains("rowAltered", kinds);
        // Removing the last entry leaves its row without a record.
        Assert.Contains("unloggedRow", kinds);
    }
}

public sealed class ConcurrencyTests(SeededApi api) : IClassFixture<SeededApi>
{
    [Fact]
    public async Task A_stale_If_Match_is_412_and_changes_nothing()
    {
        var t = api.Treasurer();
        var get = await t.GetAsync("/api/fund/parameters");
        var etag = get.Headers.ETag!.Tag;
        var body = """{"grunnkapitalNok":1528518969,"realValueBaseNok":1804000000,"realValueBaseYear":2002}""";

        using var first = new HttpRequestMessage(HttpMethod.Put, "/api/fund/parameters") { Content = new StringContent(body.Replace("1528518969", "1528518970"), System.Text.Encoding.UTF8, "application/json") };
        first.Headers.TryAddWithoutValidation("If-Match", etag);
        var ok = await t.SendAsync(first);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotEqual(etag, ok.Headers.ETag!.Tag);

        using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/fund/parameters") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        var refused = await t.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1_528_518_970m, (await t.GetJson("/api/fund/parameters")).Dec("grunnkapitalNok"));

        // Put it back for the other tests of the class.
        using var restore = new HttpRequestMessage(HttpMethod.Put, "/api/fund/parameters") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        Assert.Equal(HttpStatusCode.OK, (await t.SendAsync(restore)).StatusCode);
    }

    [Fact]
    public async Task A_loan_update_with_a_stale_ETag_is_refused()
    {
        var t = api.Treasurer();
        var get = await t.GetAsync("/api/loans/1");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var loan = System.Text.Json.JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement;
        var body = System.Text.Json.JsonSerializer.Serialize(new
        {
            lender = loan.GetProperty("lender").GetString(), product = loan.GetProperty("product").GetString(),
            category = loan.GetProperty("category").GetString(), rateType = loan.GetProperty("rateType").GetString(),
            ratePct = loan.GetProperty("ratePct").GetDecimal(), balanceNok = loan.GetProperty("balanceNok").GetDecimal(),
            balanceDate = loan.GetProperty("balanceDate").GetString(), maturityDate = loan.GetProperty("maturityDate").GetString(),
            amortisation = loan.GetProperty("amortisation").GetString(),
        });
        using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/loans/1") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"0000\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await t.SendAsync(stale)).StatusCode);
        using var fresh = new HttpRequestMessage(HttpMethod.Put, "/api/loans/1") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        fresh.Headers.TryAddWithoutValidation("If-Match", get.Headers.ETag!.Tag);
        var response = await t.SendAsync(fresh);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}

public sealed class BackupTests : IDisposable
{
    private readonly FinanceApiFactory _api = new(seed: true);
    private readonly FinanceApiFactory _restored = new(seed: true);

    public void Dispose()
    {
        _api.Dispose();
        _restored.Dispose();
    }

    [PostgresOnlyFact]
    public async Task On_postgresql_the_backup_endpoint_names_pg_dump()
    {
        var (status, problem) = await _api.Treasurer().Send(HttpMethod.Post, "/api/admin/backup", null);
        Assert.Equal(HttpStatusCode.NotImplemented, status);
        Assert.Contains("pg_dump", problem.GetProperty("detail").GetString());
    }

    [SqliteOnlyFact("the service's backup is a copy of the SQLite file (PostgreSQL: pg_dump)")]
    public async Task A_restored_backup_gives_identical_reports_and_a_valid_audit_trail()
    {
        var t = _api.Treasurer();
        await t.Send(HttpMethod.Post, "/api/stress-tests", new { asOf = "2025-12-31" });
        var (status, backup) = await t.Send(HttpMethod.Post, "/api/admin/backup", null);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Auditor().Send(HttpMethod.Post, "/api/admin/backup", null)).Status);
        var original = new[]
        {
            await t.GetStringAsync("/api/reports/annual/2025?format=json"),
            await t.GetStringAsync("/api/stress-tests/1"),
            await t.GetStringAsync("/api/debt/summary?asOf=2025-12-31"),
        };

        // The answer names the file only, never the server's folders; two backups at once get two files.
        var file = backup.GetProperty("file").GetString()!;
        Assert.Equal(file, Path.GetFileName(file));
        var (status2, second) = await t.Send(HttpMethod.Post, "/api/admin/backup", null);
        Assert.Equal(HttpStatusCode.Created, status2);
        Assert.NotEqual(file, second.GetProperty("file").GetString());

        // Restore: the backup file becomes the database of a new service, with the audit key kept apart from it.
        File.Copy(Path.Combine(_api.Folder, "backups", file), _restored.DatabasePath);
        File.Copy(_api.DatabasePath + ".audit-key", _restored.DatabasePath + ".audit-key");
        var r = _restored.Treasurer();
        var restored = new[]
        {
            await r.GetStringAsync("/api/reports/annual/2025?format=json"),
            await r.GetStringAsync("/api/stress-tests/1"),
            await r.GetStringAsync("/api/debt/summary?asOf=2025-12-31"),
        };
        Assert.Equal(original, restored);
        var verify = await _restored.Auditor().GetJson("/api/audit/verify");
        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.ToString());
    }
}
