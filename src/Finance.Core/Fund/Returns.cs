using NodaTime;

namespace Finance.Core.Fund;

/// <summary>A flow into (+) or out of (−) a portfolio on a date.</summary>
public sealed record DatedFlow(LocalDate Date, decimal AmountNok);

/// <summary>
/// One month of one portfolio (an asset class or the whole fund): market value at the previous month end and at
/// this month end, the flows dated in the month, and the income the manager reported, if any.
/// </summary>
public sealed record MonthPosition(
    YearMonth Month,
    decimal OpeningValueNok,
    decimal ClosingValueNok,
    IReadOnlyList<DatedFlow> Flows,
    decimal? ReportedIncomeNok = null)
{
    public decimal FlowsNok => Flows.Sum(f => f.AmountNok);
}

/// <summary>A month's income and time-weighted return (as a fraction; null where it is undefined).</summary>
public sealed record MonthReturn(YearMonth Month, decimal IncomeNok, decimal? Return, bool IncomeReported);

/// <summary>Time-weighted returns, as the finance report computes them (domain.md §1).</summary>
public static class Returns
{
    /// <summary>
    /// Income of a period = change in market value − net flows (a withdrawal is not a loss, a deposit not a gain).
    /// </summary>
    public static decimal Income(decimal openingValueNok, decimal closingValueNok, decimal flowsNok) =>
        closingValueNok - openingValueNok - flowsNok;

    /// <summary>
    /// Modified Dietz return of one month: <c>r = income / (V₀ + Σ wᵢ·Fᵢ)</c> with <c>wᵢ = (D − dᵢ) / D</c>,
    /// D the days in the month and dᵢ the day of the month the flow is dated (at the end of that day). A flow on the
    /// last day weighs 0, so for month-end flows this is the report's rule <c>r = income / V₀</c>.
    /// Returns null when the capital base is zero or negative (no meaningful return).
    /// </summary>
    public static decimal? ModifiedDietz(YearMonth month, decimal openingValueNok, decimal incomeNok, IEnumerable<DatedFlow> flows)
    {
        decimal days = month.ToDateInterval().Length;
        var weighted = flows.Sum(f => (days - f.Date.Day) / days * f.AmountNok);
        var capital = openingValueNok + weighted;
        return capital <= 0m ? null : incomeNok / capital;
    }

    /// <summary>
    /// The month's income and return. The manager's reported income is used when there is one (it is what the
    /// report's tables are built from); otherwise income = change in value − flows.
    /// </summary>
    public static MonthReturn Month(MonthPosition p)
    {
        var income = p.ReportedIncomeNok ?? Income(p.OpeningValueNok, p.ClosingValueNok, p.FlowsNok);
        return new MonthReturn(p.Month, income, ModifiedDietz(p.Month, p.OpeningValueNok, income, p.Flows), p.ReportedIncomeNok.HasValue);
    }

    /// <summary>
    /// Chain-linking: <c>Π(1 + rᵢ) − 1</c>. Always chain unrounded returns — the rounded published monthly figures of
    /// 2025 chain to 7.0 % instead of 7.1 %. The empty chain is 0.
    /// </summary>
    public static decimal ChainLinked(IEnumerable<decimal> returns)
    {
        var growth = 1m;
        foreach (var r in returns)
        {
            growth *= 1m + r;
        }
        return growth - 1m;
    }
}
