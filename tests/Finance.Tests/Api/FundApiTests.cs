using System.Net;

namespace Finance.Tests.Api;

/// <summary>The fund's acceptance figures on the Bærum 2025 reference data, over real HTTP.</summary>
public class FundApiTests(SeededApi api) : IClassFixture<SeededApi>
{
    [Fact]
    public async Task Returns_2025_match_Tabell_1_3()
    {
        var r = await api.Viewer().GetJson("/api/fund/returns?year=2025");
        var ytd = r.GetProperty("ytd");
        // Tabell 1.3: 7.1 / 8.7 / 6.1 %; full precision 7.131–7.134, 8.660, 6.096 (data README).
        Assert.InRange(ytd.Dec("totalPct"), 7.129m, 7.139m);
        Assert.Equal(8.660m, Math.Round(ytd.Dec("equitiesPct"), 3));
        Assert.Equal(6.096m, Math.Round(ytd.Dec("bondsPct"), 3));
        Assert.Equal(6.7m, ytd.Dec("benchmarkPct"));
        Assert.Equal(12, ytd.GetProperty("monthsCovered").GetInt32());
        var march = r.GetProperty("months")[2];
        Assert.Equal("2025-03", march.GetProperty("month").GetString());
        Assert.Equal(-4.44m, Math.Round(march.Dec("totalPct"), 2));
        Assert.Equal(-156_000_000m, march.Dec("incomeNok"));
    }

    [Fact]
    public async Task History_since_2000_accumulates_at_full_precision()
    {
        var h = await api.Viewer().GetJson("/api/fund/returns/history");
        var last = h.GetProperty("years")[h.GetProperty("years").GetArrayLength() - 1];
        Assert.Equal(2025, last.GetProperty("year").GetInt32());
        Assert.Equal("computed", last.GetProperty("source").GetString());
        Assert.Equal(7.1m, last.Dec("publishedReturnPct"));
        Assert.InRange(last.Dec("accumulatedPct"), 301.21m, 301.31m);
        Assert.InRange(h.Dec("averageAnnualPct"), 5.595m, 5.605m);
        Assert.Equal(25.5m, h.Dec("totalYears"));
        // Published annual benchmark 6.7 % → 235.98 % (the report's "226.5" is a typo, domain.md §6).
        Assert.Equal(235.98m, Math.Round(last.Dec("benchmarkAccumulatedPct"), 2));
        Assert.Equal(4.867m, Math.Round(h.Dec("benchmarkAverageAnnualPct"), 3));
    }

    [Fact]
    public async Task Real_value_and_buffer_capital_2025()
    {
        var r = await api.Viewer().GetJson("/api/fund/real-value?year=2025");
        Assert.InRange(r.Dec("targetNok"), 3_155_500_000m, 3_156_500_000m);
        Assert.InRange(r.Dec("surplusNok"), 467_500_000m, 469_000_000m);
        Assert.InRange(r.Dec("bufferCapitalNok"), 2_095_870_000m, 2_096_070_000m);
        Assert.Equal(57.83m, Math.Round(r.Dec("bufferSharePct"), 2));
        Assert.Equal(1_528_518_969m, r.Dec("grunnkapitalNok"));
        Assert.Equal(r.Dec("marketValueNok") - r.Dec("grunnkapitalNok"), r.Dec("bufferCapitalNok"));
    }

    [Fact]
    public async Task Holdings_at_year_end_are_within_the_bands()
    {
        var h = await api.Viewer().GetJson("/api/fund/holdings?asOf=2025-12-31");
        var equities = h.GetProperty("assetClasses").EnumerateArray().Single(a => a.GetProperty("assetClass").GetString() == "equities");
        Assert.Equal(40.10m, Math.Round(equities.Dec("weightPct"), 2));
        Assert.True(equities.GetProperty("withinBand").GetBoolean());
        Assert.Equal(37m, equities.Dec("minPct"));
        Assert.Equal(43m, equities.Dec("maxPct"));
        Assert.Equal(7, h.GetProperty("placements").GetArrayLength());
        Assert.Equal(3_624_458_944m, h.Dec("totalNok"));
    }

    [Fact]
    public async Task Lowest_equity_weight_of_2025_was_37_86_percent_on_30_April()
    {
        var h = await api.Viewer().GetJson("/api/fund/holdings?asOf=2025-04-30");
        var equities = h.GetProperty("assetClasses").EnumerateArray().Single(a => a.GetProperty("assetClass").GetString() == "equities");
        Assert.Equal(37.86m, Math.Round(equities.Dec("weightPct"), 2));
        Assert.True(equities.GetProperty("withinBand").GetBoolean());
    }

    [Fact]
    public async Task Risk_reports_the_bond_durations_and_says_why_the_36_month_figures_are_missing()
    {
        var r = await api.Viewer().GetJson("/api/fund/risk?asOf=2025-12-31");
        Assert.Equal(2.9m, r.Dec("interestDurationYears"));
        Assert.Equal(4.1m, r.Dec("creditDurationYears"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, r.GetProperty("stdDev36mPct").ValueKind);
        Assert.Equal(12, r.GetProperty("monthsAvailable").GetInt32());
        Assert.NotEmpty(r.GetProperty("notes").EnumerateArray());
    }

    [Fact]
    public async Task Parameters_and_cpi_are_the_reference_values()
    {
        var p = await api.Auditor().GetJson("/api/fund/parameters");
        Assert.Equal(1_804_000_000m, p.Dec("realValueBaseNok"));
        Assert.Equal(2002, p.GetProperty("realValueBaseYear").GetInt32());
        var cpi = await api.Viewer().GetJson("/api/market-data/cpi");
        Assert.Equal(2, cpi.GetArrayLength());
    }

    [Fact]
    public async Task A_year_without_data_is_404_and_a_bad_query_is_400_naming_it()
    {
        var (status, body) = await api.Viewer().Send(HttpMethod.Get, "/api/fund/real-value?year=2031", null);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(404, body.GetProperty("status").GetInt32());
        (status, body) = await api.Viewer().Send(HttpMethod.Get, "/api/fund/flows?year=10000", null);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("year", out _));
        (status, body) = await api.Viewer().Send(HttpMethod.Get, "/api/fund/holdings?asOf=31.12.2025x", null);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("asOf", out _));
    }
}
