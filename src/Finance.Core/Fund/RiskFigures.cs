namespace Finance.Core.Fund;

/// <summary>Risk figures of the fund (Vedlegg 1, Tabell 1.5).</summary>
public static class RiskFigures
{
    public const int Window = 36;

    /// <summary>
    /// Annualised standard deviation of the last 36 monthly returns: sample standard deviation (n − 1) × √12.
    /// Null when fewer than 36 months are available — the figure is defined on a full window only.
    /// </summary>
    public static decimal? AnnualisedStdDev36(IReadOnlyList<decimal> monthlyReturns)
    {
        if (monthlyReturns.Count < Window)
        {
            return null;
        }
        var window = monthlyReturns.Skip(monthlyReturns.Count - Window).ToArray();
        return SampleStdDev(window) * (decimal)Math.Sqrt(12.0);
    }

    /// <summary>Tracking error: the same on the monthly differences fund − benchmark (equal-length, aligned series).</summary>
    public static decimal? TrackingError36(IReadOnlyList<decimal> fund, IReadOnlyList<decimal> benchmark)
    {
        if (fund.Count != benchmark.Count)
        {
            throw new ArgumentException("The fund and benchmark series must be aligned month by month.", nameof(benchmark));
        }
        return AnnualisedStdDev36(fund.Zip(benchmark, (f, b) => f - b).ToArray());
    }

    /// <summary>Sample standard deviation, √(Σ(x − x̄)² / (n − 1)); zero for fewer than two observations.</summary>
    public static decimal SampleStdDev(IReadOnlyList<decimal> values)
    {
        if (values.Count < 2)
        {
            return 0m;
        }
        var mean = values.Average();
        var sumSquares = values.Sum(v => (v - mean) * (v - mean));
        return (decimal)Math.Sqrt((double)(sumSquares / (values.Count - 1)));
    }

    /// <summary>
    /// Market-value-weighted duration of the bond placements, <c>Σ vᵢ·dᵢ / Σ vᵢ</c>, over the placements that report a
    /// duration. Null when none does.
    /// </summary>
    public static decimal? WeightedDuration(IEnumerable<(decimal MarketValueNok, decimal? DurationYears)> placements)
    {
        decimal weighted = 0m, total = 0m;
        foreach (var (value, duration) in placements)
        {
            if (duration is { } d)
            {
                weighted += value * d;
                total += value;
            }
        }
        return total == 0m ? null : weighted / total;
    }
}
