namespace Finance.Core.Fund;

/// <summary>Where a year's figure comes from.</summary>
public enum HistorySource
{
    /// <summary>Loaded history (a year from before the system held monthly data), as published.</summary>
    Loaded,

    /// <summary>Computed by chain-linking the system's own monthly returns (all twelve months present).</summary>
    Computed,
}

/// <summary>One year of the history since inception. Returns are fractions; PeriodYears is 0.5 for a half year.</summary>
public sealed record HistoryYear(int Year, decimal PeriodYears, decimal Return, decimal? BenchmarkReturn, HistorySource Source, decimal? ReturnNok = null);

/// <summary>A history row with the chain since inception.</summary>
public sealed record HistoryRow(HistoryYear Year, decimal Accumulated, decimal? BenchmarkAccumulated);

/// <summary>The history since inception with accumulated and geometric average returns (Vedlegg 5e).</summary>
public sealed record ReturnHistoryResult(
    IReadOnlyList<HistoryRow> Rows,
    decimal TotalYears,
    decimal? AverageAnnual,
    decimal? BenchmarkAverageAnnual);

public static class ReturnHistory
{
    /// <summary>
    /// Accumulated return = chain of the yearly returns, <c>Π(1 + rᵧ) − 1</c>; the average annual return is geometric
    /// over the real elapsed time, <c>(1 + A)^(1/T) − 1</c> with T the sum of the years' periods (2000 counts as half a
    /// year: T = 25.5 at the end of 2025). The benchmark chain stops being defined at the first year without one.
    /// </summary>
    public static ReturnHistoryResult Accumulate(IEnumerable<HistoryYear> years)
    {
        var rows = new List<HistoryRow>();
        decimal growth = 1m, totalYears = 0m;
        decimal? benchmarkGrowth = 1m;
        foreach (var y in years.OrderBy(y => y.Year))
        {
            growth *= 1m + y.Return;
            benchmarkGrowth = y.BenchmarkReturn is { } b && benchmarkGrowth is { } g ? g * (1m + b) : null;
            totalYears += y.PeriodYears;
            rows.Add(new HistoryRow(y, growth - 1m, benchmarkGrowth - 1m));
        }
        return rows.Count == 0
            ? new ReturnHistoryResult(rows, 0m, null, null)
            : new ReturnHistoryResult(rows, totalYears, GeometricAverage(growth - 1m, totalYears), benchmarkGrowth is { } bg ? GeometricAverage(bg - 1m, totalYears) : null);
    }

    /// <summary><c>(1 + accumulated)^(1/years) − 1</c>; null for a period of no length or a total loss.</summary>
    public static decimal? GeometricAverage(decimal accumulated, decimal years)
    {
        if (years <= 0m || accumulated <= -1m)
        {
            return null;
        }
        return (decimal)(Math.Pow((double)(1m + accumulated), 1.0 / (double)years) - 1.0);
    }
}
