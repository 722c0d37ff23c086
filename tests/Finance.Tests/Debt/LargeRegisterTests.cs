using System.Net;
using System.Text;

namespace Finance.Tests.Debt;

/// <summary>
/// A register of 20 000 loans imported as one CSV: the debt summary's figures, each a hand calculation over four kinds of
/// 5 000 loans (the timings are measured by tools/load/debt.sh, not here). All balances are dated 31.12.2025, the as-of date.
/// <list type="bullet">
/// <item>A: Kommunalbanken, investment, fixed 4 %, 1 000 000, bullet, matures 30.06.2026 (181 days), green.</item>
/// <item>B: KLP, investment, floating 5 % (no reset date: resets now), 2 000 000, serial yearly, matures 31.12.2031 (2 191 days).</item>
/// <item>C: Husbanken, on-lending (excluded from the rate-exposed base), fixed 3 % to 31.12.2028, 500 000, annuity yearly, matures 31.12.2040.</item>
/// <item>D: Obligasjonslån, investment, fixed 2 % to 31.12.2027 (730 days), 3 000 000, bullet, matures 31.12.2035 (3 652 days).</item>
/// </list>
/// </summary>
public class LargeRegisterTests
{
    private const int PerKind = 5_000;

    private static string LoanList()
    {
        var csv = new StringBuilder("id,lender,category,rateType,ratePct,balanceNok,balanceDate,maturityDate,amortisation,nextRateResetDate,green,instalmentsPerYear\n");
        for (var i = 1; i <= PerKind; i++)
        {
            csv.Append($"A{i},Kommunalbanken,investment,fixed,4,1000000,2025-12-31,2026-06-30,bullet,,true,1\n");
            csv.Append($"B{i},KLP,investment,floating,5,2000000,2025-12-31,2031-12-31,serial,,false,1\n");
            csv.Append($"C{i},Husbanken,onLending,fixed,3,500000,2025-12-31,2040-12-31,annuity,2028-12-31,false,1\n");
            csv.Append($"D{i},Obligasjonslån,investment,fixed,2,3000000,2025-12-31,2035-12-31,bullet,2027-12-31,false,1\n");
        }
        return csv.ToString();
    }

    [Fact]
    public async Task The_summary_of_20000_imported_loans_is_the_hand_calculation()
    {
        using var api = new FinanceApiFactory(seed: false);
        using var content = new StringContent(LoanList(), Encoding.UTF8, "text/csv");
        var import = await api.Treasurer().PostAsync("/api/loans/import", content);
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);

        var s = await api.Viewer().GetJson("/api/debt/summary?asOf=2025-12-31");
        Assert.Equal(4 * PerKind, s.GetProperty("loanCount").GetInt32());
        Assert.Equal(32_500_000_000m, s.Dec("totalNok"));                             // 5 000 × (1 + 2 + 0.5 + 3) MNOK
        Assert.Equal(30_000_000_000m, s.Dec("investmentNok"));
        Assert.Equal(2_500_000_000m, s.Dec("onLendingNok"));
        Assert.Equal(107.5m / 32.5m, s.Dec("weightedAverageRatePct"), 20);          // (5·4 + 10·5 + 2.5·3 + 15·2) / 32.5
        Assert.Equal(5_000_000_000m, s.Dec("refinancing12mNok"));                     // A: 181 days < 365
        Assert.Equal([5_000_000_000m, 0m, 0m, 0m, 10_000_000_000m, 17_500_000_000m], s.GetProperty("maturityBuckets").EnumerateArray().Select(b => b.Dec("totalNok")));
        Assert.Equal(2_500_000_000m, s.GetProperty("maturityBuckets")[5].Dec("onLendingNok"));
        Assert.Equal(30_000_000_000m, s.Dec("rateExposedNok"));                       // A + B + D
        Assert.Equal(15_000_000_000m, s.Dec("fixedNok"));                             // D: fixing 730 days away
        Assert.Equal(50m, s.Dec("fixedSharePct"));
        Assert.Equal([15_000_000_000m, 0m, 15_000_000_000m, 0m, 0m, 0m], s.GetProperty("fixingBuckets").EnumerateArray().Select(b => b.Dec("totalNok")));
        // (5 000 MNOK · 181/365 + 10 000 · 0 + 15 000 · 730/365) / 30 000
        Assert.Equal((5_000m * 181m / 365m + 15_000m * 2m) / 30_000m, s.Dec("averageFixingYears"), 20);
        Assert.Equal(20_000_000_000m, s.Dec("bulletNok"));
        Assert.Equal(5_000_000_000m, s.Dec("greenNok"));
        Assert.Equal(15_000_000_000m, s.Dec("floatingWithin12mNok"));                // A (fixed until its maturity in 181 days) + B
        Assert.Equal(["Obligasjonslån", "KLP", "Kommunalbanken", "Husbanken"], s.GetProperty("byLender").EnumerateArray().Select(l => l.GetProperty("lender").GetString()));
        Assert.All(s.GetProperty("byLender").EnumerateArray(), l => Assert.Equal(PerKind, l.GetProperty("loans").GetInt32()));
        Assert.Equal([2m, 5m, 4m, 3m], s.GetProperty("byLender").EnumerateArray().Select(l => l.Dec("averageRatePct")));

        var next12m = s.GetProperty("debtService").GetProperty("next12m");
        // A 5 000 MNOK · 4 % (refinanced at 30.06 at the same rate) + B 10 000 · 5 % + C 2 500 · 3 % + D 15 000 · 2 %, a full year each.
        Assert.Equal(1_075_000_000m, next12m.Dec("interestNok"), 6);
        // B: 1/6 of 10 000 MNOK; C: the first annuity instalment of 15 at 3 %: payment − interest.
        var annuity = 2_500_000_000m * 0.03m / (1m - 1m / Pow(1.03m, 15));
        Assert.Equal(10_000_000_000m / 6m + (annuity - 75_000_000m), next12m.Dec("instalmentsNok"), 4);
        Assert.Equal(5_000_000_000m, next12m.Dec("maturitiesNok"));
        var sensitivity = s.GetProperty("debtService").GetProperty("sensitivity").EnumerateArray().ToList();
        // +1 pp: A from its maturity 30.06.2026 (184 days to 31.12.2026), B from now (a year); C and D reset later than a year.
        Assert.Equal(5_000_000_000m * 0.01m * 184m / 365m + 100_000_000m, sensitivity[0].Dec("extraInterest12mNok"), 6);
        Assert.Equal(2 * (5_000_000_000m * 0.01m * 184m / 365m + 100_000_000m), sensitivity[1].Dec("extraInterest12mNok"), 6);
    }

    private static decimal Pow(decimal x, int n)
    {
        var r = 1m;
        for (var i = 0; i < n; i++) r *= x;
        return r;
    }
}
