using System.Data.Common;
using Finance.Core.Common;
using Finance.Core.Stress;
using Finance.Data.Policy;
using Finance.Data.Stress;
using NodaTime;

namespace Finance.Reports.Snapshots;

/// <summary>
/// Where the snapshot's stress test comes from: an ordinary function registered in DI, so a test can substitute it. The
/// default (<see cref="RegisterStressProvider.FromRegisters"/>) computes both parts from the registers, or part 2 alone
/// with the reason when part 1's inputs are missing.
/// </summary>
public delegate StressOutcome StressProvider(DbConnection c, DbTransaction tx, LocalDate asOf);

/// <summary>One row of Tabell 4.1 / 4.2: stress factor, duration (interest-bearing fund holdings), base, loss in % and NOK (negative = gain).</summary>
public sealed record StressLineFigures(string Key, string Label, decimal FactorPct, decimal? DurationYears, decimal BaseNok, decimal LossPct, decimal LossNok);

public sealed record StressPartOneFigures(IReadOnlyList<StressLineFigures> Lines, decimal NetRateEffectNok, decimal CounterpartyNok, decimal TotalNok);

public sealed record StressPartTwoFigures(IReadOnlyList<StressLineFigures> Lines, decimal TotalNok, decimal FundValueNok, decimal PctOfFund);

/// <summary>
/// The regulations' risk frame with the stress total's place in it, as <c>riskFrame</c> of <c>GET /api/stress-tests/{id}</c>:
/// <c>status</c> is <c>withinTarget</c>, <c>belowMaximum</c> or <c>aboveMaximum</c>, or null when the total is not computed.
/// </summary>
public sealed record StressRiskFrame(decimal TargetNok, decimal MaxNok, string? Status);

/// <summary>The stress test frozen in the snapshot. Totals are at full precision; the report rounds them for display only.</summary>
public sealed record StressSection(
    StressPartOneFigures? PartOne,
    StressPartTwoFigures? PartTwo,
    decimal? BufferCapitalNok,
    decimal? PartTwoPctOfBuffer,
    decimal? TotalNok,
    StressRiskFrame? RiskFrame,
    string Source,
    IReadOnlyList<string> Missing)
{
    /// <summary>The outcome as the document holds it: percent figures, the frame's status as its JSON name; nothing recomputed.</summary>
    public static StressSection From(StressOutcome o)
    {
        var one = o.PartOne is { } p1 ? new StressPartOneFigures(p1.Lines.Select(Line).ToList(), p1.NetRateEffectNok, p1.CounterpartyNok, p1.TotalNok) : null;
        var two = o.PartTwo is { } p2 ? new StressPartTwoFigures(p2.Lines.Select(Line).ToList(), p2.TotalNok, p2.FundValueNok, p2.ShareOfFund.Percent) : null;
        string? status = o.RiskFrameStatus switch
        {
            null => null,
            Core.Stress.RiskFrameStatus.WithinTarget => "withinTarget",
            Core.Stress.RiskFrameStatus.BelowMaximum => "belowMaximum",
            _ => "aboveMaximum",
        };
        var frame = o.RiskFrame is { } rf ? new StressRiskFrame(rf.TargetNok, rf.MaxNok, status) : null;
        return new StressSection(one, two, o.BufferCapitalNok, o.PartTwoShareOfBuffer?.Percent, o.TotalNok, frame, o.Source, o.Missing);
    }

    private static StressLineFigures Line(StressLine l) => new(l.Key, l.Label, l.Factor.Percent, l.DurationYears, l.BaseNok, l.Loss.Percent, l.LossNok);
}

/// <summary>The stress provider of the service: the whole test from the registers, or part 2 alone when part 1's inputs are missing.</summary>
public static class RegisterStressProvider
{
    /// <summary>
    /// Both parts from the registers at <paramref name="asOf"/> (<see cref="StressInputs.FromRegisters"/>: floating debt from
    /// the loan register, the offsetting items, the bank deposits, the fund's holdings and durations) with the factors and
    /// frame of the regulations in force. When part 1's inputs are missing, part 2 alone from the fund, with the reason —
    /// never a made-up total.
    /// </summary>
    public static StressOutcome FromRegisters(DbConnection c, DbTransaction tx, LocalDate asOf)
    {
        var run = StressFigures.FromRegisters(c, tx, asOf, PolicyStore.InForce(c, asOf, tx));
        if (run.Parameters is not { } parameters)
        {
            return new StressOutcome(null, null, null, null, "Stresstestparametere mangler",
                ["Finansreglementet i kraft mangler stressfaktorene eller risikorammen (stress.rate_shock, stress.counterparty_loss, stress.equity_shock, stress.risk_frame)."]);
        }
        if (run is { Result: { } result, Inputs: { } inputs })
        {
            return StressOutcome.From(result, $"Registrene per {asOf:dd.MM.yyyy}; parametere fra finansreglement versjon {parameters.PolicyVersion}. " + string.Join(" ", inputs.Sources));
        }
        var missing = new List<string> { "Del 1 (bankinnskudd og gjeld) kan ikke beregnes: " + run.Problem };
        var (holdings, buffer, fundProblem, source) = StressInputs.Fund(c, tx, asOf);
        if (fundProblem is not null)
        {
            missing.Add(fundProblem);
            return new StressOutcome(null, null, null, parameters.RiskFrame, "Fondets beholdning mangler", missing);
        }
        var two = parameters.PartTwo(holdings.Select(h => new StressHolding(h.AssetClass, h.MarketValueNok, h.DurationYears)));
        return new StressOutcome(null, two, buffer, parameters.RiskFrame, $"Del 2: {source} Parametere fra finansreglement versjon {parameters.PolicyVersion}.", missing);
    }
}
