using System.Data.Common;
using System.Globalization;
using Finance.Core.Common;
using Finance.Core.Liquidity;
using Finance.Data.Debt;
using NodaTime;
using NodaTime.Text;

namespace Finance.Data.Liquidity;

/// <summary>The return on deposits against 3-month Nibor (yearly averages, percent as published or entered) and the excess in percentage points.</summary>
public sealed record DepositReturnFigures(decimal DepositReturnPct, decimal Nibor3mPct, decimal ExcessPp, string Source);

/// <summary>
/// A year's liquidity figures read from the registers: one function for <c>GET /api/liquidity/summary</c> and the
/// snapshot's liquidity section (<see cref="LiquidityFigures.ForYear"/> over the year's daily balances and published figures).
/// </summary>
public static class LiquidityYears
{
    /// <summary>
    /// The figures of <paramref name="year"/> counted through <paramref name="through"/>. With <paramref name="publishedBy"/>
    /// only the published figures whose period has ended by that date count (a frozen snapshot never shows a later figure).
    /// </summary>
    public static LiquidityYear Through(DbConnection c, IReadOnlyList<BankAccount> accounts, int year, LocalDate through, decimal capLimitNok,
        DbTransaction? tx = null, LocalDate? publishedBy = null)
    {
        var rows = LiquidityStore.ReportedForYear(c, year, tx);
        var published = publishedBy is { } by ? Ended(rows, by) : rows;
        return LiquidityFigures.ForYear(year, accounts, LiquidityStore.BalancesForYear(c, year, tx), through, LiquidityStore.Reported(published), capLimitNok);
    }

    /// <summary>
    /// The figures of <paramref name="year"/> as they stand on <paramref name="today"/>: counted through the year end when
    /// the year is over, else through the last recorded balance of the year; every published figure of the year counts.
    /// </summary>
    public static LiquidityYear Live(DbConnection c, IReadOnlyList<BankAccount> accounts, int year, LocalDate today, decimal capLimitNok, DbTransaction? tx = null)
    {
        var balances = LiquidityStore.BalancesForYear(c, year, tx);
        var yearEnd = new LocalDate(year, 12, 31);
        var inYear = balances.Where(b => b.Date.Year == year).ToList();
        var through = today > yearEnd ? yearEnd : inYear.Count > 0 ? inYear.Max(b => b.Date) : new LocalDate(year, 1, 1).PlusDays(-1);
        var reported = LiquidityStore.Reported(LiquidityStore.ReportedForYear(c, year, tx));
        return LiquidityFigures.ForYear(year, accounts, balances, through, reported, capLimitNok);
    }

    /// <summary>The year's deposit return against Nibor from its published or entered figures; null when either is missing.</summary>
    public static DepositReturnFigures? DepositReturn(IReadOnlyList<ReportedFigureRow> rows)
    {
        if (Number(rows, LiquidityStore.DepositReturnMetric) is not { } deposit || Number(rows, LiquidityStore.NiborMetric) is not { } nibor)
        {
            return null;
        }
        return new DepositReturnFigures(deposit, nibor, LiquidityFigures.ExcessReturn(Rate.FromPercent(deposit), Rate.FromPercent(nibor)).Percent,
            rows.First(r => r.Metric == LiquidityStore.DepositReturnMetric).Source is "entered" ? "entered" : "reported");
    }

    /// <summary>A published figure as a number (null when absent or not a number).</summary>
    public static decimal? Number(IEnumerable<ReportedFigureRow> rows, string metric) =>
        rows.FirstOrDefault(r => r.Metric == metric) is { } r && decimal.TryParse(r.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <summary>Published figures whose period has ended by <paramref name="asOf"/> (a date, <c>yyyy-MM/yyyy-MM</c> or a year).</summary>
    public static IReadOnlyList<ReportedFigureRow> Ended(IEnumerable<ReportedFigureRow> rows, LocalDate asOf) =>
        rows.Where(r => PeriodEnd(r.Period) is { } end && end <= asOf).ToList();

    /// <summary>The last day of a published figure's period: a date, the second month of <c>yyyy-MM/yyyy-MM</c>, a month or a year.</summary>
    public static LocalDate? PeriodEnd(string period)
    {
        if (LocalDatePattern.Iso.Parse(period) is { Success: true } d)
        {
            return d.Value;
        }
        var last = period.Contains('/', StringComparison.Ordinal) ? period[(period.IndexOf('/', StringComparison.Ordinal) + 1)..] : period;
        if (YearMonthPattern.Iso.Parse(last) is { Success: true } m)
        {
            return m.Value.OnDayOfMonth(1).With(DateAdjusters.EndOfMonth);
        }
        return last.Length == 4 && int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? new LocalDate(y, 12, 31) : null;
    }
}
