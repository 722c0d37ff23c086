using Finance.Core.Fund;
using NodaTime;

namespace Finance.Tests.Core;

public class FundReturnsTests
{
    // Vedlegg 5a "Totalt" market values and Vedlegg 5b "Totalt" income, 2025 (annual report 2025 L2186–L2214), MNOK.
    private static readonly decimal[] OpeningTotals = [3448.6m, 3508.4m, 3512.6m, 3356.7m, 3367.6m, 3430.7m, 3503.3m, 3544.9m, 3555.1m, 3595.1m, 3670.7m, 3675.3m];
    private static readonly decimal[] IncomeTotals = [59.7m, 4.4m, -156.0m, 11.0m, 63.0m, 72.9m, 41.5m, 10.2m, 40.2m, 75.6m, 4.8m, 18.7m];

    [Fact]
    public void Chain_of_the_unrounded_monthly_returns_gives_the_2025_return_of_7_134_percent()
    {
        // Golden value (data README): YTD 2025 total from the printed totals = 7.134 % (printed 7.1 %).
        var monthly = OpeningTotals.Zip(IncomeTotals, (v, i) => Returns.ModifiedDietz(new YearMonth(2025, 1), v, i, [])!.Value);
        Assert.Equal(7.134m, Math.Round(Returns.ChainLinked(monthly) * 100m, 3));
    }

    [Fact]
    public void Chaining_the_rounded_published_monthly_returns_gives_the_wrong_7_0_percent()
    {
        // Why the service chains unrounded returns: the rounded monthly % chain to 7.046 (data README).
        var rounded = OpeningTotals.Zip(IncomeTotals, (v, i) => Math.Round(i / v * 100m, 1, MidpointRounding.AwayFromZero) / 100m);
        Assert.Equal(7.046m, Math.Round(Returns.ChainLinked(rounded) * 100m, 3));
    }

    [Fact]
    public void March_2025_total_return_is_minus_4_44_percent()
    {
        // Vedlegg 5d prints −4.4; income −156.0 MNOK on an opening value of 3 512.6 MNOK.
        var r = Returns.ModifiedDietz(new YearMonth(2025, 3), 3512.6m, -156.0m, [])!.Value;
        Assert.Equal(-4.441m, Math.Round(r * 100m, 3));
    }

    [Fact]
    public void Income_is_the_change_in_value_less_the_flows()
    {
        // December 2025, equities (Vedlegg 5a/5b): 1 502.9 → 1 453.3 with −62.6 out: income 13.0.
        Assert.Equal(13.0m, Returns.Income(1502.9m, 1453.3m, -62.6m));
        var month = Returns.Month(new MonthPosition(new YearMonth(2025, 12), 1502.9m, 1453.3m, [new DatedFlow(new LocalDate(2025, 12, 31), -62.6m)]));
        Assert.Equal(13.0m, month.IncomeNok);
        Assert.Equal(13.0m / 1502.9m, month.Return);
        Assert.False(month.IncomeReported);
    }

    [Fact]
    public void Reported_income_wins_over_the_derived_income()
    {
        var month = Returns.Month(new MonthPosition(new YearMonth(2025, 1), 100m, 110m, [], ReportedIncomeNok: 9m));
        Assert.Equal(9m, month.IncomeNok);
        Assert.Equal(0.09m, month.Return);
        Assert.True(month.IncomeReported);
    }

    [Fact]
    public void Modified_Dietz_weights_a_flow_by_the_part_of_the_month_it_was_invested()
    {
        // Hand calculation: April (30 days), V0 = 1 000, deposit 300 at the end of 10 April, V1 = 1 330.
        // Income = 1 330 − 1 000 − 300 = 30; weight = (30 − 10) / 30 = 2/3; capital = 1 000 + 200 = 1 200; r = 2.5 %.
        var flows = new[] { new DatedFlow(new LocalDate(2025, 4, 10), 300m) };
        var income = Returns.Income(1000m, 1330m, 300m);
        Assert.Equal(30m, income);
        Assert.Equal(0.025m, Math.Round(Returns.ModifiedDietz(new YearMonth(2025, 4), 1000m, income, flows)!.Value, 10));
    }

    [Fact]
    public void A_flow_on_the_last_day_of_the_month_does_not_change_the_capital_base()
    {
        var flows = new[] { new DatedFlow(new LocalDate(2025, 12, 31), -69.6m) };
        Assert.Equal(18.7m / 3675.3m, Returns.ModifiedDietz(new YearMonth(2025, 12), 3675.3m, 18.7m, flows));
    }

    [Fact]
    public void A_return_on_no_capital_is_undefined_not_a_division_by_zero()
    {
        Assert.Null(Returns.ModifiedDietz(new YearMonth(2025, 1), 0m, 5m, []));
        Assert.Equal(0m, Returns.ChainLinked([]));
    }
}
