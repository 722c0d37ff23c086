using System.Data.Common;
using System.Net.Http.Json;
using System.Text.Json;
using Finance.Api.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Finance.Tests;

/// <summary>
/// The real service over real HTTP routes, on its own SQLite file in a temporary folder — or, when the tests run on
/// PostgreSQL (<see cref="TestStore"/>), on its own fresh PostgreSQL database, dropped at dispose.
/// <paramref name="seed"/> chooses between the Bærum 2025 reference data and an empty database.
/// </summary>
public class FinanceApiFactory(bool seed = true) : WebApplicationFactory<Program>
{
    public const string TreasurerKey = "test-treasurer-key";
    public const string AuditorKey = "test-auditor-key";
    public const string ViewerKey = "test-viewer-key";
    public const string AdminKey = "test-admin-key";

    public string Folder { get; } = Directory.CreateTempSubdirectory("finance-test-").FullName;

    /// <summary>The SQLite file (SQLite runs only: a test that reads or changes the file is <see cref="SqliteOnlyFactAttribute"/>).</summary>
    public string DatabasePath => Path.Combine(Folder, "finance.db");

    private string? _connectionString;

    /// <summary>The service's <c>ConnectionStrings:Finance</c>: the SQLite file, or the test's own PostgreSQL database.</summary>
    public string ConnectionString => _connectionString ??= TestStore.IsPostgres ? TestStore.CreatePostgresDatabase() : $"Data Source={DatabasePath}";

    /// <summary>A store on the service's database with the service's audit key, as a second process (the job worker) would open it.</summary>
    public Finance.Data.Db NewDb() => new(ConnectionString, TestStore.IsPostgres ? TestStore.PostgresAuditKey : null);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Finance", ConnectionString);
        if (TestStore.IsPostgres)
        {
            builder.UseSetting("Audit:Key", TestStore.PostgresAuditKey);
        }
        builder.UseSetting("Finance:SeedDemoData", seed ? "true" : "false");
        builder.UseSetting("Jobs:Enabled", "false");
        // Configuration holds only the keys' SHA-256, as in production.
        string[][] keys = [["test-treasurer", "treasurer", TreasurerKey], ["test-auditor", "auditor", AuditorKey], ["test-viewer", "viewer", ViewerKey], ["test-admin", "admin", AdminKey]];
        for (var i = 0; i < keys.Length; i++)
        {
            builder.UseSetting($"Auth:ApiKeys:{i}:Name", keys[i][0]);
            builder.UseSetting($"Auth:ApiKeys:{i}:Role", keys[i][1]);
            builder.UseSetting($"Auth:ApiKeys:{i}:KeySha256", Finance.Data.Access.ApiKeyStore.Hash(keys[i][2]));
        }
    }

    public HttpClient Client(string? apiKey)
    {
        var client = CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
        return client;
    }

    public HttpClient Treasurer() => Client(TreasurerKey);

    public HttpClient Auditor() => Client(AuditorKey);

    public HttpClient Viewer() => Client(ViewerKey);

    public HttpClient Admin() => Client(AdminKey);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (TestStore.IsPostgres && _connectionString is not null)
        {
            TestStore.DropPostgresDatabase(_connectionString);
        }
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS is left in the temp folder.
        }
    }
}

/// <summary>The service with the reference data, shared by a test class.</summary>
public sealed class SeededApi() : FinanceApiFactory(seed: true);

/// <summary>JSON helpers for tests: the API's own serializer options.</summary>
public static class Http
{
    public static readonly JsonSerializerOptions Options = Json.Options;

    public static async Task<JsonElement> GetJson(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> Send(this HttpClient client, HttpMethod method, string url, object? body)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is string raw)
        {
            request.Content = new StringContent(raw, System.Text.Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Options);
        }
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement);
    }

    public static decimal Dec(this JsonElement e, string property) => e.GetProperty(property).GetDecimal();
}
