using Finance.Core.Common;
using Finance.Core.Policy;
using NodaTime;

namespace Finance.Core.Fund;

/// <summary>A placement at the valuation, with its name and SFDR article from the placement register.</summary>
public sealed record PlacementHolding(PlacementValuationRow Valuation, string Name, long? SfdrArticle);

/// <summary>
/// The fund's holdings at a valuation against the strategy of the regulations in force: each class's value, weight and
/// band (<see cref="Allocation.Against(FundValuation, PolicyInForce?)"/>), and the placements.
/// </summary>
public sealed record FundHoldings(FundValuation Valuation, IReadOnlyList<ClassAllocation> Classes, IReadOnlyList<PlacementHolding> Placements, long? PolicyVersion);

/// <summary>The market-value-weighted durations of the bond placements at a valuation (null: no bond placement reports one).</summary>
public sealed record BondDurations(decimal? InterestYears, decimal? CreditYears, LocalDate? ValuedAt, int BondPlacements)
{
    public static BondDurations Of(FundValuation? valuation)
    {
        var bonds = valuation?.Classes.GetValueOrDefault(AssetClass.Bonds)?.Placements ?? [];
        return new BondDurations(
            RiskFigures.WeightedDuration(bonds.Select(p => (p.MarketValueNok, p.InterestDurationYears))),
            RiskFigures.WeightedDuration(bonds.Select(p => (p.MarketValueNok, p.CreditDurationYears))),
            bonds.Count > 0 ? bonds[0].Date : null,
            bonds.Count);
    }
}

/// <summary>
/// The fund's risk figures at a date (Vedlegg 1, Tabell 1.5): the 36 months up to <see cref="LastMonth"/>, the annualised
/// standard deviation and tracking error when all 36 monthly returns (and, for the tracking error, the composite
/// benchmark of each) are there, and the bond durations at the latest valuation.
/// </summary>
public sealed record FundRiskFigures(
    YearMonth LastMonth,
    int MonthsAvailable,
    bool FullWindow,
    bool BenchmarkComplete,
    Rate? StdDev36m,
    Rate? TrackingError36m,
    BondDurations Durations)
{
    /// <summary>The last complete month at <paramref name="asOf"/>: its own month at a month end, else the one before.</summary>
    public static YearMonth LastMonthAt(LocalDate asOf) =>
        asOf == asOf.With(DateAdjusters.EndOfMonth) ? asOf.ToYearMonth() : asOf.ToYearMonth().PlusMonths(-1);

    /// <summary>The figures of <paramref name="months"/> (the window up to <paramref name="last"/>) and the valuation's bonds.</summary>
    public static FundRiskFigures Of(YearMonth last, IReadOnlyList<FundMonth> months, FundValuation? valuation)
    {
        var full = months.Count == RiskFigures.Window && months.All(m => m.Total.Return.HasValue);
        var benchmarks = months.All(m => m.BenchmarkReturn.HasValue);
        var fund = months.Select(m => m.Total.Return ?? 0m).ToList();
        var std = full ? RiskFigures.AnnualisedStdDev36(fund) : null;
        var te = full && benchmarks ? RiskFigures.TrackingError36(fund, months.Select(m => m.BenchmarkReturn!.Value).ToList()) : null;
        return new FundRiskFigures(last, months.Count, full, benchmarks,
            std is { } s ? new Rate(s) : null, te is { } t ? new Rate(t) : null, BondDurations.Of(valuation));
    }
}
