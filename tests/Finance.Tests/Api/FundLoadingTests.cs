using System.Net;

namespace Finance.Tests.Api;

/// <summary>
/// Another year's data loaded through the API into an empty database gives the hand-computed figures — nothing in the
/// calculations depends on the reference data.
/// </summary>
public sealed class FundLoadingTests : IDisposable
{
    private readonly FinanceApiFactory _api = new(seed: false);

    public void Dispose() => _api.Dispose();

    private static object V(string date, string placement, decimal mnok) => new { date, placementId = placement, marketValueNok = mnok * 1_000_000m };

    [Fact]
    public async Task A_year_loaded_through_the_api_gives_the_hand_computed_figures()
    {
        var t = _api.Treasurer();
        Assert.Equal(HttpStatusCode.OK, (await t.Send(HttpMethod.Put, "/api/fund/placements/eq", new { placementId = "eq", name = "Global equity index", assetClass = "equities" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await t.Send(HttpMethod.Put, "/api/fund/placements/bd", new { placementId = "bd", name = "Nordic bonds", assetClass = "bonds" })).Status);

        // Equities grow 1 % a month, bonds 0.5 % a month, from 400 / 600 MNOK at 31.12.2029. In December 20 MNOK is
        // withdrawn from equities at the month end: the closing value is 1 % up less 20.
        var values = new List<object> { V("2029-12-31", "eq", 400m), V("2029-12-31", "bd", 600m) };
        decimal eq = 400m, bd = 600m;
        var totalMonthly = new List<decimal>();
        for (var m = 1; m <= 12; m++)
        {
            var date = new DateOnly(2030, m, DateTime.DaysInMonth(2030, m)).ToString("yyyy-MM-dd");
            var (eq0, bd0) = (eq, bd);
            eq *= 1.01m;
            bd *= 1.005m;
            totalMonthly.Add((eq - eq0 + bd - bd0) / (eq0 + bd0));
            if (m == 12)
            {
                eq -= 20m;
            }
            values.Add(V(date, "eq", eq));
            values.Add(V(date, "bd", bd));
        }
        var (status, body) = await t.Send(HttpMethod.Post, "/api/fund/valuations", values);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal(HttpStatusCode.Created, (await t.Send(HttpMethod.Post, "/api/fund/flows", new[] { new { date = "2030-12-31", amountNok = -20_000_000m, placementId = "eq" } })).Status);
        Assert.Equal(HttpStatusCode.OK, (await t.Send(HttpMethod.Post, "/api/fund/benchmark-returns", new[] { new { series = "composite", year = 2030, returnPct = 8.0m } })).Status);
        Assert.Equal(HttpStatusCode.OK, (await t.Send(HttpMethod.Put, "/api/fund/returns/history/2029", new { periodYears = 1m, returnPct = 10m, benchmarkPct = 9m })).Status);
        Assert.Equal(HttpStatusCode.OK, (await t.Send(HttpMethod.Put, "/api/fund/parameters", new { grunnkapitalNok = 700_000_000m, realValueBaseNok = 800_000_000m, realValueBaseYear = 2029 })).Status);
        Assert.Equal(HttpStatusCode.OK, (await t.Send(HttpMethod.Put, "/api/market-data/cpi/2029", new { index = 100m })).Status);
        Assert.Equal(HttpStatusCode.OK, (await t.Send(HttpMethod.Put, "/api/market-data/cpi/2030", new { index = 103m })).Status);

        var r = await t.GetJson("/api/fund/returns?year=2030");
        var ytd = r.GetProperty("ytd");
        // 1.01^12 − 1 = 12.6825 %; 1.005^12 − 1 = 6.1678 %.
        Assert.Equal(12.6825m, Math.Round(ytd.Dec("equitiesPct"), 4));
        Assert.Equal(6.1678m, Math.Round(ytd.Dec("bondsPct"), 4));
        var expectedTotal = (totalMonthly.Aggregate(1m, (g, x) => g * (1m + x)) - 1m) * 100m;
        Assert.Equal(Math.Round(expectedTotal, 8), Math.Round(ytd.Dec("totalPct"), 8));
        Assert.Equal(Math.Round(expectedTotal - 8.0m, 8), Math.Round(ytd.Dec("excessPct"), 8));

        var h = await t.GetJson("/api/fund/returns/history");
        var y2030 = h.GetProperty("years")[1];
        Assert.Equal("computed", y2030.GetProperty("source").GetString());
        var accumulated = (1.10m * (1m + expectedTotal / 100m) - 1m) * 100m;
        Assert.Equal(Math.Round(accumulated, 8), Math.Round(y2030.Dec("accumulatedPct"), 8));
        var average = (Math.Sqrt((double)(1m + accumulated / 100m)) - 1.0) * 100.0;
        Assert.Equal(Math.Round(average, 6), Math.Round((double)h.Dec("averageAnnualPct"), 6));

        var rv = await t.GetJson("/api/fund/real-value?year=2030");
        var marketValue = (eq + bd) * 1_000_000m;
        Assert.Equal(824_000_000m, rv.Dec("targetNok"));
        Assert.Equal(marketValue, rv.Dec("marketValueNok"));
        Assert.Equal(marketValue - 824_000_000m, rv.Dec("surplusNok"));
        Assert.Equal(marketValue - 700_000_000m, rv.Dec("bufferCapitalNok"));

        var holdings = await t.GetJson("/api/fund/holdings?asOf=2030-12-31");
        Assert.Equal(marketValue, holdings.Dec("totalNok"));
    }

    [Fact]
    public async Task A_mid_month_deposit_is_weighted_by_Modified_Dietz()
    {
        var t = _api.Treasurer();
        await t.Send(HttpMethod.Put, "/api/fund/placements/bd", new { placementId = "bd", name = "Bonds", assetClass = "bonds" });
        // April: 1 000 → 1 330 MNOK with 300 deposited at the end of 10 April: r = 30 / (1 000 + 300 × 20/30) = 2.5 %.
        await t.Send(HttpMethod.Post, "/api/fund/valuations", new[] { V("2030-03-31", "bd", 1000m), V("2030-04-30", "bd", 1330m) });
        await t.Send(HttpMethod.Post, "/api/fund/flows", new[] { new { date = "2030-04-10", amountNok = 300_000_000m, placementId = "bd" } });
        var r = await t.GetJson("/api/fund/returns?year=2030");
        var april = r.GetProperty("months")[0];
        Assert.Equal(2.5m, Math.Round(april.Dec("totalPct"), 10));
        Assert.Equal(2.5m, Math.Round(april.Dec("bondsPct"), 10));
        Assert.Equal(30_000_000m, april.Dec("incomeNok"));
    }
}
