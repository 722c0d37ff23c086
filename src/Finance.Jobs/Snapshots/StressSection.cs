using Finance.Core.Common;
using Finance.Core.Stress;
using Finance.Data.Policy;
using Finance.Data.Stress;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Finance.Jobs.Snapshots;

/// <summary>
/// Where the snapshot's stress test comes from: an ordinary function registered in DI. The default
/// (<see cref="FundStressProvider.PartTwoFromFund"/>) computes part 2 from the fund's holdings; the register-based
/// calculation (part 1 from the loan and liquidity registers) replaces it by registering another provider that returns
/// <see cref="StressOutcome.From"/> of a full <see cref="StressTest.Run"/>.
/// </summary>
public delegate StressOutcome StressProvider(SqliteConnection c, SqliteTransaction tx, LocalDate asOf);

/// <summary>
/// A stress test as far as it could be computed: a part that is null is not available, and <see cref="Missing"/> says
/// why. Never a made-up figure: with part 1 missing there is no total.
/// </summary>
public sealed record StressOutcome(StressPartOne? PartOne, StressPartTwo? PartTwo, decimal? BufferCapitalNok, RiskFrame? RiskFrame, string Source, IReadOnlyList<string> Missing)
{
    /// <summary>A complete two-part result (<see cref="StressTest.Run"/>).</summary>
    public static StressOutcome From(StressResult r, string source) => new(r.PartOne, r.PartTwo, r.BufferCapitalNok, r.RiskFrame, source, []);
}

/// <summary>One row of Tabell 4.1 / 4.2: stress factor, duration (interest-bearing fund holdings), base, loss in % and NOK (negative = gain).</summary>
public sealed record StressLineFigures(string Key, string Label, decimal FactorPct, decimal? DurationYears, decimal BaseNok, decimal LossPct, decimal LossNok);

public sealed record StressPartOneFigures(IReadOnlyList<StressLineFigures> Lines, decimal NetRateEffectNok, decimal CounterpartyNok, decimal TotalNok);

public sealed record StressPartTwoFigures(IReadOnlyList<StressLineFigures> Lines, decimal TotalNok, decimal FundValueNok, decimal PctOfFund);

/// <summary>The stress test frozen in the snapshot. Totals are at full precision; the report rounds them for display only.</summary>
public sealed record StressSection(
    StressPartOneFigures? PartOne,
    StressPartTwoFigures? PartTwo,
    decimal? BufferCapitalNok,
    decimal? PartTwoPctOfBuffer,
    decimal? TotalNok,
    decimal? RiskFrameTargetNok,
    decimal? RiskFrameMaxNok,
    string? RiskFrameStatus,
    string Source,
    IReadOnlyList<string> Missing)
{
    public static StressSection From(StressOutcome o)
    {
        var one = o.PartOne is { } p1 ? new StressPartOneFigures(p1.Lines.Select(Line).ToList(), p1.NetRateEffectNok, p1.CounterpartyNok, p1.TotalNok) : null;
        var two = o.PartTwo is { } p2 ? new StressPartTwoFigures(p2.Lines.Select(Line).ToList(), p2.TotalNok, p2.FundValueNok, p2.PctOfFund.Percent) : null;
        decimal? total = one is not null && two is not null ? one.TotalNok + two.TotalNok : null;
        decimal? ofBuffer = two is not null && o.BufferCapitalNok is > 0m ? two.TotalNok / o.BufferCapitalNok.Value * 100m : null;
        string? status = total is { } t && o.RiskFrame is { } f ? StressTest.Status(t, f) switch
        {
            Core.Stress.RiskFrameStatus.WithinTarget => "withinTarget",
            Core.Stress.RiskFrameStatus.BelowMaximum => "belowMaximum",
            _ => "aboveMaximum",
        } : null;
        return new StressSection(one, two, o.BufferCapitalNok, ofBuffer, total, o.RiskFrame?.TargetNok, o.RiskFrame?.MaxNok, status, o.Source, o.Missing);
    }

    private static StressLineFigures Line(StressLine l) => new(l.Key, l.Label, l.Factor.Percent, l.DurationYears, l.BaseNok, l.Loss.Percent, l.LossNok);
}

/// <summary>The stress provider available on every installation: part 2 from the fund's registers.</summary>
public static class FundStressProvider
{
    /// <summary>
    /// Part 2 (Tabell 4.2) from the fund's holdings at <paramref name="asOf"/> (<see cref="StressInputs.Fund"/>: bonds at
    /// their market-value-weighted interest duration) with the stress parameters of the regulations in force:
    /// <c>stress.rate_shock</c>, <c>stress.equity_shock</c>, <c>stress.money_market_duration</c> (applied to the bank
    /// account) and the risk frame <c>stress.risk_frame</c>. Part 1 needs the loan and liquidity registers and is reported
    /// as not available.
    /// </summary>
    public static StressOutcome PartTwoFromFund(SqliteConnection c, SqliteTransaction tx, LocalDate asOf)
    {
        var missing = new List<string>
        {
            "Del 1 (bankinnskudd og gjeld) beregnes fra låne- og likviditetsregistrene, som ikke er tilgjengelige i denne versjonen; samlet beregnet risiko kan derfor ikke vises.",
        };
        var policy = PolicyStore.InForce(c, asOf, tx);
        var rateShock = policy?.Number("stress.rate_shock", l => l.Target);
        var equityShock = policy?.Number("stress.equity_shock", l => l.Target);
        var moneyMarketDuration = policy?.Number("stress.money_market_duration", l => l.Target);
        RiskFrame? frame = policy?.Number("stress.risk_frame", l => l.Target) is { } target && policy.Number("stress.risk_frame", l => l.Max) is { } max
            ? new RiskFrame(target, max)
            : null;
        if (rateShock is null || equityShock is null)
        {
            missing.Add("Finansreglementet i kraft mangler stressfaktorene stress.rate_shock og stress.equity_shock.");
            return new StressOutcome(null, null, null, frame, "Stresstestparametere mangler", missing);
        }
        var (holdings, buffer, problem, source) = StressInputs.Fund(c, tx, asOf);
        if (problem is not null)
        {
            missing.Add(problem);
            return new StressOutcome(null, null, null, frame, "Fondets beholdning mangler", missing);
        }
        var input = new StressPartTwoInput(
            holdings.Select(h => new StressHolding(h.AssetClass, h.MarketValueNok, h.AssetClass == AssetClass.Cash ? moneyMarketDuration ?? h.DurationYears : h.DurationYears)).ToList(),
            Rate.FromPercent(rateShock.Value), Rate.FromPercent(equityShock.Value));
        return new StressOutcome(null, StressTest.PartTwo(input), buffer, frame,
            $"Del 2: {source} Parametere fra finansreglement versjon {policy!.Version.Version}.", missing);
    }
}
