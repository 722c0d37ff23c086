using System.Data.Common;
using System.Text.Json.Serialization;
using Finance.Core.GreenZone;
using Finance.Data.GreenZone;
using NodaTime;

namespace Finance.Reports.Snapshots;

/// <summary>A year of the simulation: the real-value target and the nominal percentiles (NOK).</summary>
public sealed record GreenZoneYear(int Year, decimal RealValueTargetNok, decimal P5Nok, decimal P50Nok, decimal P95Nok, decimal ExpectedNok);

/// <summary>
/// The green zone (grønn sone) at the month end: the default Monte Carlo run of that date (the assumptions in force, the
/// seed from the date), frozen with everything needed to reproduce it — seed, paths, engine and assumptions version.
/// </summary>
public sealed record GreenZoneSection(
    LocalDate AsOf,
    long Seed,
    int Paths,
    int HorizonYears,
    string EngineVersion,
    int AssumptionsVersion,
    decimal MarketValueNok,
    decimal RealValueTargetNok,
    decimal GrunnkapitalNok,
    decimal ProbabilityRealValueKeptPct,
    decimal ProbabilityRealValueKeptStandardErrorPct,
    decimal ProbabilityBufferLostPct,
    decimal ProbabilityBufferLostAnyYearPct,
    decimal ExpectedRealValueNok,
    decimal RealValueTargetAtHorizonNok,
    decimal ExpectedMarketValueNok,
    decimal MedianMarketValueNok,
    decimal PortfolioExpectedReturnPct,
    decimal PortfolioVolatilityPct,
    [property: JsonPropertyName("greenZoneThresholdPct")] decimal ThresholdPct,
    string Zone,
    [property: JsonPropertyName("percentiles")] IReadOnlyList<GreenZoneYear> Years)
{
    /// <summary>Null (with a note) when the stored data cannot give a run.</summary>
    public static GreenZoneSection? Build(DbConnection c, DbTransaction tx, LocalDate asOf, List<string> notes)
    {
        var (run, problem) = GreenZoneRuns.Default(c, tx, asOf);
        if (run is null)
        {
            notes.Add($"Grønn sone er ikke beregnet per {asOf:dd.MM.yyyy}: {problem}");
            return null;
        }
        var i = run.Resolved.Inputs;
        var o = run.Outcome;
        return new GreenZoneSection(asOf, i.Seed, i.Paths, i.HorizonYears, GreenZoneSimulation.EngineVersion, run.Resolved.AssumptionsVersion,
            i.MarketValueNok, i.RealValueTargetNok, i.GrunnkapitalNok,
            o.RealValueKept.Probability.RoundedPercent(4), o.RealValueKept.StandardError.RoundedPercent(4), o.BufferLost.Probability.RoundedPercent(4), o.BufferLostAnyYear.Probability.RoundedPercent(4),
            o.ExpectedMarketValueTodayNok, o.RealValueTargetAtHorizonNok, o.ExpectedMarketValueNok, o.MedianMarketValueNok, o.PortfolioExpectedReturn.RoundedPercent(4), o.PortfolioVolatility.RoundedPercent(4),
            i.GreenZoneThreshold.Percent, o.Zone == GreenZoneStatus.Green ? "green" : "notGreen",
            o.Years.Select(y => new GreenZoneYear(y.Year, y.RealValueTargetNok, y.Nominal.P5Nok, y.Nominal.P50Nok, y.Nominal.P95Nok, y.ExpectedNok)).ToList());
    }
}
