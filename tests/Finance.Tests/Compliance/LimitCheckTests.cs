using Finance.Core.Compliance;

namespace Finance.Tests.Compliance;

public class LimitCheckTests
{
    [Theory]
    [InlineData(40.1, 37.0, 43.0, false, "Ok")]
    [InlineData(43.0, 37.0, 43.0, false, "Ok")]
    [InlineData(37.0, 37.0, 43.0, false, "Ok")]
    [InlineData(43.01, 37.0, 43.0, false, "Breach")]
    [InlineData(36.99, 37.0, 43.0, false, "Breach")]
    [InlineData(80.0, 80.0, null, true, "Breach")]
    [InlineData(80.01, 80.0, null, true, "Ok")]
    [InlineData(10.47, null, 30.0, false, "Ok")]
    public void Bounds_are_inclusive_unless_the_rule_says_over(double actual, double? min, double? max, bool strict, string expected)
    {
        var status = Limits.Check((decimal)actual, (decimal?)min, (decimal?)max, strict);
        Assert.Equal(expected, status.ToString());
    }

    [Fact]
    public void No_value_is_unknown()
    {
        Assert.Equal(ComplianceStatus.Unknown, Limits.Check(null, 1m, 2m));
    }
}
