using System.Net;
using System.Text;
using System.Text.Json;

namespace Finance.Tests.Liquidity;

public class LiquidityApiSeededTests(SeededApi api) : IClassFixture<SeededApi>
{
    [Fact]
    public async Task Demo_2025_shows_the_published_figures_marked_reported()
    {
        var s = await api.Viewer().GetJson("/api/liquidity/summary?year=2025");
        Assert.Equal("reported", s.GetProperty("source").GetString());
        Assert.Equal(2_011.8m, Math.Round(s.Dec("averageDailyNok") / 1_000_000m, 1));     // README golden; printed 2 012
        Assert.Equal(596m, Math.Round(s.Dec("changeVsPriorYearNok") / 1_000_000m));       // printed +596
        Assert.Equal([1_485_000_000m, 2_454_000_000m, 2_084_000_000m], s.GetProperty("tertials").EnumerateArray().Select(t => t.Dec("averageNok")));
        Assert.Equal([1_700_000_000m, 1_744_000_000m, 1_818_000_000m], s.GetProperty("tertials").EnumerateArray().Select(t => t.Dec("endBalanceNok")));
        Assert.All(s.GetProperty("tertials").EnumerateArray(), t => Assert.Equal("reported", t.GetProperty("averageSource").GetString()));
        Assert.Equal(2_000_000_000m, s.GetProperty("mainBankCap").Dec("limitNok"));
        Assert.Equal(0.2m, s.GetProperty("depositReturn").Dec("excessPp"));
    }

    [Fact]
    public async Task Writes_need_a_treasurer()
    {
        var rows = new[] { new { accountId = "dnb-main", date = "2025-01-01", balanceNok = 1m } };
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Auditor().Send(HttpMethod.Post, "/api/liquidity/balances", rows)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Viewer().Send(HttpMethod.Post, "/api/liquidity/accounts", new { accountId = "x", bank = "b", name = "n" })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Client(null).Send(HttpMethod.Get, "/api/liquidity/summary?year=2025", null)).Status);
    }
}

public class LiquidityApiEmptyTests
{
    private const decimal Bn = 1_000_000_000m;

    private static async Task<HttpClient> WithAccounts(FinanceApiFactory api)
    {
        var t = api.Treasurer();
        Assert.Equal(HttpStatusCode.Created, (await t.Send(HttpMethod.Post, "/api/liquidity/accounts",
            new { accountId = "dnb", bank = "DNB", name = "Hovedkonto", isMainBank = true, countsTowardMainBankCap = true })).Status);
        Assert.Equal(HttpStatusCode.Created, (await t.Send(HttpMethod.Post, "/api/liquidity/accounts",
            new { accountId = "danske", bank = "Danske Bank", name = "Innskudd", isMainBank = false, countsTowardMainBankCap = false })).Status);
        return t;
    }

    /// <summary>
    /// A full year 2024 (leap) of daily balances on DNB: 1.9 bn every day except 2.1 bn on 29 Feb and 2.0 bn (= the cap) on
    /// 31 Aug; Danske 0.3 bn every day except missing 1–10 May (carried forward).
    /// Hand: T1 = (120·1.9 + 2.1)/121 + 0.3; T2 = (122·1.9 + 2.0)/123 + 0.3; T3 = 1.9 + 0.3; year = (364·1.9 + 2.1 + 2.0)/366 + 0.3.
    /// </summary>
    [Fact]
    public async Task A_year_of_daily_balances_gives_the_hand_computed_figures()
    {
        using var api = new FinanceApiFactory(seed: false);
        var t = await WithAccounts(api);
        var rows = new List<object>();
        for (var d = new DateOnly(2024, 1, 1); d.Year == 2024; d = d.AddDays(1))
        {
            var main = d == new DateOnly(2024, 2, 29) ? 2.1m * Bn : d == new DateOnly(2024, 8, 31) ? 2.0m * Bn : 1.9m * Bn;
            rows.Add(new { accountId = "dnb", date = d.ToString("yyyy-MM-dd"), balanceNok = main });
            if (!(d.Month == 5 && d.Day <= 10))
            {
                rows.Add(new { accountId = "danske", date = d.ToString("yyyy-MM-dd"), balanceNok = 0.3m * Bn });
            }
        }
        var (status, body) = await t.Send(HttpMethod.Post, "/api/liquidity/balances", rows);
        Assert.True(status == HttpStatusCode.OK, body.ToString());

        var s = await t.GetJson("/api/liquidity/summary?year=2024");
        Assert.Equal("computed", s.GetProperty("source").GetString());
        var tertials = s.GetProperty("tertials").EnumerateArray().ToList();
        Assert.Equal(((120m * 1.9m + 2.1m) / 121m + 0.3m) * Bn, tertials[0].Dec("averageNok"), 3);
        Assert.Equal(((122m * 1.9m + 2.0m) / 123m + 0.3m) * Bn, tertials[1].Dec("averageNok"), 3);
        Assert.Equal(2.2m * Bn, tertials[2].Dec("averageNok"), 3);
        Assert.Equal(((364m * 1.9m + 2.1m + 2.0m) / 366m + 0.3m) * Bn, s.Dec("averageDailyNok"), 3);
        Assert.Equal([2.2m * Bn, 2.3m * Bn, 2.2m * Bn], tertials.Select(x => x.Dec("endBalanceNok")));
        Assert.Equal(10, tertials[1].GetProperty("daysCarriedForward").GetInt32()); // 1–10 May
        var cap = s.GetProperty("mainBankCap");
        Assert.Equal(2.1m * Bn, cap.Dec("maxObservedNok"));
        var breach = Assert.Single(cap.GetProperty("breaches").EnumerateArray()); // 31 Aug at exactly 2.0 bn is within the cap
        Assert.Equal("2024-02-29", breach.GetProperty("date").GetString());
        Assert.Equal(0.1m * Bn, breach.Dec("excessNok"));
        Assert.Equal(366, cap.GetProperty("daysChecked").GetInt32());

        // Upsert: the same day again replaces the balance.
        await t.Send(HttpMethod.Post, "/api/liquidity/balances", new[] { new { accountId = "dnb", date = "2024-02-29", balanceNok = 1.9m * Bn } });
        Assert.Empty((await t.GetJson("/api/liquidity/summary?year=2024")).GetProperty("mainBankCap").GetProperty("breaches").EnumerateArray());
    }

