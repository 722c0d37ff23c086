using Finance.Core.Common;
using Finance.Core.Debt;
using Finance.Data.Debt;
using NodaTime;

namespace Finance.Tests.Debt;

/// <summary>
/// Golden values from the 2025 loan list (Note 25, db/seed/loans.csv) against Note 9, Tabell 3.1, Figur 3.2 and the data
/// README, and hand calculations on small portfolios.
/// </summary>
public class DebtMetricsTests
{
    private static readonly LocalDate YearEnd = new(2025, 12, 31);
    private static readonly IReadOnlyList<Loan> Note25 = DebtDemoData.ReferenceLoans().Select(x => x.Loan).ToList();

    private static Loan L(string id, decimal balance, string maturity, RateType type = RateType.Fixed, decimal ratePct = 4m,
        Amortisation am = Amortisation.Bullet, string? reset = null, LoanCategory cat = LoanCategory.Investment,
        RateRiskExclusion excl = RateRiskExclusion.None, bool green = false, string lender = "KBN", string balanceDate = "2025-12-31", int perYear = 1) =>
        new(id, lender, "p", cat, type, Rate.FromPercent(ratePct), balance, D(balanceDate), D(maturity), am,
            reset is null ? null : D(reset), green, excl, perYear);

    private static LocalDate D(string s) => NodaTime.Text.LocalDatePattern.Iso.Parse(s).GetValueOrThrow();

    [Fact]
    public void Note25_totals_match_note9_to_the_krone()
    {
        var f = DebtMetrics.Summarise(Note25, YearEnd);
        Assert.Equal(67, f.LoanCount);
        Assert.Equal(14_229_073_193m, f.TotalNok);       // Note 9 "Sum innlån"
        Assert.Equal(11_929_587_372m, f.InvestmentNok);  // README: sum investment
        Assert.Equal(2_299_485_821m, f.OnLendingNok);    // Note 25 "Sum videreformidlingslån"
    }

    [Theory]
    [InlineData("Kommunalbanken", "9771827475", "68.68")]   // Note 9 L7124; share computed 68.7 (text prints 67, README error 17)
    [InlineData("Husbanken", "2825921718", "19.86")]
    [InlineData("KLP Banken", "141324000", "0.99")]
    [InlineData("Obligasjonslån", "900000000", "6.33")]
    [InlineData("Sertifikatlån", "590000000", "4.15")]
    public void Note25_per_lender_matches_tabell_3_1(string lender, string balance, string sharePct)
    {
        var l = DebtMetrics.ByLender(Note25, YearEnd).Single(x => x.Lender == lender);
        Assert.Equal(decimal.Parse(balance), l.BalanceNok);
        Assert.Equal(decimal.Parse(sharePct, System.Globalization.CultureInfo.InvariantCulture), Math.Round(l.Share.Percent, 2));
    }

    [Fact]
    public void Note25_maturity_buckets_reproduce_note9_and_figur_3_2()
    {
        var buckets = DebtMetrics.MaturityBuckets(Note25, YearEnd);
        Assert.Equal(TimeBuckets.Names, buckets.Select(b => b.Bucket));
        // Note 9 "Lånenes løpetid til endelig forfall" L7150-7155, exact NOK.
        Assert.Equal([1_490_000_000m, 800_000_000m, 553_535_125m, 1_508_641_020m, 1_194_044_578m, 8_682_852_470m], buckets.Select(b => b.TotalNok));
        // Figur 3.2 (L1820-1825): shares of total borrowing, whole percent.
        Assert.Equal([10m, 6m, 4m, 11m, 7m, 46m], buckets.Select(b => Money.Round(b.InvestmentShare.Percent)));
        Assert.Equal([0m, 0m, 0m, 0m, 1m, 15m], buckets.Select(b => Money.Round(b.OnLendingShare.Percent)));
        // The one-pass figures give the same buckets and shares.
        Assert.Equal(buckets, DebtMetrics.Summarise(Note25, YearEnd).MaturityBuckets);
    }

