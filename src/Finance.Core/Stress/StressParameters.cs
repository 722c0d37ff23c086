using Finance.Core.Common;
using Finance.Core.Policy;

namespace Finance.Core.Stress;

/// <summary>The stress factors and risk frame a run uses: from the regulations in force unless given explicitly.</summary>
public sealed record StressParameters(decimal RateShockPct, decimal CounterpartyLossPct, decimal FundRateShockPct, decimal EquityShockPct, decimal MoneyMarketDurationYears, RiskFrame RiskFrame, long? PolicyVersion)
{
    /// <summary>Null when a factor or the frame is neither given nor in the regulations.</summary>
    public static StressParameters? From(PolicyInForce? policy, decimal? rateShockPct = null, decimal? counterpartyLossPct = null,
        decimal? fundRateShockPct = null, decimal? equityShockPct = null, RiskFrame? frame = null)
    {
        var rate = rateShockPct ?? policy?.Number("stress.rate_shock", l => l.Target);
        var counterparty = counterpartyLossPct ?? policy?.Number("stress.counterparty_loss", l => l.Target);
        var fundRate = fundRateShockPct ?? rate;
        var equity = equityShockPct ?? policy?.Number("stress.equity_shock", l => l.Target);
        var target = frame?.TargetNok ?? policy?.Number("stress.risk_frame", l => l.Target);
        var max = frame?.MaxNok ?? policy?.Number("stress.risk_frame", l => l.Max);
        return rate is null || counterparty is null || fundRate is null || equity is null || target is null || max is null
            ? null
            : new StressParameters(rate.Value, counterparty.Value, fundRate.Value, equity.Value,
                policy?.Number("stress.money_market_duration", l => l.Target) ?? 0m, new RiskFrame(target.Value, max.Value), policy?.Version.Version);
    }

    /// <summary>
    /// Runs both parts. Cash and money market without a duration of their own get the regulations' money-market duration.
    /// </summary>
    public StressResult Run(decimal floatingDebtNok, decimal offsetsNok, decimal depositsNok, IEnumerable<StressHolding> holdings, decimal bufferCapitalNok) =>
        StressTest.Run(
            new StressPartOneInput(floatingDebtNok, offsetsNok, depositsNok, Rate.FromPercent(RateShockPct), Rate.FromPercent(CounterpartyLossPct)),
            PartTwoInput(holdings),
            bufferCapitalNok,
            RiskFrame);

    /// <summary>Part 2 alone (the fund), with these factors: what can be computed when part 1's inputs are missing.</summary>
    public StressPartTwo PartTwo(IEnumerable<StressHolding> holdings) => StressTest.PartTwo(PartTwoInput(holdings));

    private StressPartTwoInput PartTwoInput(IEnumerable<StressHolding> holdings) =>
        new(WithMoneyMarketDuration(holdings), Rate.FromPercent(FundRateShockPct), Rate.FromPercent(EquityShockPct));

    public IReadOnlyList<StressHolding> WithMoneyMarketDuration(IEnumerable<StressHolding> holdings) =>
        holdings.Select(h => h.AssetClass == AssetClass.Cash && h.DurationYears is null ? h with { DurationYears = MoneyMarketDurationYears } : h).ToList();
}
