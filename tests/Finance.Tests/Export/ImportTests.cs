using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Finance.Tests.Export;

/// <summary>Valuation CSV import and XLSX export → import round trips of valuations, loans and daily balances.</summary>
public class ImportTests
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static async Task AddPlacements(HttpClient client, IEnumerable<JsonElement> placements)
    {
        foreach (var p in placements)
        {
            var id = p.GetProperty("placementId").GetString()!;
            var (status, _) = await client.Send(HttpMethod.Put, $"/api/fund/placements/{id}", p.GetRawText());
            Assert.Equal(HttpStatusCode.OK, status);
        }
    }

    private static async Task<HttpResponseMessage> Post(HttpClient client, string url, HttpContent content) => await client.PostAsync(url, content);

    private static async Task<byte[]> GetXlsx(HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(XlsxType);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static ByteArrayContent Xlsx(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(XlsxType);
        return content;
    }

    [Fact]
    public async Task A_good_valuation_file_is_stored_exactly()
    {
        using var api = new FinanceApiFactory(seed: false);
        var t = api.Treasurer();
        await AddPlacements(t, [JsonDocument.Parse("""{"placementId":"nordic-bonds","name":"Nordic bonds","assetClass":"bonds"}""").RootElement]);
        const string csv = "date,placementId,assetClass,marketValueNok,incomeNok,interestDurationYears,creditDurationYears\r\n" +
            "2025-01-31,nordic-bonds,bonds,1234567890.123456789,-1500.25,3.21,\r\n" +
            "2025-01-31,,equities,987654321.5,,,\r\n";
        var response = await Post(t, "/api/fund/valuations/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await t.GetJson("/api/fund/valuations");
        Assert.Equal(2, stored.GetArrayLength());
        var bonds = stored.EnumerateArray().Single(v => v.GetProperty("placementId").ValueKind == JsonValueKind.String);
        Assert.Equal(1234567890.123456789m, bonds.Dec("marketValueNok"));
        Assert.Equal(-1500.25m, bonds.Dec("incomeNok"));
        Assert.Equal(3.21m, bonds.Dec("interestDurationYears"));
        Assert.Equal(JsonValueKind.Null, bonds.GetProperty("creditDurationYears").ValueKind);
        var equities = stored.EnumerateArray().Single(v => v.GetProperty("assetClass").GetString() == "equities");
        Assert.Equal(987654321.5m, equities.Dec("marketValueNok"));
    }

    [Fact]
    public async Task A_bad_valuation_row_names_line_and_field_and_nothing_is_stored()
    {
        using var api = new FinanceApiFactory(seed: false);
        var t = api.Treasurer();
        await AddPlacements(t, [JsonDocument.Parse("""{"placementId":"nordic-bonds","name":"Nordic bonds","assetClass":"bonds"}""").RootElement]);
        const string csv = "date,placementId,assetClass,marketValueNok\n" +
            "2025-01-31,nordic-bonds,,100\n" +
            "2025-01-30,nordic-bonds,,100\n" +          // line 3: not a month end (the JSON load's rule)
            "2025-02-28,unknown-fund,,100\n" +          // line 4: unknown placement
            "2025-03-31,nordic-bonds,,1 000\n" +        // line 5: not a number
            "2025-01-31,nordic-bonds,,200\n";           // line 6: same date and placement as line 2
        var response = await Post(t, "/api/fund/valuations/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(3, "date"), (4, "placementId"), (5, "marketValueNok"), (6, "date")], errors);
        Assert.Equal(0, (await t.GetJson("/api/fund/valuations")).GetArrayLength());

        var json = await Post(t, "/api/fund/valuations/import", new StringContent("[]", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        var viewer = await Post(api.Viewer(), "/api/fund/valuations/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
    }

    [Fact]
    public async Task Valuations_round_trip_through_xlsx()
    {
        using var source = new SeededApi();
        using var target = new FinanceApiFactory(seed: false);
        var expected = (await source.Viewer().GetJson("/api/fund/valuations")).GetRawText();
        var bytes = await GetXlsx(source.Viewer(), "/api/fund/valuations");
        AssertNumericCell(bytes, "marketValueNok");

        await AddPlacements(target.Treasurer(), (await source.Viewer().GetJson("/api/fund/placements")).EnumerateArray());
        var response = await Post(target.Treasurer(), "/api/fund/valuations/import", Xlsx(bytes));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(expected, (await target.Viewer().GetJson("/api/fund/valuations")).GetRawText());
    }

    [Fact]
    public async Task Loans_round_trip_through_xlsx()
    {
        using var source = new SeededApi();
        using var target = new FinanceApiFactory(seed: false);
        var expected = await source.Viewer().GetJson("/api/loans");
        Assert.Equal(68, expected.GetArrayLength());
        var response = await Post(target.Treasurer(), "/api/loans/import", Xlsx(await GetXlsx(source.Viewer(), "/api/loans?format=xlsx")));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(expected.GetRawText(), (await target.Viewer().GetJson("/api/loans")).GetRawText());
    }

    [Fact]
    public async Task Balances_round_trip_through_xlsx_and_a_bad_sheet_row_is_reported()
    {
        using var source = new FinanceApiFactory(seed: false);
        using var target = new FinanceApiFactory(seed: false);
        foreach (var api in new[] { source, target })
        {
            foreach (var id in new[] { "main", "tax" })
            {
                var (status, _) = await api.Treasurer().Send(HttpMethod.Post, "/api/liquidity/accounts", new { accountId = id, bank = "DNB", name = id, isMainBank = id == "main" });
                Assert.Equal(HttpStatusCode.Created, status);
            }
        }
        var balances = Enumerable.Range(0, 40).SelectMany(d => new object[]
        {
            new { accountId = "main", date = new DateOnly(2025, 1, 1).AddDays(d).ToString("yyyy-MM-dd"), balanceNok = 1_234_567_890.12m + d * 0.000001m },
            new { accountId = "tax", date = new DateOnly(2025, 1, 1).AddDays(d).ToString("yyyy-MM-dd"), balanceNok = -42.5m * d },
        }).ToList();
        var (stored, _) = await source.Treasurer().Send(HttpMethod.Post, "/api/liquidity/balances", balances);
        Assert.Equal(HttpStatusCode.OK, stored);
        var expected = (await source.Viewer().GetJson("/api/liquidity/balances")).GetRawText();

        var bytes = await GetXlsx(source.Viewer(), "/api/liquidity/balances");
        AssertNumericCell(bytes, "balanceNok");
        var response = await Post(target.Treasurer(), "/api/liquidity/balances/import", Xlsx(bytes));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(expected, (await target.Viewer().GetJson("/api/liquidity/balances")).GetRawText());

        // A sheet with an unknown account on row 3: 400 naming row and field, nothing stored.
        using var empty = new FinanceApiFactory(seed: false);
        var (created, _) = await empty.Treasurer().Send(HttpMethod.Post, "/api/liquidity/accounts", new { accountId = "main", bank = "DNB", name = "main", isMainBank = true });
        Assert.Equal(HttpStatusCode.Created, created);
        var bad = await Post(empty.Treasurer(), "/api/liquidity/balances/import", Xlsx(bytes));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var first = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0];
        Assert.Equal(3, first.GetProperty("line").GetInt32());
        Assert.Equal("accountId", first.GetProperty("field").GetString());
        Assert.Equal(0, (await empty.Viewer().GetJson("/api/liquidity/balances")).GetArrayLength());
    }

    /// <summary>The column's first data cell is a numeric cell holding the JSON's number text.</summary>
    private static void AssertNumericCell(byte[] bytes, string column)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var part = document.WorkbookPart!.WorksheetParts.Single();
        var rows = part.Worksheet.Descendants<Row>().ToList();
        var header = rows[0].Elements<Cell>().Select(c => c.InnerText).ToList();
        var cell = rows[1].Elements<Cell>().ElementAt(header.IndexOf(column));
        Assert.Equal(CellValues.Number, cell.DataType?.Value);
        Assert.True(decimal.TryParse(cell.CellValue!.Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));
    }
}
