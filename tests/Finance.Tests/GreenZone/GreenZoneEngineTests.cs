using System.Text.Json;
using Finance.Core.Common;
using Finance.Core.GreenZone;
using MathNet.Numerics.Distributions;

namespace Finance.Tests.GreenZone;

/// <summary>The simulation engine: closed-form agreement, fast kernel vs the scalar reference, reproducibility.</summary>
public class GreenZoneEngineTests
{
    private static GreenZoneInputs OneClass(decimal expectedPct, decimal volatilityPct, decimal inflationPct, int years, StepFrequency steps,
        decimal marketValue, decimal target, decimal grunnkapital, int paths, long seed) => new(
        marketValue, target, grunnkapital, years, paths, seed, steps, steps == StepFrequency.Monthly ? Rebalancing.Monthly : Rebalancing.Yearly,
        Rate.FromPercent(inflationPct), WithdrawalRule.None,
        [new ClassAssumption(AssetClass.Equities, Rate.FromPercent(100m), Rate.FromPercent(expectedPct), Rate.FromPercent(volatilityPct))],
        [], Rate.Zero, Rate.FromPercent(80m));

    private static GreenZoneInputs TwoClasses(int paths, long seed, WithdrawalRule withdrawal, Rebalancing rebalancing, StepFrequency steps = StepFrequency.Monthly) => new(
        3_624_458_944m, 3_156_429_479m, 1_528_518_969m, 15, paths, seed, steps, rebalancing, Rate.FromPercent(2m), withdrawal,
        [
            new ClassAssumption(AssetClass.Equities, Rate.FromPercent(40m), Rate.FromPercent(8m), Rate.FromPercent(11.4m)),
            new ClassAssumption(AssetClass.Bonds, Rate.FromPercent(60m), Rate.FromPercent(4.6m), Rate.FromPercent(3m)),
        ],
        [new ClassCorrelation(AssetClass.Equities, AssetClass.Bonds, 0.12m)], Rate.FromPercent(0.1m), Rate.FromPercent(80m));

    public static TheoryData<decimal, decimal, decimal, int, decimal, decimal, decimal, StepFrequency, long> ClosedFormCases() => new()
    {
        // expected %, volatility %, inflation %, years, MV, RV target today, grunnkapital, steps, seed
        { 5.45m, 5.1m, 2.0m, 15, 3_624m, 3_156m, 1_528m, StepFrequency.Annual, 11 },
        { 5.45m, 5.1m, 2.0m, 15, 3_624m, 3_156m, 1_528m, StepFrequency.Monthly, 12 },
        { 6.0m, 15m, 2.5m, 10, 1_000m, 1_000m, 700m, StepFrequency.Annual, 13 },
        { 6.0m, 15m, 2.5m, 10, 1_000m, 1_000m, 700m, StepFrequency.Monthly, 14 },
        { 3.0m, 25m, 1.0m, 5, 100m, 90m, 80m, StepFrequency.Monthly, 15 },
        { 8.0m, 2.0m, 3.0m, 30, 500m, 800m, 400m, StepFrequency.Annual, 16 },
    };

    /// <summary>
    /// One class, no withdrawal: ln MV_T ~ N(ln MV₀ + (ln(1 + μ) − σ²/2)·T, σ²·T) exactly, so
    /// P(MV_T &gt; RV₀(1 + π)^T) = 1 − Φ((ln RV_T − m)/s) and P(MV_T &lt; G) = Φ((ln G − m)/s). The simulated counts must be
    /// within 3 standard errors, for annual and monthly steps.
    /// </summary>
    [Theory]
    [MemberData(nameof(ClosedFormCases))]
    public void One_class_without_withdrawal_matches_the_closed_form_lognormal(
        decimal expectedPct, decimal volatilityPct, decimal inflationPct, int years, decimal mv, decimal rv, decimal g, StepFrequency steps, long seed)
    {
        const int paths = 100_000;
        var inputs = OneClass(expectedPct, volatilityPct, inflationPct, years, steps, mv * 1e6m, rv * 1e6m, g * 1e6m, paths, seed);
        var outcome = GreenZoneSimulation.Run(inputs);

        var sigma = (double)volatilityPct / 100;
        var m = Math.Log((double)mv * 1e6) + (Math.Log(1 + (double)expectedPct / 100) - sigma * sigma / 2) * years;
        var s = sigma * Math.Sqrt(years);
        var target = Math.Log((double)rv * 1e6) + years * Math.Log(1 + (double)inflationPct / 100);
        var kept = 1 - Normal.CDF(m, s, target);
        var lost = Normal.CDF(m, s, Math.Log((double)g * 1e6));

        AssertWithin3Se(kept, outcome.RealValueKept);
        AssertWithin3Se(lost, outcome.BufferLost);
        Assert.True(outcome.BufferLostAnyYear.Count >= outcome.BufferLost.Count, "Lost at the horizon implies lost in some year.");

        // E[MV_T] = MV₀(1 + μ)^T; its standard error from the lognormal variance.
        var mean = (double)mv * 1e6 * Math.Pow(1 + (double)expectedPct / 100, years);
        var se = mean * Math.Sqrt((Math.Exp(s * s) - 1) / paths);
        Assert.InRange((double)outcome.ExpectedMarketValueNok, mean - 3 * se, mean + 3 * se);
    }

