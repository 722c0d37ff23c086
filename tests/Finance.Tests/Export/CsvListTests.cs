using System.Net;
using System.Text.Json;
using Finance.Data;

namespace Finance.Tests.Export;

/// <summary>
/// <c>Accept: text/csv</c> on the list endpoints (Infrastructure/CsvLists.cs): the same rows as the JSON, a header of the
/// JSON field names, each scalar cell exactly the JSON value's text (numbers at full precision, ISO dates).
/// </summary>
public class CsvListTests(SeededApi api) : IClassFixture<SeededApi>
{
    internal static async Task<(HttpResponseMessage Response, IReadOnlyList<Csv.Row> Rows)> GetCsv(HttpClient client, string url, string accept = "text/csv")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(accept);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {text}");
        return (response, Csv.Parse(text));
    }

    /// <summary>Every top-level scalar field of every JSON item appears, as its JSON text, in the CSV row of the same position.</summary>
    private static void AssertSameRows(JsonElement json, IReadOnlyList<Csv.Row> csv)
    {
        Assert.Equal(json.GetArrayLength() + 1, csv.Count);
        Assert.NotEmpty(csv[0].Fields);
        var header = csv[0].Fields;
        for (var i = 0; i < json.GetArrayLength(); i++)
        {
            var row = csv[i + 1].Fields;
            Assert.Equal(header.Length, row.Length);
            foreach (var p in json[i].EnumerateObject())
            {
                var expected = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.Number => p.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null => "",
                    JsonValueKind.Array => p.Value.GetRawText(),
                    _ => null,
                };
                if (expected is null)
                {
                    Assert.Contains(header, h => h.StartsWith(p.Name + ".", StringComparison.Ordinal));
                    continue;
                }
                var column = Array.IndexOf(header, p.Name);
                Assert.True(column >= 0, $"column {p.Name} missing from {string.Join(",", header)}");
                Assert.Equal(expected, row[column]);
            }
        }
    }

    [Theory]
    [InlineData("/api/fund/placements")]
    [InlineData("/api/fund/valuations")]
    [InlineData("/api/fund/flows")]
    [InlineData("/api/fund/benchmark-returns")]
    [InlineData("/api/market-data/cpi")]
    [InlineData("/api/liquidity/accounts")]
    [InlineData("/api/policy/versions")]
    [InlineData("/api/deviations?from=2000-01-01&to=2100-12-31")]
    [InlineData("/api/snapshots")]
    [InlineData("/api/audit?limit=50")]
    [InlineData("/api/loans")]
    public async Task A_list_endpoint_answers_Accept_text_csv_with_the_same_rows(string url)
    {
        var client = api.Auditor();
        var json = await client.GetJson(url);
        var (response, csv) = await GetCsv(client, url);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        if (url.StartsWith("/api/loans", StringComparison.Ordinal))
        {
            // The loan register keeps its own export: the import's columns (no isLease), same rows.
            Assert.Equal(json.GetArrayLength() + 1, csv.Count);
            return;
        }
        Assert.True(json.GetArrayLength() > 0 || url.Contains("deviations") || url.Contains("snapshots"), $"{url} has no rows in the reference data");
        if (json.GetArrayLength() > 0)
        {
            Assert.Equal(json[0].EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Object).Select(p => p.Name),
                csv[0].Fields.Where(h => !h.Contains('.')));
        }
        AssertSameRows(json, csv);
    }

    [Fact]
    public async Task The_67_loans_and_the_lease_as_csv_with_exact_values()
    {
        var (_, csv) = await GetCsv(api.Viewer(), "/api/loans?asOf=2025-12-31");
        Assert.Equal(69, csv.Count);
        var header = csv[0].Fields;
        var first = csv[1].Fields;
        Assert.Equal("1", first[Array.IndexOf(header, "id")]);
        Assert.Equal("2.386", first[Array.IndexOf(header, "ratePct")]);
        Assert.Equal("serial", first[Array.IndexOf(header, "amortisation")]);
        Assert.Equal(67, csv.Skip(1).Count(r => r.Fields[Array.IndexOf(header, "rateRiskExclusion")] != "lease"));
    }

    [Fact]
    public async Task Valuations_as_csv_have_the_import_columns_and_full_precision()
    {
        var json = await api.Viewer().GetJson("/api/fund/valuations?from=2025-12-31&to=2025-12-31");
        var (_, csv) = await GetCsv(api.Viewer(), "/api/fund/valuations?from=2025-12-31&to=2025-12-31");
        Assert.Equal(["date", "placementId", "assetClass", "marketValueNok", "incomeNok", "interestDurationYears", "creditDurationYears"], csv[0].Fields);
        Assert.True(json.GetArrayLength() > 0);
        AssertSameRows(json, csv);
        var format = await api.Viewer().GetAsync("/api/fund/valuations?from=2025-12-31&to=2025-12-31&format=csv");
        Assert.Equal("text/csv", format.Content.Headers.ContentType?.MediaType);
        Assert.Equal(json.GetArrayLength() + 1, Csv.Parse(await format.Content.ReadAsStringAsync()).Count);
    }

    [Fact]
    public async Task Stored_stress_tests_flatten_nested_objects_to_dotted_columns()
    {
        var t = api.Treasurer();
        var (status, _) = await t.Send(HttpMethod.Post, "/api/stress-tests", new { asOf = "2025-12-31" });
        Assert.Equal(HttpStatusCode.Created, status);
        var json = await t.GetJson("/api/stress-tests?year=2025");
        var (_, csv) = await GetCsv(t, "/api/stress-tests?year=2025");
        Assert.Equal(json.GetArrayLength() + 1, csv.Count);
        var header = csv[0].Fields;
        var total = Array.IndexOf(header, "result.partOne.totalNok");
        Assert.True(total >= 0, string.Join(",", header));
        var partOne = json[0].GetProperty("result").GetProperty("partOne");
        Assert.Equal(partOne.GetProperty("totalNok").GetRawText(), csv[1].Fields[total]);
        var lines = Array.IndexOf(header, "result.partOne.lines");
        Assert.Equal(partOne.GetProperty("lines").GetRawText(), csv[1].Fields[lines]);
    }

    [Theory]
    [InlineData("application/json, text/csv;q=0.5", "application/json")]
    [InlineData("text/csv, */*;q=0.1", "text/csv")]
    [InlineData("text/html,application/xhtml+xml,*/*;q=0.8", "application/json")]
    public async Task Accept_is_ranked_by_quality(string accept, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/fund/placements");
        request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await api.Viewer().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_problem_stays_a_problem_when_csv_is_asked()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/fund/valuations?from=2025-12-31&to=2025-01-01");
        request.Headers.Accept.ParseAdd("text/csv");
        var response = await api.Viewer().SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_document_lists_text_csv_for_list_operations_only()
    {
        var doc = await api.CreateClient().GetJson("/swagger/v1/swagger.json");
        JsonElement Content(string path) => doc.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(Content("/api/fund/placements").TryGetProperty("text/csv", out _));
        Assert.True(Content("/api/audit").TryGetProperty("text/csv", out _));
        Assert.True(Content("/api/fund/valuations").TryGetProperty("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", out _));
        Assert.False(Content("/api/fund/holdings").TryGetProperty("text/csv", out _));
    }
}
