using Finance.Core.Common;
using Finance.Core.Fund;
using Finance.Data.Fund;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Finance.Data.Stress;

/// <summary>A fund holding at the test date, with the duration the stress applies to it.</summary>
public sealed record StressHoldingInput(AssetClass AssetClass, decimal MarketValueNok, decimal? DurationYears);

/// <summary>The stress test's inputs as read from the registers at a date, with where each comes from.</summary>
public sealed record StressRegisterInputs(
    decimal FloatingDebtNok,
    decimal OffsetsNok,
    IReadOnlyList<StressOffsetRow> OffsetItems,
    decimal DepositsNok,
    IReadOnlyList<StressHoldingInput> Holdings,
    decimal BufferCapitalNok,
    IReadOnlyList<string> Sources);

public static partial class StressInputs
{
    /// <summary>
    /// The fund part at <paramref name="asOf"/>: holdings per class at the latest valuation on or before it, bonds at the
    /// market-value-weighted interest duration of the bond placements; buffer capital = fund value − grunnkapital.
    /// </summary>
    public static (IReadOnlyList<StressHoldingInput> Holdings, decimal BufferCapitalNok, string? Problem, string Source) Fund(SqliteConnection c, SqliteTransaction? tx, LocalDate asOf)
    {
        var valuation = FundFigures.LatestValuation(c, asOf, tx);
        var parameters = FundStore.Parameters(c, tx);
        if (valuation is null || parameters is null)
        {
            return ([], 0m, $"The fund has no valuation on or before {asOf:yyyy-MM-dd}, or its parameters are not set.", "");
        }
        var holdings = new List<StressHoldingInput>();
        foreach (var (assetClass, value) in valuation.Classes)
        {
            decimal? duration = assetClass == AssetClass.Bonds
                ? RiskFigures.WeightedDuration(value.Placements.Select(p => (p.MarketValueNok, p.InterestDurationYears)))
                : null;
            if (assetClass == AssetClass.Bonds && duration is null)
            {
                return ([], 0m, $"No bond placement reports an interest duration at {valuation.Date:yyyy-MM-dd}.", "");
            }
            holdings.Add(new StressHoldingInput(assetClass, value.MarketValueNok, duration));
        }
        return (holdings, valuation.TotalNok - parameters.GrunnkapitalNok, null,
            $"Fund holdings and durations at {valuation.Date:yyyy-MM-dd}; buffer = market value − grunnkapital {parameters.GrunnkapitalNok}.");
    }
}