    private static void AssertWithin3Se(double exact, ProbabilityEstimate estimate)
    {
        var p = (double)estimate.Count / estimate.Paths;
        var se = Math.Sqrt(exact * (1 - exact) / estimate.Paths);
        Assert.True(Math.Abs(p - exact) <= 3 * se + 1e-12, $"Simulated {p:P4}, closed form {exact:P4}, 3 SE = {3 * se:P4}.");
    }

    [Theory]
    [InlineData(WithdrawalKind.FixedReal, Rebalancing.Yearly, StepFrequency.Monthly)]
    [InlineData(WithdrawalKind.PercentOfValue, Rebalancing.Monthly, StepFrequency.Monthly)]
    [InlineData(WithdrawalKind.FixedNominal, Rebalancing.Yearly, StepFrequency.Annual)]
    public void Fast_kernel_matches_the_scalar_reference_path_by_path(WithdrawalKind kind, Rebalancing rebalancing, StepFrequency steps)
    {
        var withdrawal = new WithdrawalRule(kind, 69_600_000m, Rate.FromPercent(1.88m));
        var inputs = TwoClasses(8_003, 7, withdrawal, rebalancing, steps);
        using var fast = GreenZoneSimulation.SimulatePaths(inputs);
        using var reference = GreenZoneSimulation.SimulatePaths(inputs, GreenZoneEngine.Reference);

        // Same words; only Math.Log/Exp vs the fdlibm kernels differ, by an ulp or so per step.
        for (var y = 0; y < inputs.HorizonYears; y++)
        {
            for (var p = 0; p < inputs.Paths; p++)
            {
                var a = fast.YearEnd(y)[p];
                var b = reference.YearEnd(y)[p];
                Assert.True(Math.Abs(a - b) <= 1e-11 * Math.Max(Math.Abs(b), 1.0), $"year {y + 1}, path {p}: {a} vs {b}");
            }
        }
        var fastOutcome = GreenZoneSimulation.Run(inputs);
        var referenceOutcome = GreenZoneSimulation.Run(inputs, GreenZoneEngine.Reference);
        Assert.InRange(fastOutcome.RealValueKept.Count - referenceOutcome.RealValueKept.Count, -2, 2);
        Assert.InRange(fastOutcome.BufferLost.Count - referenceOutcome.BufferLost.Count, -2, 2);
    }

