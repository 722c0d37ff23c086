using System.Data.Common;
using System.Net;
using System.Text.Json;
using Dapper;
using Finance.Core.Common;
using Microsoft.Data.Sqlite;

namespace Finance.Tests.Snapshots;

/// <summary>
/// The debt, liquidity and compliance sections of the monthly snapshot on the reference data (golden values:
/// db/seed README "Debt", "Liquidity"; Note 9 of the annual report 2025).
/// </summary>
public class SectionSnapshotTests
{
    private static decimal[] Totals(JsonElement buckets) => buckets.EnumerateArray().Select(b => b.Dec("totalNok")).ToArray();

    [Fact]
    public async Task The_december_snapshot_freezes_debt_liquidity_and_compliance_at_full_precision()
    {
        using var api = new SeededApi();
        var (status, body) = await api.Treasurer().Send(HttpMethod.Post, "/api/snapshots/2025-12", null);
        Assert.Equal(HttpStatusCode.Created, status);
        var document = body.GetProperty("document");

        var debt = document.GetProperty("debt");
        Assert.Equal(14_229_073_193m, debt.Dec("totalNok"));
        Assert.Equal(11_929_587_372m, debt.Dec("investmentNok"));
        Assert.Equal(2_299_485_821m, debt.Dec("onLendingNok"));
        // Note 9 "Lånenes løpetid til endelig forfall", to the krone.
        Assert.Equal([1_490_000_000m, 800_000_000m, 553_535_125m, 1_508_641_020m, 1_194_044_578m, 8_682_852_470m], Totals(debt.GetProperty("maturityBuckets")));
        Assert.Equal(1_490_000_000m, debt.Dec("refinancing12mNok"));
        Assert.Equal(10.47m, Math.Round(debt.Dec("refinancing12mPct"), 2));
        Assert.Equal(30m, debt.GetProperty("refinancing12mLimit").Dec("max"));
        Assert.True(debt.GetProperty("refinancing12mLimit").GetProperty("within").GetBoolean());
        Assert.Equal(4.023m, Math.Round(debt.Dec("weightedAverageRatePct"), 3));
        Assert.Equal(8_168_972_474m, debt.Dec("floatingWithin12mNok"));
        Assert.Equal(32.61m, Math.Round(debt.Dec("bulletSharePct"), 2));
        var lenders = debt.GetProperty("byLender").EnumerateArray().ToDictionary(l => l.GetProperty("lender").GetString()!, l => l.Dec("balanceNok"));
        Assert.Equal(9_771_827_475m, lenders["Kommunalbanken"]);
        Assert.Equal(2_825_921_718m, lenders["Husbanken"]);
        Assert.Equal(debt.Dec("totalNok"), lenders.Values.Sum());
        // Leases apart from borrowing; the debt service has its +1 / +2 pp sensitivity, +2 costing more than +1.
        Assert.True(debt.Dec("leasesNok") > 0m);
        var sensitivity = debt.GetProperty("debtService").GetProperty("sensitivity").EnumerateArray().ToList();
        Assert.Equal([1m, 2m], sensitivity.Select(s => s.Dec("shockPct")));
        Assert.True(sensitivity[1].Dec("extraInterest12mNok") > sensitivity[0].Dec("extraInterest12mNok"));
        Assert.True(sensitivity[0].Dec("extraInterest12mNok") > 0m);
        // Tabell 3.1 columns: 31.12.2024 and the three tertial ends of 2025; the last one is the snapshot's own figure.
        var ends = debt.GetProperty("periodEnds").EnumerateArray().ToList();
        Assert.Equal(["2024-12-31", "2025-04-30", "2025-08-31", "2025-12-31"], ends.Select(e => e.GetProperty("date").GetString()));
        Assert.Equal(14_229_073_193m, ends[^1].Dec("totalNok"));
        // The published figures of the date and of the ended year, for comparison.
        Assert.Contains(debt.GetProperty("reported").EnumerateArray(), r => r.GetProperty("metric").GetString() == "refinancing_next_12m_share");

        var liquidity = document.GetProperty("liquidity");
        // Day-weighted mean of the published tertial averages (120/123/122 days): 2 011.8 MNOK; 2024: 1 415.8.
        Assert.Equal(2011.8m, Money.ToMnok(liquidity.Dec("averageDailyNok"), 1));
        Assert.Equal("reported", liquidity.GetProperty("source").GetString());
        Assert.Equal(1415.8m, Money.ToMnok(liquidity.GetProperty("priorYear").Dec("averageDailyNok"), 1));
        Assert.Equal(2_012_000_000m, liquidity.Dec("publishedAverageDailyNok"));
        Assert.Equal([965_000_000m, 1_700_000_000m, 1_744_000_000m, 1_818_000_000m],
            liquidity.GetProperty("balances").EnumerateArray().Select(b => b.Dec("balanceNok")));
        Assert.Equal(0, liquidity.GetProperty("mainBankCap").GetProperty("daysChecked").GetInt32());
        Assert.Equal(2_000_000_000m, liquidity.GetProperty("mainBankCap").Dec("limitNok"));
        Assert.Equal(0.2m, Math.Round(liquidity.GetProperty("depositReturn").Dec("excessPp"), 1));

        var compliance = document.GetProperty("compliance");
        Assert.Equal(0, compliance.GetProperty("breaches").GetInt32());
        Assert.Empty(compliance.GetProperty("deviations").EnumerateArray());
        Assert.True(compliance.GetProperty("breachesRecorded").GetBoolean());
        var limits = compliance.GetProperty("checks").EnumerateArray().ToDictionary(l => l.GetProperty("limitId").GetString()!);
        Assert.Equal("ok", limits["debt.refinancing_12m"].GetProperty("status").GetString());
        Assert.Equal("computed", limits["debt.refinancing_12m"].GetProperty("basis").GetString());
        Assert.Equal(10.47m, Math.Round(limits["debt.refinancing_12m"].Dec("actual"), 2));
        // No daily balances: the main-bank cap is not computed; it rests on the treasury's attestation of 31.12.2025.
        Assert.Equal("attested", limits["liquidity.main_bank_cap"].GetProperty("basis").GetString());
        Assert.Equal(JsonValueKind.Null, limits["liquidity.main_bank_cap"].GetProperty("actual").ValueKind);
        // The green zone from the default Monte Carlo run at the month end: over the 80 % threshold.
        Assert.Equal("ok", limits["fund.green_zone"].GetProperty("status").GetString());
        Assert.Equal("computed", limits["fund.green_zone"].GetProperty("basis").GetString());
        Assert.Equal(compliance.GetProperty("checks").GetArrayLength(), compliance.GetProperty("okCount").GetInt32());

        var (again, second) = await api.Treasurer().Send(HttpMethod.Post, "/api/snapshots/2025-12", null);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(body.GetProperty("hash").GetString(), second.GetProperty("hash").GetString());
    }

