using Finance.Core.Liquidity;
using NodaTime;

namespace Finance.Tests.Liquidity;

/// <summary>Liquidity figures: Figur 2.1 / README golden values and hand calculations (carry-forward, tertials, breaches).</summary>
public class LiquidityFiguresTests
{
    private static readonly BankAccount Main = new("main", "DNB", "Hovedkonto", true, true);
    private static readonly BankAccount Other = new("other", "Danske Bank", "Innskudd", false, false);

    private static LocalDate D(string s) => NodaTime.Text.LocalDatePattern.Iso.Parse(s).GetValueOrThrow();

    private static DailyBalance B(string account, string date, decimal nok) => new(account, D(date), nok);

    [Theory]
    [InlineData(2025, 1, 120)]
    [InlineData(2025, 2, 123)]
    [InlineData(2025, 3, 122)]
    [InlineData(2024, 1, 121)] // leap year
    public void Tertial_lengths(int year, int tertial, int days) => Assert.Equal(days, Tertials.Days(year, tertial));

    [Theory]
    [InlineData("2025-04-30", 1)]
    [InlineData("2025-05-01", 2)]
    [InlineData("2025-08-31", 2)]
    [InlineData("2025-09-01", 3)]
    public void Tertial_boundaries(string date, int tertial) => Assert.Equal(tertial, Tertials.Of(D(date)));

    [Fact]
    public void Reported_2025_year_average_is_the_day_weighted_tertial_mean()
    {
        // Figur 2.1: 1 485 / 2 454 / 2 084 MNOK → (1485·120 + 2454·123 + 2084·122) / 365 = 2 011.753 MNOK (README; printed 2 012).
        var reported = new ReportedLiquidity(new Dictionary<int, decimal> { [1] = 1_485_000_000m, [2] = 2_454_000_000m, [3] = 2_084_000_000m },
            new Dictionary<LocalDate, decimal> { [D("2025-12-31")] = 1_818_000_000m });
        var y = LiquidityFigures.ForYear(2025, [Main], [], D("2025-12-31"), reported, 2_000_000_000m);
        Assert.Equal("reported", y.AverageSource);
        Assert.Equal(2_011.8m, Math.Round(y.AverageDailyNok!.Value / 1_000_000m, 1));
        Assert.Equal((1485m * 120 + 2454m * 123 + 2084m * 122) / 365m * 1_000_000m, y.AverageDailyNok!.Value, 6);
        Assert.Equal(1_818_000_000m, y.Tertials[2].EndBalanceNok);
        Assert.Equal("reported", y.Tertials[2].EndBalanceSource);
        Assert.Equal(0, y.MainBankCap.DaysChecked);
        // 2024 (leap year, T1 = 121 days): 1 475 / 1 530 / 1 242 → 1 415.8 (README), change +596.
        var y24 = LiquidityFigures.ForYear(2024, [Main], [], D("2024-12-31"),
            new ReportedLiquidity(new Dictionary<int, decimal> { [1] = 1_475_000_000m, [2] = 1_530_000_000m, [3] = 1_242_000_000m }, new Dictionary<LocalDate, decimal>()), 2e9m);
        Assert.Equal(1_415.8m, Math.Round(y24.AverageDailyNok!.Value / 1_000_000m, 1));
        Assert.Equal(596m, Math.Round((y.AverageDailyNok!.Value - y24.AverageDailyNok!.Value) / 1_000_000m));
    }

    [Fact]
    public void Missing_days_carry_the_last_balance_forward()
    {
        var days = LiquidityFigures.Series([Main], [B("main", "2025-01-01", 100m), B("main", "2025-01-04", 400m)], D("2025-01-01"), D("2025-01-05"));
        Assert.Equal([100m, 100m, 100m, 400m, 400m], days.Select(d => d.TotalNok));
        Assert.Equal([false, true, true, false, true], days.Select(d => d.CarriedForward));
    }

    [Fact]
    public void Balance_from_the_previous_year_carries_into_january_and_days_without_any_balance_are_not_covered()
    {
        var days = LiquidityFigures.Series([Main, Other], [B("main", "2024-12-20", 50m), B("other", "2025-01-03", 10m)], D("2025-01-01"), D("2025-01-03"));
        Assert.Equal([50m, 50m, 60m], days.Select(d => d.TotalNok));
        var none = LiquidityFigures.Series([Main], [B("main", "2025-01-03", 1m)], D("2025-01-01"), D("2025-01-03"));
        Assert.Single(none);
    }