    [Fact]
    public void Note25_weighted_average_rates_match_note9()
    {
        Assert.Equal(4.023m, Math.Round(DebtMetrics.WeightedAverageRate(Note25).Percent, 3)); // README golden 4.023 (printed 4.0)
        var byLender = DebtMetrics.ByLender(Note25, YearEnd).ToDictionary(l => l.Lender);
        Assert.Equal(4.221m, Math.Round(byLender["Kommunalbanken"].AverageRate.Percent, 3)); // printed 4.2
        Assert.Equal(3.463m, Math.Round(byLender["Husbanken"].AverageRate.Percent, 3));      // printed 3.4 (README error 18)
        var market = Note25.Where(l => l.Lender is "Obligasjonslån" or "Sertifikatlån");
        Assert.Equal(3.700m, Math.Round(DebtMetrics.WeightedAverageRate(market).Percent, 3)); // printed 3.7
        Assert.Equal(4.168m, Math.Round(DebtMetrics.WeightedAverageRate(Note25.Where(l => l.Category == LoanCategory.Investment)).Percent, 3));
        Assert.Equal(3.270m, Math.Round(DebtMetrics.WeightedAverageRate(Note25.Where(l => l.Category == LoanCategory.OnLending)).Percent, 3));
    }

    [Fact]
    public void Note25_refinancing_bullet_share_and_floating_base()
    {
        Assert.Equal(1_490_000_000m, DebtMetrics.Refinancing12m(Note25, YearEnd)); // Tabell 3.1 "Hvorav refinansiering <1 år"
        var f = DebtMetrics.Summarise(Note25, YearEnd);
        Assert.Equal(10.47m, Math.Round(f.Refinancing12mShare.Percent, 2));           // printed 10 % (limit 30 %)
        Assert.Equal(4_640_000_000m, f.BulletNok);                                    // README non-amortising
        Assert.Equal(32.61m, Math.Round(f.BulletShare.Percent, 2));                   // printed 33 %
        Assert.Equal(8_168_972_474m, DebtMetrics.FloatingWithin12Months(Note25, YearEnd)); // Tabell 4.1 base 8 169
    }

    [Fact]
    public void Note25_demo_fixing_figures_follow_the_documented_conventions()
    {
        // Not the report's 58 % / 2.6 years: reset dates and VAR/compensation flags are not printed (see docs). With the demo
        // conventions the base is the investment loans and the fixed part is the fixed loans maturing a year or more away.
        var f = DebtMetrics.Summarise(Note25, YearEnd);
        Assert.Equal(11_929_587_372m, f.RateExposedNok);
        var expectedFixed = Note25.Where(l => l.Category == LoanCategory.Investment && l.RateType == RateType.Fixed
            && Period.DaysBetween(YearEnd, l.MaturityDate) >= 365).Sum(l => l.BalanceNok);
        Assert.Equal(expectedFixed, f.FixedNok);
        Assert.Equal(f.FixedNok, f.FixingBuckets.Skip(1).Sum(b => b.TotalNok));
        Assert.Equal(100m, Math.Round(f.FixingBuckets.Sum(b => b.Share.Percent), 10));
    }

    [Theory]
    [InlineData("2025-12-31", "2026-12-30", 0)] // 364 days
    [InlineData("2025-12-31", "2026-12-31", 1)] // 365 days: exactly one year → 1-2 (lower bound inclusive)
    [InlineData("2025-12-31", "2027-12-31", 2)] // 730 days → 2-3
    [InlineData("2025-12-31", "2027-12-30", 1)] // 729 days
    [InlineData("2025-12-31", "2028-12-30", 3)] // 1 095 days → 3-5
    [InlineData("2025-12-31", "2030-12-30", 4)] // 1 825 days → 5-10
    [InlineData("2025-12-31", "2035-12-29", 5)] // 3 650 days → 10+
    [InlineData("2025-12-31", "2035-12-28", 4)] // 3 649 days
    [InlineData("2024-01-01", "2025-01-01", 1)] // leap year: 366 days → 1-2
    [InlineData("2023-03-01", "2024-02-29", 1)] // leap day at 365 days → 1-2
    [InlineData("2023-03-01", "2024-02-28", 0)] // 364 days
    public void Buckets_count_days_over_365_lower_bound_inclusive(string asOf, string date, int bucket) =>
        Assert.Equal(bucket, TimeBuckets.IndexOf(D(asOf), D(date)));

    /// <summary>
    /// Hand portfolio at 31.12.2025: A fixed bullet 400 (730 d, green), B floating serial 300 (365 d, reset in 90 d),
    /// C fixed bullet 200 (181 d), D on-lending floating 100 (2040), E VAR fixed 50 (2034), lease 70.
    /// </summary>
    private static readonly Loan[] Hand =
    [
        L("A", 400m, "2027-12-31", ratePct: 4m, green: true),
        L("B", 300m, "2026-12-31", RateType.Floating, 5m, Amortisation.Serial, reset: "2026-03-31"),
        L("C", 200m, "2026-06-30", ratePct: 3m),
        L("D", 100m, "2040-12-31", RateType.Floating, 4.5m, Amortisation.Annuity, cat: LoanCategory.OnLending, excl: RateRiskExclusion.OnLending, lender: "Husbanken"),
        L("E", 50m, "2034-12-31", ratePct: 2m, am: Amortisation.Serial, excl: RateRiskExclusion.Var),
        L("OPS", 70m, "2040-12-31", ratePct: 0m, am: Amortisation.Serial, excl: RateRiskExclusion.Lease, lender: "Skuleveg"),
    ];

