using System.Data.Common;
using System.Net;
using System.Text;
using System.Text.Json;
using Finance.Api.Admin;
using Finance.Api.Infrastructure;
using Finance.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Finance.Tests.Hardening;

/// <summary>A service in the Production environment with nothing but a database and a key configured.</summary>
public sealed class ProductionApi : WebApplicationFactory<Program>
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("finance-prod-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Finance", $"Data Source={Path.Combine(Folder, "finance.db")}");
        builder.UseSetting("Jobs:Enabled", "false");
        builder.UseSetting("Auth:ApiKeys:0:Name", "prod-viewer");
        builder.UseSetting("Auth:ApiKeys:0:Role", "viewer");
        builder.UseSetting("Auth:ApiKeys:0:KeySha256", Finance.Data.Access.ApiKeyStore.Hash("prod-viewer-key"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, true); } catch (IOException) { }
    }
}

/// <summary>A service whose only admin key is one in the database (the configured test-admin key is made a viewer).</summary>
public sealed class NoConfiguredAdminApi() : FinanceApiFactory(seed: false)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:ApiKeys:3:Role", "viewer");
    }
}

public sealed class ServiceDefaultsTests(SeededApi api) : IClassFixture<SeededApi>
{
    [Fact]
    public async Task Production_without_the_setting_starts_with_an_empty_register()
    {
        using var production = new ProductionApi();
        var client = production.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "prod-viewer-key");
        var loans = await client.GetJson("/api/loans");
        Assert.Equal(JsonValueKind.Array, loans.ValueKind);
        Assert.Equal(0, loans.GetArrayLength());
        // The audit key file was made beside the database, readable by the owner only.
        var key = Path.Combine(production.Folder, "finance.db.audit-key");
        Assert.True(File.Exists(key));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }
    }

    [Theory]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", null)]
    [InlineData("text/html", FinanceApiFactory.ViewerKey)]
    [InlineData("application/json", FinanceApiFactory.ViewerKey)]
    [InlineData("image/png", null)]
    public async Task An_unknown_path_is_a_404_problem_for_every_Accept(string accept, string? key)
    {
        var client = api.Client(key);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no-such-page/at-all");
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task The_HTML_report_carries_nosniff_and_a_CSP_that_admits_its_own_style_only()
    {
        using var response = await api.Viewer().GetAsync("/api/reports/annual/2025?format=html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith("default-src 'none'", csp);
        Assert.DoesNotContain("script-src", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        // The <style> block is admitted by its hash, so the report still renders its layout (the SVG charts are markup).
        var style = System.Text.RegularExpressions.Regex.Match(html, "<style>(.*?)</style>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(style)));
        Assert.Contains($"'sha256-{hash}'", csp);
        Assert.Contains("<svg", html);
    }

    [Fact]
    public async Task The_OpenAPI_document_names_no_host_from_the_request()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/swagger/v1/swagger.json");
        request.Headers.Host = "evil.example";
        using var response = await api.CreateClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("evil.example", text);
        Assert.Equal("/", JsonDocument.Parse(text).RootElement.GetProperty("servers")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Key_hashes_are_redacted_in_the_change_log()
    {
        var (status, made) = await api.Admin().Send(HttpMethod.Post, "/api/admin/keys", new { name = "redact-check", role = "viewer" });
        Assert.Equal(HttpStatusCode.Created, status);
        var entries = await api.Auditor().GetJson("/api/audit?table=api_keys");
        var entry = entries.EnumerateArray().Last(e => e.GetProperty("after").GetProperty("name").GetString() == "redact-check");
        Assert.Equal("[redacted]", entry.GetProperty("after").GetProperty("sha256").GetString());
        Assert.DoesNotContain(Finance.Data.Access.ApiKeyStore.Hash(made.GetProperty("key").GetString()!), entries.ToString());
    }
}

public sealed class LastAdminKeyTests : IDisposable
{
    private readonly NoConfiguredAdminApi _api = new();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task The_last_active_admin_key_cannot_be_revoked_while_a_second_one_can()
    {
        var db = _api.Services.GetRequiredService<Db>();
        var first = KeysApi.Make(db, new ApiKeyOptions(), "first-admin", "admin", SystemClock.Instance.GetCurrentInstant(), "test")!;
        var admin = _api.Client(first.Key);
        var (status, second) = await admin.Send(HttpMethod.Post, "/api/admin/keys", new { name = "second-admin", role = "admin" });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(HttpStatusCode.OK, (await admin.Send(HttpMethod.Delete, "/api/admin/keys/second-admin", null)).Status);
        var (refused, problem) = await admin.Send(HttpMethod.Delete, "/api/admin/keys/first-admin", null);
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Equal("The last admin key cannot be revoked.", problem.GetProperty("title").GetString());
        // Still working.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/keys")).StatusCode);
        Assert.NotNull(second.GetProperty("key").GetString());
    }
}

/// <summary>Pages of 1 000 (default) with a Link to the next, on 2 500 loans.</summary>
public sealed class PageTests : IDisposable
{
    private readonly FinanceApiFactory _api = new(seed: false);

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task The_loan_register_comes_in_pages_with_a_next_link_until_the_end()
    {
        var csv = new StringBuilder("id,lender,category,rateType,ratePct,balanceNok,balanceDate,maturityDate,amortisation\n");
        for (var i = 1; i <= 2_500; i++)
        {
            csv.Append($"P{i},Kommunalbanken,investment,floating,4.25,{i},2025-12-31,2040-12-31,serial\n");
        }
        var t = _api.Treasurer();
        Assert.Equal(HttpStatusCode.OK, (await t.PostAsync("/api/loans/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).StatusCode);

        var ids = new List<string>();
        var url = "/api/loans";
        var pages = new List<int>();
        while (url is not null)
        {
            using var response = await _api.Viewer().GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            pages.Add(page.GetArrayLength());
            ids.AddRange(page.EnumerateArray().Select(l => l.GetProperty("id").GetString()!));
            url = response.Headers.TryGetValues("Link", out var links)
                ? System.Text.RegularExpressions.Regex.Match(links.Single(), "^<([^>]+)>; rel=\"next\"$").Groups[1].Value
                : null;
        }
        Assert.Equal([1_000, 1_000, 500], pages);
        Assert.Equal(Enumerable.Range(1, 2_500).Select(i => $"P{i}"), ids);

        // A smaller page, the bounds, and a generic list paged by the filter (the change log).
        var small = await _api.Viewer().GetAsync("/api/loans?limit=10&asOf=2025-12-31");
        Assert.Equal(10, JsonDocument.Parse(await small.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        Assert.Contains("cursor=", small.Headers.GetValues("Link").Single());
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.Viewer().GetAsync("/api/loans?limit=10001")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.Viewer().GetAsync("/api/loans?cursor=x")).StatusCode);
        var log = await _api.Auditor().GetAsync("/api/audit");
        Assert.Equal(1_000, JsonDocument.Parse(await log.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        Assert.Contains("afterSeq=", log.Headers.GetValues("Link").Single());
        // The CSV export is not paged: every loan, streamed.
        var export = await _api.Viewer().GetStringAsync("/api/loans?format=csv");
        Assert.Equal(2_501, export.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
