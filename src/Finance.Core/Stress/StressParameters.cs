using Finance.Core.Common;
using Finance.Core.Policy;

namespace Finance.Core.Stress;

/// <summary>
/// The stress factors and risk frame a run uses: from the regulations in force unless given explicitly.
/// <paramref name="FundRateShock"/> is the rate rise applied to the fund's interest-bearing holdings (part 2), the same
/// as <paramref name="RateShock"/> unless given on its own.
/// </summary>
public sealed record StressParameters(Rate RateShock, Rate CounterpartyLoss, Rate FundRateShock, Rate EquityShock, decimal MoneyMarketDurationYears, RiskFrame RiskFrame, long? PolicyVersion)
{
    /// <summary>Null when a factor or the frame is neither given nor in the regulations (whose factors are percent numbers).</summary>
    public static StressParameters? From(PolicyInForce? policy, Rate? rateShock = null, Rate? counterpartyLoss = null,
        Rate? fundRateShock = null, Rate? equityShock = null, RiskFrame? frame = null)
    {
        var rate = rateShock ?? PolicyRate(policy, "stress.rate_shock");
        var counterparty = counterpartyLoss ?? PolicyRate(policy, "stress.counterparty_loss");
        var fundRate = fundRateShock ?? rate;
        var equity = equityShock ?? PolicyRate(policy, "stress.equity_shock");
        var target = frame?.TargetNok ?? policy?.Number("stress.risk_frame", l => l.Target);
        var max = frame?.MaxNok ?? policy?.Number("stress.risk_frame", l => l.Max);
        return rate is null || counterparty is null || fundRate is null || equity is null || target is null || max is null
            ? null
            : new StressParameters(rate.Value, counterparty.Value, fundRate.Value, equity.Value,
                policy?.Number("stress.money_market_duration", l => l.Target) ?? 0m, new RiskFrame(target.Value, max.Value), policy?.Version.Version);
    }

    private static Rate? PolicyRate(PolicyInForce? policy, string limitId) =>
        policy?.Number(limitId, l => l.Target) is { } percent ? Rate.FromPercent(percent) : null;

    /// <summary>
    /// Runs both parts. Cash and money market without a duration of their own get the regulations' money-market duration.
    /// </summary>
    public StressResult Run(decimal floatingDebtNok, decimal offsetsNok, decimal depositsNok, IEnumerable<StressHolding> holdings, decimal bufferCapitalNok) =>
        StressTest.Run(
            new StressPartOneInput(floatingDebtNok, offsetsNok, depositsNok, RateShock, CounterpartyLoss),
            PartTwoInput(holdings),
            bufferCapitalNok,
            RiskFrame);

    /// <summary>Part 2 alone (the fund), with these factors: what can be computed when part 1's inputs are missing.</summary>
    public StressPartTwo PartTwo(IEnumerable<StressHolding> holdings) => StressTest.PartTwo(PartTwoInput(holdings));

    private StressPartTwoInput PartTwoInput(IEnumerable<StressHolding> holdings) =>
        new(WithMoneyMarketDuration(holdings), FundRateShock, EquityShock);

    public IReadOnlyList<StressHolding> WithMoneyMarketDuration(IEnumerable<StressHolding> holdings) =>
        holdings.Select(h => h.AssetClass == AssetClass.Cash && h.DurationYears is null ? h with { DurationYears = MoneyMarketDurationYears } : h).ToList();
}