    [Fact]
    public void Hand_portfolio_all_figures()
    {
        var f = DebtMetrics.Summarise(Hand, YearEnd);
        Assert.Equal(1_050m, f.TotalNok);                 // lease kept apart
        Assert.Equal(70m, f.LeasesNok);
        Assert.Equal(200m, f.Refinancing12mNok);          // only C matures < 365 days (B at exactly 365 does not)
        Assert.Equal([200m, 300m, 400m, 0m, 50m, 100m], f.MaturityBuckets.Select(b => b.TotalNok));
        Assert.Equal(100m, f.MaturityBuckets[5].OnLendingNok);
        Assert.Equal(900m, f.RateExposedNok);             // on-lending D and VAR E excluded
        Assert.Equal(400m, f.FixedNok);                   // only A fixes ≥ 1 year away
        Assert.Equal(400m / 900m, f.FixedShare.Fraction);
        Assert.Equal([500m, 0m, 400m, 0m, 0m, 0m], f.FixingBuckets.Select(b => b.TotalNok));
        // (400·730 + 300·90 + 200·181) / 365 / 900
        Assert.Equal((400m * 730m + 300m * 90m + 200m * 181m) / 365m / 900m, f.AverageFixingYears, 20);
        // B (floating), C (fixed ends in 181 d), D (floating, no reset date → now): all borrowing incl. on-lending
        Assert.Equal(600m, f.FloatingWithin12mNok);
        Assert.Equal((400m * 4m + 300m * 5m + 200m * 3m + 100m * 4.5m + 50m * 2m) / 1_050m, f.WeightedAverageRate.Percent, 20);
        Assert.Equal(600m / 1_050m, f.BulletShare.Fraction);
        Assert.Equal(400m / 1_050m, f.GreenShare.Fraction);
        Assert.Equal(["KBN", "Husbanken"], f.ByLender.Select(l => l.Lender));
    }

    [Fact]
    public void Loans_not_yet_drawn_or_already_matured_are_not_outstanding()
    {
        var loans = new[] { L("old", 100m, "2025-12-31", balanceDate: "2025-01-01"), L("future", 100m, "2030-01-01", balanceDate: "2026-01-05"), L("zero", 0m, "2030-01-01") };
        var f = DebtMetrics.Summarise(loans, YearEnd);
        Assert.Equal(0, f.LoanCount);
        Assert.Equal(0m, f.TotalNok);
    }

    [Fact]
    public void Empty_portfolio_gives_zeros_not_NaN()
    {
        var f = DebtMetrics.Summarise([], YearEnd);
        Assert.Equal(0m, f.TotalNok);
        Assert.Equal(Rate.Zero, f.WeightedAverageRate);
        Assert.Equal(Rate.Zero, f.FixedShare);
        Assert.Equal(0m, f.AverageFixingYears);
        Assert.All(f.FixingBuckets, b => Assert.Equal(Rate.Zero, b.Share));
        Assert.Empty(f.ByLender);
    }

    [Fact]
    public void Fixing_end_conventions()
    {
        Assert.Equal(D("2027-12-31"), L("f", 1m, "2027-12-31").FixingEnd(YearEnd));                                  // fixed, no reset → maturity
        Assert.Equal(D("2027-01-01"), L("f", 1m, "2027-12-31", reset: "2027-01-01").FixingEnd(YearEnd));              // end of fixed period
        Assert.Equal(YearEnd, L("v", 1m, "2027-12-31", RateType.Floating).FixingEnd(YearEnd));                         // floating, no reset → now
        Assert.Equal(YearEnd, L("v", 1m, "2027-12-31", RateType.Floating, reset: "2025-12-15", balanceDate: "2025-12-01").FixingEnd(YearEnd)); // stale reset → now
    }

    [Fact]
    public void Invalid_loans_are_refused_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => L("x", -1m, "2030-01-01"));
        Assert.Throws<ArgumentOutOfRangeException>(() => L("x", 1m, "2025-12-31"));
        Assert.Throws<ArgumentOutOfRangeException>(() => L("x", 1m, "2030-01-01", reset: "2031-01-01"));
        Assert.Throws<ArgumentOutOfRangeException>(() => L("x", 1m, "2030-01-01", perYear: 3));
    }
}