    [Fact]
    public async Task A_tertial_snapshot_reads_nothing_dated_after_its_month_end()
    {
        using var api = new SeededApi();
        var (status, body) = await api.Treasurer().Send(HttpMethod.Post, "/api/snapshots/2025-04", null);
        Assert.Equal(HttpStatusCode.Created, status);
        var document = body.GetProperty("document");

        // Every loan balance of the register is dated 31.12.2025: at 30.04.2025 there is no borrowing to report.
        Assert.Equal(JsonValueKind.Null, document.GetProperty("debt").ValueKind);
        Assert.Contains(document.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("Låneregisteret har ingen lån"));

        // Liquidity: only the first tertial's published average; the later tertials and the year's figures are not used.
        var liquidity = document.GetProperty("liquidity");
        var tertials = liquidity.GetProperty("tertials").EnumerateArray().ToList();
        Assert.Single(tertials);
        Assert.Equal(1_485_000_000m, tertials[0].Dec("averageNok"));
        Assert.Equal(1_485_000_000m, liquidity.Dec("averageDailyNok"));
        Assert.Equal(JsonValueKind.Null, liquidity.GetProperty("publishedAverageDailyNok").ValueKind);
        Assert.Equal(JsonValueKind.Null, liquidity.GetProperty("depositReturn").ValueKind);
        Assert.Equal(["2024-12-31", "2025-04-30"], liquidity.GetProperty("balances").EnumerateArray().Select(b => b.GetProperty("date").GetString()));
    }

    [Fact]
    public async Task A_breach_at_the_month_end_is_recorded_once_and_frozen_with_the_snapshot()
    {
        using var api = new SeededApi();
        var treasurer = api.Treasurer();
        // A 5 bn certificate loan due within 12 months lifts refinancing to (1.49 + 5) / (14.23 + 5) = 33.8 % > 30 %.
        var (created, _) = await treasurer.Send(HttpMethod.Post, "/api/loans", new
        {
            id = "test-cert-2026", lender = "Sertifikatlån", category = "investment", rateType = "fixed", ratePct = 4.5m, balanceNok = 5_000_000_000m,
            balanceDate = "2025-12-31", maturityDate = "2026-06-30", amortisation = "bullet",
        });
        Assert.Equal(HttpStatusCode.Created, created);

        var (_, first) = await treasurer.Send(HttpMethod.Post, "/api/snapshots/2025-12", null);
        var compliance = first.GetProperty("document").GetProperty("compliance");
        Assert.True(compliance.GetProperty("breaches").GetInt32() >= 1);
        var deviation = Assert.Single(compliance.GetProperty("deviations").EnumerateArray(), d => d.GetProperty("limitId").GetString() == "debt.refinancing_12m");
        Assert.Equal("2025-12-31", deviation.GetProperty("detectedOn").GetString());
        Assert.Equal(33.8m, Math.Round(deviation.Dec("actual"), 1));
        Assert.False(first.GetProperty("document").GetProperty("debt").GetProperty("refinancing12mLimit").GetProperty("within").GetBoolean());

        using (var c = TestStore.OpenOutside(api.ConnectionString))
        {
            Assert.Equal(1, c.ExecuteScalar<long>("SELECT COUNT(*) FROM deviations WHERE limit_id = 'debt.refinancing_12m'"));
        }
        var (again, second) = await treasurer.Send(HttpMethod.Post, "/api/snapshots/2025-12", null);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(first.GetProperty("hash").GetString(), second.GetProperty("hash").GetString());
        using (var c = TestStore.OpenOutside(api.ConnectionString))
        {
            Assert.Equal(1, c.ExecuteScalar<long>("SELECT COUNT(*) FROM deviations WHERE limit_id = 'debt.refinancing_12m'"));
        }

        var html = WebUtility.HtmlDecode(await api.Viewer().GetStringAsync("/api/reports/annual/2025?format=html"));
        Assert.DoesNotContain("Det er ikke registrert avvik", html);
        Assert.Contains("Registrerte avvik 01.01.2025–31.12.2025", html);
        Assert.Contains("Brudd", html);
    }
}
