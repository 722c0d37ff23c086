using System.Globalization;
using Finance.Core.Fund;

namespace Finance.Tests.Core;

public class ReturnHistoryTests
{
    /// <summary>Vedlegg 5e (annual report 2025 L2253–L2279): year, period, return %, benchmark %.</summary>
    private static IEnumerable<HistoryYear> Published()
    {
        var rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "seed", "fund_annual_history.csv")).Skip(1);
        foreach (var line in rows)
        {
            var f = line.Split(',');
            yield return new HistoryYear(int.Parse(f[0], CultureInfo.InvariantCulture), decimal.Parse(f[1], CultureInfo.InvariantCulture),
                decimal.Parse(f[3], CultureInfo.InvariantCulture) / 100m, decimal.Parse(f[4], CultureInfo.InvariantCulture) / 100m, HistorySource.Loaded);
        }
    }

    [Fact]
    public void The_published_yearly_returns_chain_to_301_1_percent_over_25_5_years()
    {
        var h = ReturnHistory.Accumulate(Published());
        Assert.Equal(25.5m, h.TotalYears);
        Assert.Equal(301.14m, Math.Round(h.Rows[^1].Accumulated * 100m, 2));
        // The 2025 row prints 226.5 for the benchmark: a typo (domain.md §6); the chain gives 235.98.
        Assert.Equal(235.98m, Math.Round(h.Rows[^1].BenchmarkAccumulated!.Value * 100m, 2));
        Assert.Equal(4.867m, Math.Round(h.BenchmarkAverageAnnual!.Value * 100m, 3));
    }

    [Fact]
    public void With_2025_at_full_precision_the_accumulated_return_is_301_26_and_the_average_5_600()
    {
        // Golden: 7.131 % for 2025 (from the class rows) instead of the printed 7.1 % → 301.26 %; geometric average over 25.5 years 5.599–5.600 %.
        var years = Published().Select(y => y.Year == 2025 ? y with { Return = 0.07131m, Source = HistorySource.Computed } : y);
        var h = ReturnHistory.Accumulate(years);
        Assert.Equal(301.26m, Math.Round(h.Rows[^1].Accumulated * 100m, 2));
        Assert.Equal(5.600m, Math.Round(h.AverageAnnual!.Value * 100m, 3));
    }

    [Fact]
    public void Geometric_average_of_a_hand_example()
    {
        // Two years: +10 %, −10 % → accumulated −1 %; average = 0.99^(1/2) − 1 = −0.5013 %.
        var h = ReturnHistory.Accumulate([new HistoryYear(2001, 1m, 0.10m, null, HistorySource.Loaded), new HistoryYear(2002, 1m, -0.10m, null, HistorySource.Loaded)]);
        Assert.Equal(-0.01m, h.Rows[^1].Accumulated);
        Assert.Equal(-0.5013m, Math.Round(h.AverageAnnual!.Value * 100m, 4));
        Assert.Null(h.BenchmarkAverageAnnual);
        Assert.Null(ReturnHistory.GeometricAverage(-1m, 2m));
        Assert.Null(ReturnHistory.GeometricAverage(0.5m, 0m));
    }
}
