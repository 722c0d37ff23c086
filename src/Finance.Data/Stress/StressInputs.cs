using System.Data.Common;
using Finance.Core.Common;
using Finance.Core.Fund;
using Finance.Core.Stress;
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
    public static (IReadOnlyList<StressHoldingInput> Holdings, decimal BufferCapitalNok, string? Problem, string Source) Fund(DbConnection c, DbTransaction? tx, LocalDate asOf)
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
            decimal? duration = assetClass == AssetClass.Bonds ? BondDurations.Of(valuation).InterestYears : null;
            if (assetClass == AssetClass.Bonds && duration is null)
            {
                return ([], 0m, $"No bond placement reports an interest duration at {valuation.Date:yyyy-MM-dd}.", "");
            }
            holdings.Add(new StressHoldingInput(assetClass, value.MarketValueNok, duration));
        }
        return (holdings, RealValue.Buffer(valuation.TotalNok, parameters.GrunnkapitalNok).BufferCapitalNok, null,
            $"Fund holdings and durations at {valuation.Date:yyyy-MM-dd}; buffer = market value − grunnkapital {parameters.GrunnkapitalNok}.");
    }
}

public static partial class StressInputs
{
    /// <summary>
    /// Every input of the stress test at <paramref name="asOf"/>, from the registers:
    /// floating debt = the loans (all categories) whose rate resets within 12 months; offsets = the latest set of
    /// offsetting items on or before the date; deposits = the bank balances at the date (each account's latest daily
    /// balance on or before it), or the published balance at that date where no daily balances are held; the fund part
    /// from <see cref="Fund"/>. Returns a problem text instead when an input is missing.
    /// </summary>
    public static (StressRegisterInputs? Inputs, string? Problem) FromRegisters(DbConnection c, DbTransaction? tx, LocalDate asOf)
    {
        var sources = new List<string>();
        var loans = Debt.DebtStore.Loans(c, asOf, tx);
        if (loans.Count == 0)
        {
            return (null, $"The loan register holds no loans on or before {asOf:yyyy-MM-dd}.");
        }
        var floating = Finance.Core.Debt.DebtMetrics.FloatingWithin12Months(loans, asOf);
        sources.Add($"Floating debt: {loans.Count} loans at {asOf:yyyy-MM-dd}, rate reset or fixing end within 12 months.");

        var offsets = StressStore.OffsetsAt(c, asOf, tx);
        if (offsets.Count == 0)
        {
            return (null, $"No offsetting items (motposter) dated on or before {asOf:yyyy-MM-dd}: PUT /api/stress-tests/offsets/{{asOf}}.");
        }
        sources.Add($"Offsetting items as at {offsets[0].AsOf:yyyy-MM-dd}.");

        var deposits = Liquidity.LiquidityStore.DepositsAt(c, asOf, tx);
        if (deposits is null)
        {
            return (null, $"No bank balance on or before {asOf:yyyy-MM-dd} (daily balances), nor a published balance at that date.");
        }
        sources.Add(deposits.Value.Source);

        var (holdings, buffer, problem, fundSource) = Fund(c, tx, asOf);
        if (problem is not null)
        {
            return (null, problem);
        }
        sources.Add(fundSource);
        return (new StressRegisterInputs(floating, offsets.Sum(o => o.AmountNok), offsets, deposits.Value.TotalNok, holdings, buffer, sources), null);
    }
}