    [Fact]
    public async Task Bad_balances_are_refused_naming_the_row_and_nothing_is_stored()
    {
        using var api = new FinanceApiFactory(seed: false);
        var t = await WithAccounts(api);
        var (status, body) = await t.Send(HttpMethod.Post, "/api/liquidity/balances", new object[]
        {
            new { accountId = "dnb", date = "2025-01-01", balanceNok = -5_000_000m }, // overdraft is fine
            new { accountId = "nope", date = "2025-01-02", balanceNok = 1m },
            new { accountId = "dnb", date = "2025-01-03", balanceNok = 2e15m },
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var fields = body.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("[1].accountId", fields);
        Assert.Contains("[2].balanceNok", fields);
        Assert.Equal(0, (await t.GetJson("/api/liquidity/balances")).GetArrayLength());
    }

    [Fact]
    public async Task Csv_balance_import_is_all_or_nothing()
    {
        using var api = new FinanceApiFactory(seed: false);
        var t = await WithAccounts(api);
        var csv = "accountId,date,balanceNok\ndnb,2025-01-01,100\ndnb,2025-13-01,100\ndanske,2025-01-01,50\n";
        var bad = await t.PostAsync("/api/liquidity/balances/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var error = Assert.Single(JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Equal("date", error.GetProperty("field").GetString());
        Assert.Equal(0, (await t.GetJson("/api/liquidity/balances")).GetArrayLength());

        var ok = await t.PostAsync("/api/liquidity/balances/import", new StringContent(csv.Replace("2025-13-01", "2025-01-02"), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var export = await (await t.GetAsync("/api/liquidity/balances?format=csv")).Content.ReadAsStringAsync();
        Assert.Equal(4, export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Reported_figures_fill_in_only_where_no_daily_balances_exist()
    {
        using var api = new FinanceApiFactory(seed: false);
        var t = await WithAccounts(api);
        var (s1, _) = await t.Send(HttpMethod.Put, "/api/liquidity/reported/2023", new
        {
            tertialAverages = new[] { new { tertial = 1, averageNok = 100m }, new { tertial = 2, averageNok = 200m }, new { tertial = 3, averageNok = 300m } },
        });
        Assert.Equal(HttpStatusCode.OK, s1);
        var reported = await t.GetJson("/api/liquidity/summary?year=2023");
        Assert.Equal("reported", reported.GetProperty("source").GetString());
        Assert.Equal((100m * 120 + 200m * 123 + 300m * 122) / 365m, reported.Dec("averageDailyNok"), 10);

        await t.Send(HttpMethod.Post, "/api/liquidity/balances", new[] { new { accountId = "dnb", date = "2023-09-01", balanceNok = 1_000m } });
        var mixed = await t.GetJson("/api/liquidity/summary?year=2023");
        Assert.Equal("mixed", mixed.GetProperty("source").GetString());
        Assert.Equal("computed", mixed.GetProperty("tertials")[2].GetProperty("averageSource").GetString());
        Assert.Equal(1_000m, mixed.GetProperty("tertials")[2].Dec("averageNok"));
        Assert.Equal((100m * 120 + 200m * 123 + 1_000m * 122) / 365m, mixed.Dec("averageDailyNok"), 10);
    }
}
