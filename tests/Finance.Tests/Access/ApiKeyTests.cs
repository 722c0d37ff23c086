using Dapper;
using System.Data.Common;
using System.Diagnostics;
using System.Net;
using Finance.Data.Access;
using Microsoft.Data.Sqlite;

namespace Finance.Tests.Access;

/// <summary>API keys: configured by hash only, made and revoked in the database by an admin, never shown again.</summary>
public sealed class ApiKeyTests : IDisposable
{
    private readonly FinanceApiFactory _api = new(seed: true);

    public void Dispose() => _api.Dispose();

    private HttpClient WithKey(string key) => _api.Client(key);

    [Fact]
    public async Task An_admin_makes_a_key_that_works_at_once_and_is_stored_only_as_its_hash()
    {
        var (status, made) = await _api.Admin().Send(HttpMethod.Post, "/api/admin/keys", new { name = "ola.treasurer", role = "treasurer" });
        Assert.Equal(HttpStatusCode.Created, status);
        var key = made.GetProperty("key").GetString()!;
        Assert.Equal(43, key.Length);
        Assert.Equal(32, Convert.FromBase64String(key.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.Equal("test-admin", made.GetProperty("createdBy").GetString());

        // The key writes, and its name is the actor of the change.
        Assert.Equal(HttpStatusCode.OK, (await WithKey(key).Send(HttpMethod.Put, "/api/market-data/cpi/2026", new { index = 141m })).Status);
        var log = await _api.Auditor().GetJson("/api/audit?table=cpi&actor=ola.treasurer");
        Assert.Single(log.EnumerateArray());

        // Only the hash is in the database.
        using (var c = TestStore.OpenOutside(_api.ConnectionString))
        {
            Assert.Equal(ApiKeyStore.Hash(key), c.ExecuteScalar<string>("SELECT sha256 FROM api_keys WHERE name = 'ola.treasurer'"));
            Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM api_keys WHERE sha256 = @key OR name = @key OR created_by = @key", new { key }));
        }

        // The list shows names and roles, never a key or a hash.
        var listText = await (await _api.Admin().GetAsync("/api/admin/keys")).Content.ReadAsStringAsync();
        Assert.Contains("ola.treasurer", listText);
        Assert.DoesNotContain(key, listText);
        Assert.DoesNotContain(ApiKeyStore.Hash(key), listText);
        Assert.DoesNotContain(ApiKeyStore.Hash(FinanceApiFactory.TreasurerKey), listText);
        var list = await _api.Admin().GetJson("/api/admin/keys");
        var row = Assert.Single(list.EnumerateArray(), k => k.GetProperty("name").GetString() == "ola.treasurer");
        Assert.Equal("database", row.GetProperty("source").GetString());
        Assert.Equal(JsonValueKindNull, row.GetProperty("revokedAt").ValueKind);
        Assert.Contains(list.EnumerateArray(), k => k.GetProperty("name").GetString() == "test-viewer" && k.GetProperty("source").GetString() == "configuration");
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task A_revoked_key_is_refused_at_once_and_its_name_is_not_reused()
    {
        var (_, made) = await _api.Admin().Send(HttpMethod.Post, "/api/admin/keys", new { name = "kari", role = "viewer" });
        var key = made.GetProperty("key").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await WithKey(key).GetAsync("/api/fund/holdings?asOf=2025-12-31")).StatusCode);

        var (revokedStatus, revoked) = await _api.Admin().Send(HttpMethod.Delete, "/api/admin/keys/kari", null);
        Assert.Equal(HttpStatusCode.OK, revokedStatus);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, revoked.GetProperty("revokedAt").ValueKind);
        var refused = await WithKey(key).GetAsync("/api/fund/holdings?asOf=2025-12-31");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        var list = await _api.Admin().GetJson("/api/admin/keys");
        var row = Assert.Single(list.EnumerateArray(), k => k.GetProperty("name").GetString() == "kari");
        Assert.Equal(System.Text.Json.JsonValueKind.String, row.GetProperty("revokedAt").ValueKind);

        var (again, problem) = await _api.Admin().Send(HttpMethod.Post, "/api/admin/keys", new { name = "kari", role = "viewer" });
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Admin().Send(HttpMethod.Delete, "/api/admin/keys/nobody", null)).Status);
        // A configured key's name cannot be taken by a database key.
        Assert.Equal(HttpStatusCode.Conflict, (await _api.Admin().Send(HttpMethod.Post, "/api/admin/keys", new { name = "test-viewer", role = "admin" })).Status);
    }

    [Fact]
    public async Task Only_an_admin_manages_keys_and_an_admin_reads_and_writes_no_register()
    {
        foreach (var client in new[] { _api.Treasurer(), _api.Auditor(), _api.Viewer() })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Send(HttpMethod.Get, "/api/admin/keys", null)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Send(HttpMethod.Post, "/api/admin/keys", new { name = "x", role = "admin" })).Status);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.Client(null).Send(HttpMethod.Get, "/api/admin/keys", null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Admin().Send(HttpMethod.Get, "/api/fund/holdings?asOf=2025-12-31", null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Admin().Send(HttpMethod.Put, "/api/market-data/cpi/2026", new { index = 141m })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Admin().Send(HttpMethod.Get, "/api/audit", null)).Status);
    }

    [Fact]
    public async Task A_bad_name_or_role_is_a_validation_problem()
    {
        var (status, problem) = await _api.Admin().Send(HttpMethod.Post, "/api/admin/keys", new { name = "Has Spaces", role = "superuser" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _));
    }

    [Fact]
    public async Task A_plain_key_of_the_contract_still_works_and_only_its_hash_is_compared()
    {
        // api.md's Auth:ApiKeys:{n}:Key keeps working for existing deployments; start-up warns to configure KeySha256.
        using var api = new PlainKeyApi();
        var client = api.Client("plain-text-key");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/fund/parameters")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Client("plain-text-kez").GetAsync("/api/fund/parameters")).StatusCode);
    }

    [Fact]
    public void A_configured_hash_that_is_not_one_is_refused_at_start()
    {
        using var api = new BadHashApi();
        var error = Assert.ThrowsAny<Exception>(() => api.CreateClient());
        Assert.Contains("KeySha256", Flatten(error));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " " + Flatten(e.InnerException);

    private sealed class BadHashApi : FinanceApiFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Auth:ApiKeys:4:Name", "broken");
            builder.UseSetting("Auth:ApiKeys:4:Role", "treasurer");
            builder.UseSetting("Auth:ApiKeys:4:KeySha256", "not-a-hash");
        }
    }

    private sealed class PlainKeyApi : FinanceApiFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Auth:ApiKeys:4:Name", "old-style");
            builder.UseSetting("Auth:ApiKeys:4:Role", "treasurer");
            builder.UseSetting("Auth:ApiKeys:4:Key", "plain-text-key");
        }
    }

    [SqliteOnlyFact("the keys command creates a new SQLite database file")]
    public void The_keys_command_makes_the_first_admin_key_of_a_fresh_database()
    {
        var folder = Directory.CreateTempSubdirectory("finance-keys-").FullName;
        try
        {
            var database = Path.Combine(folder, "finance.db");
            // Outside Development a new database starts empty unless told: this one is told to load the reference data.
            var (code, key, _) = RunKeysCommand(folder, database, "keys", "add", "--name", "first-admin", "--role", "admin", "--Finance:SeedDemoData=true");
            Assert.Equal(0, code);
            Assert.Equal(43, key.Trim().Length);
            using (var c = new SqliteConnection($"Data Source={database};Pooling=False"))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "SELECT role || ' ' || sha256 FROM api_keys WHERE name = 'first-admin'";
                Assert.Equal("admin " + ApiKeyStore.Hash(key.Trim()), cmd.ExecuteScalar());
                // The new database was seeded like a first start of the service.
                cmd.CommandText = "SELECT COUNT(*) FROM cpi";
                Assert.True((long)cmd.ExecuteScalar()! > 0);
            }
            var (again, _, error) = RunKeysCommand(folder, database, "keys", "add", "--name", "first-admin", "--role", "admin");
            Assert.Equal(1, again);
            Assert.Contains("exists", error);
            var (bad, _, _) = RunKeysCommand(folder, database, "keys", "add", "--name", "x", "--role", "root");
            Assert.Equal(2, bad);
        }
        finally
        {
            try { Directory.Delete(folder, true); } catch (IOException) { }
        }
    }

    private static (int Code, string Output, string Error) RunKeysCommand(string folder, string database, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Finance.Api.dll"), .. args, $"--ConnectionStrings:Finance=Data Source={database}"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "The keys command did not exit.");
        return (process.ExitCode, output.Result, error.Result);
    }
}
