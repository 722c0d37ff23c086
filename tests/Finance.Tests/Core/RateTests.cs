using System.Globalization;
using Finance.Core.Common;

namespace Finance.Tests.Core;

/// <summary>
/// The answers print a decimal's digits as they are (0.97952 × 100 prints 97.95200), so each conversion from a rate to
/// a percent number is pinned here by its printed form.
/// </summary>
public class RateTests
{
    private static string Printed(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("40", "40")]
    [InlineData("40.0", "40.0")]
    [InlineData("43.00", "43.00")]
    [InlineData("0.01", "0.01")]
    [InlineData("-2.50", "-2.50")]
    public void A_written_percent_reads_back_digit_for_digit(string written, string readBack)
    {
        var rate = Rate.FromWrittenPercent(decimal.Parse(written, CultureInfo.InvariantCulture));
        Assert.Equal(readBack, Printed(rate.WrittenPercent));
        // The same rate as FromPercent gives, compared as a rate.
        Assert.Equal(0, rate.CompareTo(Rate.FromPercent(decimal.Parse(written, CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void Rounded_percent_has_no_trailing_zeros_below_the_rounding()
    {
        // 97 952 of 100 000 paths: 97.952 %, where the fraction times 100 prints 97.95200.
        Assert.Equal("97.95200", Printed(new Rate(97_952m / 100_000m).Percent));
        Assert.Equal("97.952", Printed(new Rate(97_952m / 100_000m).RoundedPercent(4)));
        // 1 of 3 paths: 33.3333 %; 1 of 16: 6.25 %; none: 0.
        Assert.Equal("33.3333", Printed(new Rate(1m / 3m).RoundedPercent(4)));
        Assert.Equal("6.25", Printed(new Rate(1m / 16m).RoundedPercent(4)));
        Assert.Equal("0", Printed(Rate.Zero.RoundedPercent(4)));
        // A standard error of 0.29198 percentage points to 4 decimals, half away from zero: 0.2920.
        Assert.Equal("0.2920", Printed(Rate.FromPercent(0.29198m).RoundedPercent(4)));
        Assert.Equal("0.0001", Printed(Rate.FromPercent(0.00005m).RoundedPercent(4)));
    }
}
