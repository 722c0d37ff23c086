using Finance.Core.Common;

namespace Finance.Core.Stress;

/// <summary>Part 1 inputs: bank deposits and debt (Tabell 4.1).</summary>
/// <param name="FloatingDebtNok">All borrowing, on-lending included, whose rate resets within 12 months of the as-of date.</param>
/// <param name="OffsetsNok">The debt's offsetting items (motposter): floating on-lending income, state rate compensation, fee-financed investments.</param>
/// <param name="DepositsNok">Short-term liquidity: bank deposits at the as-of date.</param>
/// <param name="RateShock">The parallel rate rise (2 %).</param>
/// <param name="CounterpartyLoss">Counterparty loss on bank deposits (3 %).</param>
public sealed record StressPartOneInput(decimal FloatingDebtNok, decimal OffsetsNok, decimal DepositsNok, Rate RateShock, Rate CounterpartyLoss);

/// <summary>A fund holding for part 2. Duration applies to interest-bearing classes (bonds, cash / money market).</summary>
public sealed record StressHolding(AssetClass AssetClass, decimal MarketValueNok, decimal? DurationYears);

/// <summary>Part 2 inputs: the fund's holdings (Tabell 4.2).</summary>
public sealed record StressPartTwoInput(IReadOnlyList<StressHolding> Holdings, Rate RateShock, Rate EquityShock);

/// <summary>The risk frame computed when the regulations were quality-assured (target 615, maximum 973 MNOK).</summary>
public sealed record RiskFrame(decimal TargetNok, decimal MaxNok);

public enum RiskFrameStatus
{
    /// <summary>At or below the target risk (målsatt risiko).</summary>
    WithinTarget,

    /// <summary>Above the target, at or below the maximum frame.</summary>
    BelowMaximum,

    /// <summary>Above the maximum frame (maksimal ramme): a breach.</summary>
    AboveMaximum,
}

/// <summary>
/// One line of the report's tables: the stress factor, the base (beholdning), the loss in percent of the base and in
/// NOK (negative = a gain that offsets). Duration is given for interest-bearing fund holdings.
/// </summary>
public sealed record StressLine(string Key, string Label, Rate Factor, decimal? DurationYears, decimal BaseNok, Rate Loss, decimal LossNok);

public sealed record StressPartOne(IReadOnlyList<StressLine> Lines, decimal NetRateEffectNok, decimal CounterpartyNok, decimal TotalNok);

public sealed record StressPartTwo(IReadOnlyList<StressLine> Lines, decimal TotalNok, decimal FundValueNok, Rate ShareOfFund);

public sealed record StressResult(
    StressPartOne PartOne,
    StressPartTwo PartTwo,
    decimal BufferCapitalNok,
    Rate? PartTwoShareOfBuffer,
    decimal TotalNok,
    RiskFrame RiskFrame,
    RiskFrameStatus RiskFrameStatus);

/// <summary>
/// The two-part stress test of the finance report (domain.md §4), at full precision; the report rounds only its printed
/// rows, which is why its rows do not always add to its totals (93 = 93.48; 852 = 852.46).
/// </summary>
public static class StressTest
{
    /// <summary>
    /// Part 1: a rate rise on floating debt is a cost (+shock × base); on the offsetting items and on short-term liquidity
    /// it is a gain (−shock × base). Net rate effect = a − b − c. Plus counterparty risk = loss rate × deposits.
    /// 2025: 2 % × 8 169 − 2 % × 4 404 − 2 % × 1 818 = 38.94; + 3 % × 1 818 = 54.54; total 93.48 MNOK.
    /// </summary>
    public static StressPartOne PartOne(StressPartOneInput i)
    {
        var shock = i.RateShock.Fraction;
        var debt = new StressLine("floatingDebt", "Renterisiko flytende gjeld", i.RateShock, null, i.FloatingDebtNok, i.RateShock, shock * i.FloatingDebtNok);
        var offsets = new StressLine("offsets", "Motposter gjeld (rente- og gebyrinntekter)", i.RateShock, null, i.OffsetsNok, new Rate(-shock), -shock * i.OffsetsNok);
        var liquidity = new StressLine("shortTermLiquidity", "Renterisiko kortsiktig likviditet", i.RateShock, null, i.DepositsNok, new Rate(-shock), -shock * i.DepositsNok);
        var net = debt.LossNok + offsets.LossNok + liquidity.LossNok;
        var counterparty = new StressLine("counterparty", "Motpartsrisiko (bankinnskudd)", i.CounterpartyLoss, null, i.DepositsNok, i.CounterpartyLoss, i.CounterpartyLoss.Fraction * i.DepositsNok);
        return new StressPartOne([debt, offsets, liquidity, counterparty], net, counterparty.LossNok, net + counterparty.LossNok);
    }

