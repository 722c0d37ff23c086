using Finance.Core.Common;

namespace Finance.Core.Fund;

/// <summary>The strategic weight of an asset class and its permitted band, in percent (40 / 37 / 43).</summary>
public sealed record StrategyBand(decimal StrategicPct, decimal? MinPct, decimal? MaxPct);

/// <summary>An asset class's market value, weight and position against the strategy.</summary>
public sealed record ClassAllocation(AssetClass AssetClass, decimal MarketValueNok, Rate Weight, StrategyBand? Band)
{
    /// <summary>Inside the band, both edges included; null when the class has no band in the regulations.</summary>
    public bool? WithinBand => Band is null || (Band.MinPct is null && Band.MaxPct is null)
        ? null
        : (Band.MinPct is not { } min || Weight.Percent >= min) && (Band.MaxPct is not { } max || Weight.Percent <= max);

    /// <summary>Deviation from the strategic weight in percentage points.</summary>
    public decimal? DeviationPp => Band is null ? null : Weight.Percent - Band.StrategicPct;
}

public static class Allocation
{
    /// <summary>Weights are market value / total market value, compared at full precision with the band.</summary>
    public static IReadOnlyList<ClassAllocation> Against(
        IReadOnlyDictionary<AssetClass, decimal> marketValues,
        IReadOnlyDictionary<AssetClass, StrategyBand> strategy)
    {
        var total = marketValues.Values.Sum();
        return AssetClasses.All
            .Where(c => marketValues.ContainsKey(c) || strategy.ContainsKey(c))
            .Select(c =>
            {
                var value = marketValues.GetValueOrDefault(c);
                return new ClassAllocation(c, value, Rate.Share(value, total), strategy.GetValueOrDefault(c));
            })
            .ToList();
    }
}
