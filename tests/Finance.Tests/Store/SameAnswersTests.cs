using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;

namespace Finance.Tests.Store;

/// <summary>
/// The stores' SQL gives the same answers on both engines: with the tests on PostgreSQL, the reference data and the same
/// writes go to a SQLite file and to a PostgreSQL database, and every GET of the OpenAPI document answers the same on
/// both — status and body, character for character (decimals with the same digits and trailing zeros, rows in the same
/// order). Only what depends on the clock or the audit key is set aside: instants, the audit trail's hashes and heads.
/// </summary>
public sealed class SameAnswersTests
{
    /// <summary>The service on its own SQLite file even when the tests run on PostgreSQL.</summary>
    private sealed class SqliteApi() : FinanceApiFactory(seed: true)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:Finance", $"Data Source={DatabasePath}");
        }
    }

    /// <summary>Example values for the path parameters (reference data: loan 1, the first placement, the 2025 report).</summary>
    private static readonly Dictionary<string, string> PathValues = new()
    {
        ["{year}"] = "2025", ["{month}"] = "2025-12", ["{placementId}"] = "klp-aksjeglobal-indeks", ["{id}"] = "1", ["{version}"] = "1",
        ["{kind}"] = "annual", ["{period}"] = "2025", ["{section}"] = "fund", ["{tertial}"] = "1", ["{asOf}"] = "2025-12-31",
    };

    /// <summary>Queries each path is asked with besides none: a date of the reference year and of the year before, a year, a period.</summary>
    private static readonly string[] Queries = ["", "?asOf=2025-12-31", "?asOf=2024-12-31", "?year=2025", "?from=2025-01-01&to=2025-12-31"];

    [PostgresOnlyFact]
    public async Task Every_get_answers_the_same_on_sqlite_and_postgresql_after_the_same_writes()
    {
        using var sqlite = new SqliteApi();
        using var postgres = new SeededApi();
        foreach (var (method, url, body) in Writes)
        {
            var (onSqlite, _) = await sqlite.Treasurer().Send(method, url, body);
            var (onPostgres, answer) = await postgres.Treasurer().Send(method, url, body);
            Assert.True((int)onSqlite is >= 200 and < 300, $"{method} {url}: {onSqlite}");
            Assert.True(onSqlite == onPostgres, $"{method} {url}: {onSqlite} on SQLite, {onPostgres} on PostgreSQL: {answer}");
        }

        var document = JsonDocument.Parse(await sqlite.Viewer().GetStringAsync("/swagger/v1/swagger.json")).RootElement;
        var urls = document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Value.TryGetProperty("get", out _) && !p.Name.StartsWith("/api/audit", StringComparison.Ordinal))
            .Select(p => PathValues.Aggregate(p.Name, (path, v) => path.Replace(v.Key, v.Value, StringComparison.Ordinal)))
            .SelectMany(path => Queries.Select(q => path + q))
            .ToList();
        var differences = new List<string>();
        var compared = 0;
        foreach (var url in urls)
        {
            var (statusA, bodyA) = await Get(sqlite.Auditor(), url);
            var (statusB, bodyB) = await Get(postgres.Auditor(), url);
            if (statusA != statusB || (statusA == HttpStatusCode.OK && bodyA != bodyB))
            {
                var at = Enumerable.Range(0, Math.Min(bodyA.Length, bodyB.Length)).FirstOrDefault(i => bodyA[i] != bodyB[i], Math.Min(bodyA.Length, bodyB.Length));
                differences.Add($"{url}: {(int)statusA} vs {(int)statusB}, from character {at}: «{Around(bodyA, at)}» vs «{Around(bodyB, at)}»");
            }
            if (statusA == HttpStatusCode.OK)
            {
                compared++;
            }
        }
        Assert.Empty(differences);
        // The reference data answers most reads: the comparison covered the registers, figures, reports and snapshots.
        Assert.True(compared >= 100, $"only {compared} answers compared");
    }

    /// <summary>Writes of each register: a loan and one of its events, a fund flow, the CPI, a stored stress test, a snapshot.</summary>
    private static readonly (HttpMethod Method, string Url, object? Body)[] Writes =
    [
        (HttpMethod.Post, "/api/loans", """{"id":"900","lender":"Kommunalbanken","product":"3 mnd Nibor serielån","category":"investment","rateType":"floating","ratePct":4.635,"balanceNok":250000000.50,"balanceDate":"2025-12-31","maturityDate":"2045-12-31","amortisation":"serial","nextRateResetDate":"2026-03-18","green":true,"instalmentsPerYear":2}"""),
        (HttpMethod.Post, "/api/loans/1/events", """{"date":"2026-06-30","kind":"instalment","amountNok":1395000.10,"note":"Semi-annual instalment"}"""),
        (HttpMethod.Post, "/api/fund/flows", """[{"date":"2025-12-31","amountNok":-69600000.00,"kind":"withdrawal","note":"Yearly withdrawal","reference":"DNB-2025-12-31-000417"}]"""),
        (HttpMethod.Put, "/api/market-data/cpi/2025", """{"index":138.10}"""),
        (HttpMethod.Post, "/api/stress-tests", """{"asOf":"2025-12-31"}"""),
        (HttpMethod.Post, "/api/snapshots/2025-12", null),
    ];

    private static async Task<(HttpStatusCode Status, string Body)> Get(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        // Instants (when a row was written) and the audit trail's hashes and heads (keyed per database) differ by nature.
        body = Regex.Replace(body, @"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "<instant>");
        body = Regex.Replace(body, @"\b\d+:[0-9a-f]{64}\b", "<audit head>");
        return (response.StatusCode, body);
    }

    private static string Around(string s, int at) => s.Substring(Math.Max(0, at - 60), Math.Min(160, s.Length - Math.Max(0, at - 60)));
}
