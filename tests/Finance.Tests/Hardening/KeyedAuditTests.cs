using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Finance.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Tests.Hardening;

/// <summary>
/// The keyed audit trail: entries are HMAC-SHA-256 under a key the database does not hold, so whoever can write the file
/// but lacks the key cannot add or change an entry that verifies; a trail cut off at the end is found against a head kept
/// elsewhere; a trail from before the key is sealed by one keyed checkpoint.
/// </summary>
public sealed class KeyedAuditTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("finance-audit-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }

    private string DatabasePath => Path.Combine(_folder, "finance.db");

    private (Process Process, HttpClient Client) Start()
    {
        var (process, port) = ServiceProcess.Start(_folder, DatabasePath,
            ("audit-treasurer", "treasurer", "audit-treasurer-key"), ("audit-auditor", "auditor", "audit-auditor-key"));
        return (process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") });
    }

    private static async Task WaitHealthy(HttpClient client, Process process) =>
        Assert.True(await ServiceProcess.WaitHealthy(client, process), "the service did not start");

    private static async Task<JsonElement> Verify(HttpClient client, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/audit/verify" + query);
        request.Headers.Add("X-Api-Key", "audit-auditor-key");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static void Stop(Process process)
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Outside the service, as someone with the database file: changes loan L1's rate and appends the matching update entry,
    /// chained and hashed the way the unkeyed trail did (plain SHA-256 over the content and the previous hash).
    /// </summary>
    private void ForgeRateChange(string rate)
    {
        using var c = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        c.Open();
        using var tx = c.BeginTransaction();
        string Scalar(string sql)
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }
        var image = "json_object('loan_id', loan_id, 'date', date, 'balance_nok', balance_nok, 'rate_pct', rate_pct, 'next_rate_reset_date', next_rate_reset_date, 'maturity_date', maturity_date)";
        var columns = Scalar("SELECT group_concat(name, ',') FROM pragma_table_info('loan_states')");
        Assert.Equal("loan_id,date,balance_nok,rate_pct,next_rate_reset_date,maturity_date", columns);
        var rowId = Scalar("SELECT rowid FROM loan_states WHERE loan_id = 'L1'");
        var before = Scalar($"SELECT {image} FROM loan_states WHERE loan_id = 'L1'");
        Scalar($"UPDATE loan_states SET rate_pct = '{rate}' WHERE loan_id = 'L1'");
        var after = Scalar($"SELECT {image} FROM loan_states WHERE loan_id = 'L1'");
        var prev = Scalar("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1");
        const string at = "2026-01-05T10:00:00.000Z";
        var content = string.Join("|", prev, at, "audit-treasurer", "update", "loan_states", rowId, before, after);
        using (var cmd = c.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO audit_log (at, actor, action, table_name, row_id, before, after, prev_hash, hash) VALUES ($at, 'audit-treasurer', 'update', 'loan_states', $row, $before, $after, $prev, $hash)";
            cmd.Parameters.AddWithValue("$at", at);
            cmd.Parameters.AddWithValue("$row", long.Parse(rowId, System.Globalization.CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$before", before);
            cmd.Parameters.AddWithValue("$after", after);
            cmd.Parameters.AddWithValue("$prev", prev);
            cmd.Parameters.AddWithValue("$hash", Sha256(content));
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    [SqliteOnlyFact("forges entries in the SQLite file of a stopped service process")]
    public async Task A_rate_changed_in_the_stopped_service_file_with_a_matching_plain_SHA256_entry_is_found_after_restart()
    {
        var (process, client) = Start();
        await WaitHealthy(client, process);
        using (var post = new HttpRequestMessage(HttpMethod.Post, "/api/loans"))
        {
            post.Headers.Add("X-Api-Key", "audit-treasurer-key");
            post.Content = new StringContent("""
                {"id":"L1","lender":"Kommunalbanken","product":"Serielån","category":"investment","rateType":"fixed","ratePct":4.25,
                 "balanceNok":1000000,"balanceDate":"2025-12-31","maturityDate":"2040-12-31","amortisation":"serial"}
                """, Encoding.UTF8, "application/json");
            Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(post)).StatusCode);
        }
        var before = await Verify(client);
        Assert.True(before.GetProperty("valid").GetBoolean(), before.ToString());
        Stop(process);

        ForgeRateChange("1.5");

        var (again, client2) = Start();
        await WaitHealthy(client2, again);
        try
        {
            var verify = await Verify(client2);
            Assert.False(verify.GetProperty("valid").GetBoolean());
            var findings = verify.GetProperty("findings").EnumerateArray().ToList();
            // The forged entry is the only finding: the row does match it, but it is not the key's HMAC.
            var finding = Assert.Single(findings);
            Assert.Equal("entryAltered", finding.GetProperty("kind").GetString());
            Assert.Equal(before.GetProperty("lastSeq").GetInt64() + 1, finding.GetProperty("seq").GetInt64());
            Assert.Equal("loan_states", finding.GetProperty("table").GetString());
        }
        finally
        {
            Stop(again);
        }
    }

    [Fact]
    public async Task A_trail_cut_off_at_the_end_is_found_against_the_head_kept_elsewhere()
    {
        using var api = new FinanceApiFactory(seed: false);
        var t = api.Treasurer();
        Assert.Equal(HttpStatusCode.OK, (await t.Send(HttpMethod.Put, "/api/market-data/cpi/2024", new { index = 133.6m })).Status);
        var kept = await api.Auditor().GetJson("/api/audit/verify");
        var head = $"{kept.GetProperty("lastSeq").GetInt64()}:{kept.GetProperty("lastHash").GetString()}";
        Assert.True((await api.Auditor().GetJson($"/api/audit/verify?expectHead={head}")).GetProperty("valid").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await t.Send(HttpMethod.Put, "/api/market-data/cpi/2025", new { index = 137.7m })).Status);

        // Outside: the CPI row of 2025, its entry and the AUTOINCREMENT counter (PostgreSQL: the log's counter row) removed —
        // the chain itself stays intact.
        TestStore.Outside(api.ConnectionString, $"""
            DELETE FROM cpi WHERE year = 2025;
            DELETE FROM audit_log WHERE seq > (SELECT seq FROM audit_log WHERE table_name = 'cpi' ORDER BY seq DESC LIMIT 1 OFFSET 1);
            {(TestStore.IsPostgres
                ? "UPDATE audit_log_counter SET last_seq = (SELECT MAX(seq) FROM audit_log)"
                : "UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM audit_log) WHERE name = 'audit_log'")};
            """);
        var plain = await api.Auditor().GetJson("/api/audit/verify");
        Assert.True(plain.GetProperty("valid").GetBoolean(), "a clean cut verifies without a head: that is what the head is for");
        var later = $"{plain.GetProperty("lastSeq").GetInt64() + 1}:{new string('a', 64)}";
        var verify = await api.Auditor().GetJson($"/api/audit/verify?expectHead={later}");
        Assert.False(verify.GetProperty("valid").GetBoolean());
        Assert.Equal("tailCut", Assert.Single(verify.GetProperty("findings").EnumerateArray()).GetProperty("kind").GetString());
        // The head printed before the cut still verifies: the trail up to it is intact.
        Assert.True((await api.Auditor().GetJson($"/api/audit/verify?expectHead={head}")).GetProperty("valid").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Auditor().Send(HttpMethod.Get, "/api/audit/verify?expectHead=12", null)).Status);
    }

    [SqliteOnlyFact("rebuilds a trail from before the key in the SQLite file (no PostgreSQL database predates the key)")]
    public async Task A_trail_from_before_the_key_is_sealed_by_one_keyed_checkpoint_and_stays_closed_to_plain_entries()
    {
        using var api = new FinanceApiFactory(seed: false);
        var db = api.Services.GetRequiredService<Db>();
        // Make the database what a version before the key left: every entry chained by plain SHA-256, no checkpoint.
        using (var c = new SqliteConnection($"Data Source={api.DatabasePath}"))
        {
            c.Open();
            using var tx = c.BeginTransaction();
            using (var cmd = c.CreateCommand())
            {
                cmd.Transaction = tx;
                // The checkpoint is the last entry of a new, empty database.
                cmd.CommandText = """
                    DELETE FROM audit_log WHERE table_name = 'audit_checkpoints';
                    DELETE FROM audit_checkpoints;
                    UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM audit_log) WHERE name = 'audit_log';
                    """;
                cmd.ExecuteNonQuery();
            }
            var entries = new List<(long Seq, string Content)>();
            using (var read = c.CreateCommand())
            {
                read.Transaction = tx;
                read.CommandText = "SELECT seq, at, actor, action, table_name, row_id, COALESCE(before, ''), COALESCE(after, '') FROM audit_log ORDER BY seq";
                using var r = read.ExecuteReader();
                while (r.Read())
                {
                    entries.Add((r.GetInt64(0), string.Join("|", r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5).ToString(System.Globalization.CultureInfo.InvariantCulture), r.GetString(6), r.GetString(7))));
                }
            }
            var prev = "";
            foreach (var (seq, content) in entries)
            {
                var hash = Sha256(prev + "|" + content);
                using var update = c.CreateCommand();
                update.Transaction = tx;
                update.CommandText = "UPDATE audit_log SET prev_hash = $prev, hash = $hash WHERE seq = $seq";
                update.Parameters.AddWithValue("$prev", prev);
                update.Parameters.AddWithValue("$hash", hash);
                update.Parameters.AddWithValue("$seq", seq);
                update.ExecuteNonQuery();
                prev = hash;
            }
            tx.Commit();
        }
        var unsealed = await api.Auditor().GetJson("/api/audit/verify");
        Assert.False(unsealed.GetProperty("valid").GetBoolean());
        Assert.Contains(unsealed.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == "unsealed");

        // The start-up step of the new version seals it once.
        db.Migrate();
        db.Migrate();
        var sealedTrail = await api.Auditor().GetJson("/api/audit/verify");
        Assert.True(sealedTrail.GetProperty("valid").GetBoolean(), sealedTrail.ToString());
        var checkpoints = await api.Auditor().GetJson("/api/audit?table=audit_checkpoints");
        Assert.Equal(1, checkpoints.GetArrayLength());

        // A change through the service after the seal verifies; a plain SHA-256 entry appended after it does not.
        Assert.Equal(HttpStatusCode.OK, (await api.Treasurer().Send(HttpMethod.Put, "/api/market-data/cpi/2026", new { index = 140m })).Status);
        Assert.True((await api.Auditor().GetJson("/api/audit/verify")).GetProperty("valid").GetBoolean());
        using (var c = new SqliteConnection($"Data Source={api.DatabasePath}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1";
            var last = (string)cmd.ExecuteScalar()!;
            const string content = "|2026-01-05T10:00:00.000Z|someone|delete|cpi|999|{}|";
            cmd.CommandText = "INSERT INTO audit_log (at, actor, action, table_name, row_id, before, after, prev_hash, hash) VALUES ('2026-01-05T10:00:00.000Z', 'someone', 'delete', 'cpi', 999, '{}', NULL, $prev, $hash)";
            cmd.Parameters.AddWithValue("$prev", last);
            cmd.Parameters.AddWithValue("$hash", Sha256(last + content));
            cmd.ExecuteNonQuery();
        }
        var forged = await api.Auditor().GetJson("/api/audit/verify");
        Assert.False(forged.GetProperty("valid").GetBoolean());
        Assert.Equal("entryAltered", Assert.Single(forged.GetProperty("findings").EnumerateArray()).GetProperty("kind").GetString());
    }
}

/// <summary>A frozen snapshot keeps the audit chain head of its moment, and the reports built from it print it.</summary>
public sealed class SnapshotHeadTests : IDisposable
{
    private readonly FinanceApiFactory _api = new(seed: true);

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task A_frozen_snapshot_and_its_report_print_the_chain_head_that_verify_accepts()
    {
        var (status, _) = await _api.Treasurer().Send(HttpMethod.Post, "/api/snapshots/2025-12", null);
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, status.ToString());
        var head = (await _api.Viewer().GetJson("/api/snapshots/2025-12")).GetProperty("auditHead").GetString()!;
        Assert.Matches("^[0-9]+:[0-9a-f]{64}$", head);
        // The head is the snapshot's own log entry (and the head row written beside it comes right after).
        var entry = (await _api.Auditor().GetJson($"/api/audit?table=snapshots")).EnumerateArray().Last();
        Assert.Equal(head, $"{entry.GetProperty("seq").GetInt64()}:{entry.GetProperty("hash").GetString()}");

        var html = await _api.Viewer().GetStringAsync("/api/reports/annual/2025?format=html");
        Assert.Contains($"kjedehode da øyeblikksbildet ble frosset: {head}", html);
        var json = await _api.Viewer().GetJson("/api/reports/annual/2025?format=json");
        Assert.Equal(head, json.GetProperty("source").GetProperty("auditHead").GetString());

        // Later writes do not change what the head proves.
        Assert.Equal(HttpStatusCode.OK, (await _api.Treasurer().Send(HttpMethod.Put, "/api/market-data/cpi/2026", new { index = 140m })).Status);
        var verify = await _api.Auditor().GetJson($"/api/audit/verify?expectHead={head}");
        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.ToString());
    }
}