    /// <summary>
    /// Part 2: interest-bearing holdings lose value × rate shock × duration; equities lose value × equity shock.
    /// 2025: 2 169.404 × 2 % × 2.9 = 125.83; 1 453.276 × 50 % = 726.64; 1.779 × 2 % × 0.01 ≈ 0; total 852.46 MNOK
    /// = 23.52 % of the fund. (The printed bond row "129" is a source error.)
    /// </summary>
    public static StressPartTwo PartTwo(StressPartTwoInput i)
    {
        var lines = new List<StressLine>();
        foreach (var assetClass in new[] { AssetClass.Cash, AssetClass.Bonds, AssetClass.Equities })
        {
            var holdings = i.Holdings.Where(h => h.AssetClass == assetClass).ToList();
            if (holdings.Count == 0)
            {
                continue;
            }
            var value = holdings.Sum(h => h.MarketValueNok);
            if (assetClass == AssetClass.Equities)
            {
                lines.Add(new StressLine("equities", "Aksjer", i.EquityShock, null, value, i.EquityShock, i.EquityShock.Fraction * value));
                continue;
            }
            var loss = holdings.Sum(h => h.MarketValueNok * i.RateShock.Fraction * (h.DurationYears ?? 0m));
            var duration = value == 0m ? holdings.Average(h => h.DurationYears ?? 0m) : holdings.Sum(h => h.MarketValueNok * (h.DurationYears ?? 0m)) / value;
            lines.Add(new StressLine(
                assetClass == AssetClass.Bonds ? "bonds" : "moneyMarket",
                assetClass == AssetClass.Bonds ? "Obligasjoner IG" : "Pengemarked/bank",
                i.RateShock, duration, value, Rate.Share(loss, value), loss));
        }
        var fund = i.Holdings.Sum(h => h.MarketValueNok);
        var total = lines.Sum(l => l.LossNok);
        return new StressPartTwo(lines, total, fund, Rate.Share(total, fund));
    }

    /// <summary>Both parts, part 2 against the buffer capital, the total against the risk frame.</summary>
    public static StressResult Run(StressPartOneInput partOne, StressPartTwoInput partTwo, decimal bufferCapitalNok, RiskFrame frame)
    {
        var one = PartOne(partOne);
        var two = PartTwo(partTwo);
        var total = one.TotalNok + two.TotalNok;
        return new StressResult(one, two, bufferCapitalNok, ShareOfBuffer(two.TotalNok, bufferCapitalNok), total, frame, Status(total, frame));
    }

    /// <summary>Part 2's loss as a share of the buffer capital; null when there is no buffer to share.</summary>
    public static Rate? ShareOfBuffer(decimal partTwoTotalNok, decimal bufferCapitalNok) =>
        bufferCapitalNok > 0m ? Rate.Share(partTwoTotalNok, bufferCapitalNok) : null;

    public static RiskFrameStatus Status(decimal totalNok, RiskFrame frame) =>
        totalNok <= frame.TargetNok ? RiskFrameStatus.WithinTarget
        : totalNok <= frame.MaxNok ? RiskFrameStatus.BelowMaximum
        : RiskFrameStatus.AboveMaximum;
}