    [Fact]
    public void Every_vector_width_gives_the_same_bits()
    {
        var inputs = TwoClasses(5_003, 42, new WithdrawalRule(WithdrawalKind.FixedNominal, 69_600_000m, Rate.Zero), Rebalancing.Monthly);
        using var widest = GreenZoneSimulation.SimulatePaths(inputs, GreenZoneEngine.Fast, 8);
        foreach (var width in new[] { 4, 2, 1, 0 })
        {
            using var other = GreenZoneSimulation.SimulatePaths(inputs, GreenZoneEngine.Fast, width);
            for (var y = 0; y < inputs.HorizonYears; y++)
            {
                Assert.Equal(widest.YearEnd(y).ToArray(), other.YearEnd(y).ToArray());
            }
            Assert.Equal(widest.LowestYearEnd.ToArray(), other.LowestYearEnd.ToArray());
        }
        var a = JsonSerializer.Serialize(GreenZoneSimulation.Run(inputs, GreenZoneEngine.Fast, 8));
        var b = JsonSerializer.Serialize(GreenZoneSimulation.Run(inputs, GreenZoneEngine.Fast, 1));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Three_classes_run_on_every_width_and_match_the_reference()
    {
        var inputs = TwoClasses(4_099, 5, WithdrawalRule.None, Rebalancing.Yearly) with
        {
            Classes =
            [
                new ClassAssumption(AssetClass.Equities, Rate.FromPercent(40m), Rate.FromPercent(8m), Rate.FromPercent(11.4m)),
                new ClassAssumption(AssetClass.Bonds, Rate.FromPercent(50m), Rate.FromPercent(4.6m), Rate.FromPercent(3m)),
                new ClassAssumption(AssetClass.Cash, Rate.FromPercent(10m), Rate.FromPercent(4.2m), Rate.FromPercent(0.5m)),
            ],
            Correlations = [new ClassCorrelation(AssetClass.Equities, AssetClass.Bonds, 0.12m), new ClassCorrelation(AssetClass.Bonds, AssetClass.Cash, 0.3m)],
        };
        using var wide = GreenZoneSimulation.SimulatePaths(inputs, GreenZoneEngine.Fast, 8);
        using var scalar = GreenZoneSimulation.SimulatePaths(inputs, GreenZoneEngine.Fast, 1);
        using var reference = GreenZoneSimulation.SimulatePaths(inputs, GreenZoneEngine.Reference);
        var last = inputs.HorizonYears - 1;
        Assert.Equal(wide.YearEnd(last).ToArray(), scalar.YearEnd(last).ToArray());
        for (var p = 0; p < inputs.Paths; p++)
        {
            Assert.True(Math.Abs(wide.YearEnd(last)[p] / reference.YearEnd(last)[p] - 1) < 1e-11);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_result_and_another_seed_another()
    {
        var inputs = TwoClasses(30_000, 2025, new WithdrawalRule(WithdrawalKind.PercentOfValue, 0m, Rate.FromPercent(1.88m)), Rebalancing.Monthly);
        var first = JsonSerializer.Serialize(GreenZoneSimulation.Run(inputs));
        Assert.Equal(first, JsonSerializer.Serialize(GreenZoneSimulation.Run(inputs)));
        Assert.NotEqual(first, JsonSerializer.Serialize(GreenZoneSimulation.Run(inputs with { Seed = 2026 })));
    }

    [Fact]
    public void Correlated_classes_have_the_assumed_correlation_and_volatility()
    {
        // Annual steps, rebalanced yearly: year 1's class returns are the model's correlated lognormal draws. With equal
        // weights, no withdrawal and no cost, the fund's year-1 value tells the portfolio's variance, which depends on ρ.
        var inputs = TwoClasses(200_000, 99, WithdrawalRule.None, Rebalancing.Yearly, StepFrequency.Annual) with { Cost = Rate.Zero };
        using var paths = GreenZoneSimulation.SimulatePaths(inputs);
        var start = (double)inputs.MarketValueNok;
        double sum = 0, sumSq = 0;
        foreach (var v in paths.YearEnd(0))
        {
            var r = v / start - 1;
            sum += r;
            sumSq += r * r;
        }
        var n = paths.YearEnd(0).Length;
        var mean = sum / n;
        var variance = sumSq / n - mean * mean;
        // Exact moments of 0.4·e^X + 0.6·e^Y − 1 for the bivariate normal (X, Y) of the plan.
        double s1 = 0.114, s2 = 0.03, rho = 0.12, w1 = 0.4, w2 = 0.6;
        double e1 = 1.08, e2 = 1.046;
        var expectedMean = w1 * e1 + w2 * e2 - 1;
        var expectedVariance = w1 * w1 * e1 * e1 * (Math.Exp(s1 * s1) - 1) + w2 * w2 * e2 * e2 * (Math.Exp(s2 * s2) - 1)
            + 2 * w1 * w2 * e1 * e2 * (Math.Exp(rho * s1 * s2) - 1);
        Assert.InRange(mean, expectedMean - 0.0006, expectedMean + 0.0006);
        Assert.InRange(Math.Sqrt(variance), Math.Sqrt(expectedVariance) * 0.99, Math.Sqrt(expectedVariance) * 1.01);
    }

    [Fact]
    public void Validation_names_the_fields()
    {
        var inputs = TwoClasses(0, -1, WithdrawalRule.None, Rebalancing.Monthly) with
        {
            HorizonYears = 51,
            Classes =
            [
                new ClassAssumption(AssetClass.Equities, Rate.FromPercent(50m), Rate.FromPercent(8m), Rate.FromPercent(-1m)),
                new ClassAssumption(AssetClass.Bonds, Rate.FromPercent(60m), Rate.FromPercent(4.6m), Rate.FromPercent(3m)),
            ],
        };
        var fields = inputs.Validate().Select(e => e.Field).ToHashSet();
        Assert.Contains("paths", fields);
        Assert.Contains("seed", fields);
        Assert.Contains("horizonYears", fields);
        Assert.Contains("assetClasses[0].volatilityPct", fields);
        Assert.Contains("assetClasses", fields);
        Assert.Throws<ArgumentException>(() => GreenZoneSimulation.Run(inputs));
    }

    [Fact]
    public void A_correlation_matrix_that_is_not_positive_semi_definite_is_refused()
    {
        var three = new[]
        {
            new ClassAssumption(AssetClass.Equities, Rate.FromPercent(40m), Rate.FromPercent(8m), Rate.FromPercent(11m)),
            new ClassAssumption(AssetClass.Bonds, Rate.FromPercent(50m), Rate.FromPercent(4m), Rate.FromPercent(3m)),
            new ClassAssumption(AssetClass.Cash, Rate.FromPercent(10m), Rate.FromPercent(4m), Rate.FromPercent(1m)),
        };
        var inputs = TwoClasses(100, 1, WithdrawalRule.None, Rebalancing.Monthly) with
        {
            Classes = three,
            Correlations =
            [
                new ClassCorrelation(AssetClass.Equities, AssetClass.Bonds, 0.9m),
                new ClassCorrelation(AssetClass.Equities, AssetClass.Cash, 0.9m),
                new ClassCorrelation(AssetClass.Bonds, AssetClass.Cash, -0.9m),
            ],
        };
        Assert.Contains(inputs.Validate(), e => e.Field == "correlations");
        // ρ = 1 is singular but valid (positive semi-definite): the second class is the first.
        var perfect = inputs with
        {
            Classes = [three[0], three[1] with { Weight = Rate.FromPercent(60m) }],
            Correlations = [new ClassCorrelation(AssetClass.Equities, AssetClass.Bonds, 1m)],
        };
        Assert.Empty(perfect.Validate());
        // Perfectly correlated: the portfolio's volatility is the weighted sum, 0.4 × 11 % + 0.6 × 3 % = 6.2 %.
        Assert.Equal(6.2m, GreenZoneSimulation.Run(perfect with { Paths = 1_000 }).PortfolioVolatility.RoundedPercent(4));
    }

    [Fact]
    public void Cholesky_reproduces_the_matrix()
    {
        var a = new[,] { { 0.013, 0.0004, 0.0 }, { 0.0004, 0.0009, 0.00001 }, { 0.0, 0.00001, 0.000025 } };
        Assert.True(Cholesky.Factor(a, out var l));
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var s = 0.0;
                for (var k = 0; k < 3; k++)
                {
                    s += l[i, k] * l[j, k];
                }
                Assert.Equal(a[i, j], s, 1e-15);
            }
        }
    }

    [Fact]
    public void Exact_quantiles_equal_sorting()
    {
        var rng = new Random(3);
        var values = Enumerable.Range(0, 50_001).Select(i => i % 7 == 0 ? 0.0 : Math.Exp(rng.NextDouble() * 5)).ToArray();
        var ranks = new long[] { 1, 2500, 12_501, 25_001, 37_501, 47_501, 50_001 };
        var sorted = values.OrderBy(v => v).ToArray();
        Assert.Equal(ranks.Select(r => sorted[r - 1]), ExactQuantiles.Select(values, ranks));
        Assert.Equal(2_501, ExactQuantiles.NearestRank(5, 50_001));
        Assert.Equal(50_000, ExactQuantiles.NearestRank(50, 100_000));
    }

    [Fact]
    public void Exact_quantiles_equal_sorting_for_every_small_length()
    {
        // Lengths around the vector widths (the vector passes' tails), ties, and ranks at both ends.
        var rng = new Random(5);
        for (var n = 1; n <= 70; n++)
        {
            var values = Enumerable.Range(0, n).Select(_ => (double)rng.Next(0, 9) * 1.5).ToArray();
            var ranks = Enumerable.Range(1, n).Select(r => (long)r).ToArray();
            var sorted = values.OrderBy(v => v).ToArray();
            Assert.Equal(sorted, ExactQuantiles.Select(values, ranks));
        }
    }

    [Fact]
    public void The_expected_value_is_the_mean_summed_in_four_interleaved_partial_sums()
    {
        // 1 003 paths (not a multiple of four): the run's expected value at the horizon is the mean of the paths' values
        // summed as four partial sums s₀ … s₃ over the paths j, j + 4, …, the last three paths into s₀, then
        // (s₀ + s₁ + (s₂ + s₃))/n — the same bits on every machine.
        var inputs = TwoClasses(1_003, 77, WithdrawalRule.None, Rebalancing.Monthly);
        using var paths = GreenZoneSimulation.SimulatePaths(inputs);
        var terminal = paths.YearEnd(inputs.HorizonYears - 1);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var i = 0;
        for (; i + 4 <= terminal.Length; i += 4)
        {
            s0 += terminal[i];
            s1 += terminal[i + 1];
            s2 += terminal[i + 2];
            s3 += terminal[i + 3];
        }
        for (; i < terminal.Length; i++)
        {
            s0 += terminal[i];
        }
        var mean = (s0 + s1 + (s2 + s3)) / terminal.Length;
        Assert.Equal((decimal)Math.Round(mean, MidpointRounding.AwayFromZero), GreenZoneSimulation.Run(inputs).ExpectedMarketValueNok);
    }
}
