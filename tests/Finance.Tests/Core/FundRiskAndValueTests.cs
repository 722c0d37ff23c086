using Finance.Core.Common;
using Finance.Core.Fund;

namespace Finance.Tests.Core;

public class FundRiskAndValueTests
{
    [Fact]
    public void Standard_deviation_is_the_sample_deviation_of_36_months_times_root_12()
    {
        // Hand calculation: returns alternate +1 % / −1 % over 36 months: mean 0, Σ(x−x̄)² = 36 × 0.0001,
        // sample variance = 0.0036 / 35, s = 0.0101419; × √12 = 0.0351325 → 3.513 %.
        var returns = Enumerable.Range(0, 36).Select(i => i % 2 == 0 ? 0.01m : -0.01m).ToList();
        Assert.Equal(3.513m, Math.Round(RiskFigures.AnnualisedStdDev36(returns)!.Value * 100m, 3));
        Assert.Null(RiskFigures.AnnualisedStdDev36(returns.Take(35).ToList()));
    }

    [Fact]
    public void Only_the_last_36_months_count_and_tracking_error_uses_the_differences()
    {
        var early = Enumerable.Repeat(0.5m, 12);
        var returns = early.Concat(Enumerable.Range(0, 36).Select(i => i % 2 == 0 ? 0.01m : -0.01m)).ToList();
        Assert.Equal(3.513m, Math.Round(RiskFigures.AnnualisedStdDev36(returns)!.Value * 100m, 3));
        var benchmark = returns.Select(r => r - 0.002m).ToList();
        Assert.Equal(0m, RiskFigures.TrackingError36(returns, benchmark));
    }

    [Fact]
    public void Bond_duration_is_weighted_by_market_value()
    {
        // Hand calculation: 100 at 2 years and 300 at 4 years → (200 + 1 200) / 400 = 3.5 years; unreported placements skipped.
        Assert.Equal(3.5m, RiskFigures.WeightedDuration([(100m, 2m), (300m, 4m), (500m, null)]));
        Assert.Null(RiskFigures.WeightedDuration([(500m, null)]));
    }

    [Fact]
    public void Real_value_target_follows_the_CPI_from_the_2002_base()
    {
        // The report: 1 804 MNOK in 2002-kroner is 3 156 MNOK in 2025 (factor 1.74945, README real_value_factors).
        // With SSB's KPI 2002 = 78.7 and 2025 = 137.7 the target is 3 156.43 MNOK.
        var target = RealValue.Target(1_804_000_000m, 78.7m, 137.7m);
        Assert.Equal(3156.4m, Money.ToMnok(target, 1));
        Assert.Equal(1.7497m, Math.Round(RealValue.Factor(78.7m, 137.7m), 4));
    }

    [Fact]
    public void Buffer_capital_is_fund_value_less_grunnkapital()
    {
        // Vedlegg 3: equity 3 624 485 282 − grunnkapital 1 528 518 969 = 2 095 966 313 (57.83 % of the fund).
        var r = RealValue.At(2025, 3_624_485_282m, 1_528_518_969m, 1_804_000_000m, 78.7m, 137.7m);
        Assert.Equal(2_095_966_313m, r.BufferCapitalNok);
        Assert.Equal(57.83m, Math.Round(r.BufferShare.Percent, 2));
        Assert.Equal(r.MarketValueNok - r.TargetNok, r.SurplusNok);
        // Roll-forward: 1 920 083 746 + 245 482 566 − 69 600 000 = 2 095 966 312 (the accounts' own 1-NOK rounding).
        Assert.Equal(2_095_966_312m, RealValue.BufferRollForward(1_920_083_746m, 245_482_566m, 69_600_000m));
    }

    [Fact]
    public void Allocation_is_compared_with_the_band_edges_included()
    {
        // 31.12.2025 (Tabell 1.4): equities 1 453.276 of 3 624.459 MNOK = 40.10 %, inside 37–43.
        var values = new Dictionary<AssetClass, decimal> { [AssetClass.Equities] = 1_453_275_971m, [AssetClass.Bonds] = 2_169_404_449m, [AssetClass.Cash] = 1_778_524m };
        var bands = new Dictionary<AssetClass, StrategyBand> { [AssetClass.Equities] = Band(40m, 37m, 43m), [AssetClass.Bonds] = Band(60m, 57m, 63m) };
        var a = Allocation.Against(values, bands);
        var equities = a.Single(x => x.AssetClass == AssetClass.Equities);
        Assert.Equal(40.10m, Math.Round(equities.Weight.Percent, 2));
        Assert.True(equities.WithinBand);
        Assert.Null(a.Single(x => x.AssetClass == AssetClass.Cash).WithinBand);

        var edge = Allocation.Against(new Dictionary<AssetClass, decimal> { [AssetClass.Equities] = 43m, [AssetClass.Bonds] = 57m }, bands);
        Assert.All(edge, x => Assert.True(x.WithinBand));
        var outside = Allocation.Against(new Dictionary<AssetClass, decimal> { [AssetClass.Equities] = 43.01m, [AssetClass.Bonds] = 56.99m }, bands);
        Assert.All(outside, x => Assert.False(x.WithinBand));
    }

    private static StrategyBand Band(decimal strategicPct, decimal minPct, decimal maxPct) =>
        new(Rate.FromPercent(strategicPct), Rate.FromPercent(minPct), Rate.FromPercent(maxPct));

    [Fact]
    public void Rounding_is_half_away_from_zero()
    {
        Assert.Equal(946m, Money.ToMnok(945_500_000m));
        Assert.Equal(-3m, Money.Round(-2.5m));
        Assert.Equal(93.5m, Money.ToMnok(93_450_000m, 1));
    }
}
