using System.Net;
using Microsoft.Data.Sqlite;

namespace Finance.Tests.Audit;

public sealed class AuditTests : IDisposable
{
    private readonly FinanceApiFactory _api = new(seed: true);

    public void Dispose() => _api.Dispose();

    /// <summary>A connection outside the service: no audit triggers, as a person with the database file would have.</summary>
    private void Outside(string sql)
    {
        using var c = new SqliteConnection($"Data Source={_api.DatabasePath}");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

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
