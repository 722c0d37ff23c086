using Finance.Core.Common;
using Finance.Core.Policy;

namespace Finance.Core.Fund;

/// <summary>The strategic weight of an asset class and its permitted band (40 % / 37 % / 43 %).</summary>
public sealed record StrategyBand(Rate Strategic, Rate? Min, Rate? Max);

/// <summary>An asset class's market value, weight and position against the strategy.</summary>
public sealed record ClassAllocation(AssetClass AssetClass, decimal MarketValueNok, Rate Weight, StrategyBand? Band)
{
    /// <summary>Inside the band, both edges included; null when the class has no band in the regulations.</summary>
    public bool? WithinBand => Band is null ? null : PolicyBand.Of(Weight.Fraction, Band.Min?.Fraction, Band.Max?.Fraction).Within;
}

public static class Allocation
{
    /// <summary>The strategy of the regulations: each class's strategic weight (<c>fund.alloc.{class}</c> target) and band.</summary>
    public static IReadOnlyDictionary<AssetClass, StrategyBand> Strategy(PolicyInForce? policy)
    {
        var strategy = new Dictionary<AssetClass, StrategyBand>();
        foreach (var k in AssetClasses.All)
        {
            var id = "fund.alloc." + k.Code();
            // The regulations give the weights in percent; they are compared and shown as written.
            if (policy?.Number(id, l => l.Target) is { } target)
            {
                strategy[k] = new StrategyBand(Rate.FromWrittenPercent(target), FromWrittenPercent(policy.Number(id, l => l.Min)), FromWrittenPercent(policy.Number(id, l => l.Max)));
            }
        }
        return strategy;
    }

    private static Rate? FromWrittenPercent(decimal? percent) => percent is { } p ? Rate.FromWrittenPercent(p) : null;

    /// <summary>The valuation's classes against the strategy of <paramref name="policy"/>.</summary>
    public static IReadOnlyList<ClassAllocation> Against(FundValuation valuation, PolicyInForce? policy) =>
        Against(valuation.Classes.ToDictionary(kv => kv.Key, kv => kv.Value.MarketValueNok), Strategy(policy));

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