    /// <summary>
    /// Leap year 2024: main 1.0 bn from 1 Jan, 2.5 bn on 1 Mar, 1.5 bn from 2 Mar, 2.0 bn from 1 Sep, 1.0 bn on 31 Dec;
    /// other 0.5 bn all year (one balance). Hand sums in bn-days: T1 60·1.0 + 2.5 + 60·1.5 = 152.5 (121 days);
    /// T2 123·1.5 = 184.5; T3 121·2.0 + 1.0 = 243 (122 days); year 580 / 366.
    /// </summary>
    [Fact]
    public void Year_figures_by_hand_with_tertials_end_balances_and_breaches()
    {
        const decimal bn = 1_000_000_000m;
        var balances = new[]
        {
            B("main", "2024-01-01", 1.0m * bn), B("main", "2024-03-01", 2.5m * bn), B("main", "2024-03-02", 1.5m * bn),
            B("main", "2024-09-01", 2.0m * bn), B("main", "2024-12-31", 1.0m * bn), B("other", "2024-01-01", 0.5m * bn),
        };
        var y = LiquidityFigures.ForYear(2024, [Main, Other], balances, D("2024-12-31"), ReportedLiquidity.None, 2.0m * bn);
        Assert.Equal("computed", y.AverageSource);
        Assert.Equal(366, y.DaysCovered);
        Assert.Equal(152.5m * bn / 121m + 0.5m * bn, y.Tertials[0].AverageNok!.Value, 6);
        Assert.Equal(2.0m * bn, y.Tertials[1].AverageNok!.Value, 6);
        Assert.Equal(243m * bn / 122m + 0.5m * bn, y.Tertials[2].AverageNok!.Value, 6);
        Assert.Equal(580m * bn / 366m + 0.5m * bn, y.AverageDailyNok!.Value, 6);
        Assert.Equal([2.0m * bn, 2.0m * bn, 1.5m * bn], y.Tertials.Select(t => t.EndBalanceNok!.Value));
        Assert.All(y.Tertials, t => Assert.Equal("computed", t.AverageSource));
        // Cap: only the day above 2.0 bn is a breach; 2.0 bn exactly (Sep–Dec) is within the limit.
        var breach = Assert.Single(y.MainBankCap.Breaches);
        Assert.Equal(D("2024-03-01"), breach.Date);
        Assert.Equal(0.5m * bn, breach.ExcessNok);
        Assert.False(breach.CarriedForward);
        Assert.Equal(2.5m * bn, y.MainBankCap.MaxObservedNok);
        Assert.Equal(366, y.MainBankCap.DaysChecked);
    }

    [Fact]
    public void Carried_forward_days_above_the_cap_are_breaches_too()
    {
        var y = LiquidityFigures.ForYear(2025, [Main, Other],
            [B("main", "2025-01-01", 1m), B("main", "2025-01-10", 3m), B("main", "2025-01-13", 1m), B("other", "2025-01-01", 10m)],
            D("2025-01-20"), ReportedLiquidity.None, 2m);
        Assert.Equal([D("2025-01-10"), D("2025-01-11"), D("2025-01-12")], y.MainBankCap.Breaches.Select(b => b.Date));
        Assert.Equal([false, true, true], y.MainBankCap.Breaches.Select(b => b.CarriedForward));
        Assert.Equal(D("2025-01-20"), y.Through);
        Assert.Equal("none", y.Tertials[1].AverageSource);
    }

    [Fact]
    public void Computed_tertials_win_over_reported_ones()
    {
        var reported = new ReportedLiquidity(new Dictionary<int, decimal> { [1] = 999m, [2] = 200m, [3] = 300m }, new Dictionary<LocalDate, decimal>());
        // Daily balances only in T1 (constant 100), year through 31.12: T1 computed, T2/T3 reported; year = (100·120 + 200·123 + 300·122)/365.
        var balances = Enumerable.Range(0, 120).Select(i => new DailyBalance("main", D("2025-01-01").PlusDays(i), 100m)).ToList();
        var y = LiquidityFigures.ForYear(2025, [Main], balances.Append(B("main", "2025-04-30", 100m)).DistinctBy(b => b.Date), D("2025-04-30"), reported, 1e9m);
        Assert.Equal("computed", y.Tertials[0].AverageSource);
        Assert.Equal(100m, y.Tertials[0].AverageNok);
        var full = LiquidityFigures.ForYear(2025, [Main], balances, D("2025-12-31"), reported, 1e9m);
        // With the year over, the T1 balance carries through T2 and T3: they are computed too (100), and win over 200/300.
        Assert.Equal("computed", full.AverageSource);
        Assert.Equal(100m, full.AverageDailyNok);
        var mixed = LiquidityFigures.ForYear(2025, [Main], [], D("2025-12-31"), reported, 1e9m);
        Assert.Equal((999m * 120 + 200m * 123 + 300m * 122) / 365m, mixed.AverageDailyNok!.Value, 10);
    }

    [Fact]
    public void Deposit_excess_return() =>
        Assert.Equal(0.2m, LiquidityFigures.ExcessReturn(Finance.Core.Common.Rate.FromPercent(4.6m), Finance.Core.Common.Rate.FromPercent(4.4m)).Percent);
}
