using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Finance.Core.Common;

namespace Finance.Core.GreenZone;

/// <summary>
/// The green-zone Monte Carlo simulation (grønn sone) of the managed fund.
/// <para>Each path starts at the fund's market value, split by the strategic weights, and steps through the horizon
/// (monthly or annual steps). Every step each asset class grows by <c>exp(log return)</c> with correlated normal log
/// returns (see <see cref="SimulationPlan"/>); the portfolio is brought back to the strategic weights after every step
/// (monthly rebalancing) or at each year end. At each year end the withdrawal is taken (never more than the fund holds).
/// Inflation is deterministic: the real-value target grows by (1 + inflation) a year, and "today's kroner" divide by
/// the same factor.</para>
/// <para>Outputs: P(value at the horizon &gt; the real-value target at the horizon) — the green-zone probability;
/// P(value at the horizon &lt; grunnkapital) — the buffer capital is lost; the same at any year end; means, medians and
/// yearly nearest-rank percentiles of all paths, exactly; each probability with its standard error √(p(1 − p)/n).
/// The zone is green while the probability is over the policy's threshold (80 %).</para>
/// <para>Reproducible: the same inputs and seed give the same bits on any machine, thread count or vector width —
/// every path has its own random stream (<see cref="Xoshiro256StarStar"/>), the arithmetic is
/// <see cref="DeterministicMath"/>'s, and every sum runs in path order.</para>
/// </summary>
public static class GreenZoneSimulation
{
    /// <summary>
    /// Identifies the algorithm; stored with every run. Any change that could alter a result's bits must change it.
    /// </summary>
    public const string EngineVersion = "greenzone-mc/2.0 (xoshiro256**-per-path main+auxiliary, ziggurat-2048, fdlibm-exp/log, lanes 8/4/2/1)";

    public static readonly int[] PercentileLevels = [5, 25, 50, 75, 95];

    public static GreenZoneOutcome Run(GreenZoneInputs inputs, GreenZoneEngine engine = GreenZoneEngine.Fast, int laneWidth = 0)
    {
        var plan = Plan(inputs);
        var paths = PathBuffers.Take(plan.Years, plan.Paths) ?? new SimulatedPaths(plan.Years, plan.Paths);
        try
        {
            Simulate(plan, engine, laneWidth, paths);
            return Summarise(inputs, plan, paths);
        }
        finally
        {
            PathBuffers.Give(paths);
        }
    }

    /// <summary>Only the paths (for tests that compare engines and widths path by path); the caller disposes them.</summary>
    public static SimulatedPaths SimulatePaths(GreenZoneInputs inputs, GreenZoneEngine engine = GreenZoneEngine.Fast, int laneWidth = 0)
    {
        var plan = Plan(inputs);
        var paths = new SimulatedPaths(plan.Years, plan.Paths);
        try
        {
            Simulate(plan, engine, laneWidth, paths);
            return paths;
        }
        catch
        {
            paths.Dispose();
            throw;
        }
    }

    /// <summary>Only the paths, into room the caller keeps (the benchmark: nothing allocated per run but the plan).</summary>
    public static void SimulatePaths(GreenZoneInputs inputs, SimulatedPaths output, GreenZoneEngine engine = GreenZoneEngine.Fast, int laneWidth = 0)
    {
        var plan = Plan(inputs);
        if (output.Years != plan.Years || output.Paths != plan.Paths)
        {
            throw new ArgumentException($"The output holds {output.Paths} paths × {output.Years} years; the run needs {plan.Paths} × {plan.Years}.", nameof(output));
        }
        Simulate(plan, engine, laneWidth, output);
    }

    private static SimulationPlan Plan(GreenZoneInputs inputs)
    {
        var errors = inputs.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")), nameof(inputs));
        }
        return SimulationPlan.From(inputs);
    }

    /// <summary>Every element of <paramref name="output"/> is written, so reused room needs no clearing.</summary>
    private static void Simulate(SimulationPlan plan, GreenZoneEngine engine, int laneWidth, SimulatedPaths output)
    {
        if (laneWidth is not (0 or 1 or 2 or 4 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(laneWidth), "Lane width is 0 (automatic), 1, 2, 4 or 8.");
        }
        if (engine == GreenZoneEngine.Reference)
        {
            GreenZoneReference.Run(plan, output);
        }
        else
        {
            GreenZoneKernel.Run(plan, output, laneWidth);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static GreenZoneOutcome Summarise(GreenZoneInputs inputs, SimulationPlan plan, SimulatedPaths paths)
    {
        var n = plan.Paths;
        var years = plan.Years;
        var ranks = PercentileLevels.Select(p => ExactQuantiles.NearestRank(p, n)).ToArray();
        var means = new double[years];
        var quantiles = new double[years][];
        Parallel.For(0, years, y =>
        {
            means[y] = Mean(paths.YearEnd(y));
            quantiles[y] = ExactQuantiles.Select(paths.YearEnd(y), ranks);
        });

        var target = RealValueTargetAt(inputs, years);
        var targetDouble = (double)target;
        var grunnkapital = (double)inputs.GrunnkapitalNok;
        var terminal = paths.YearEnd(years - 1);
        var lowest = paths.LowestYearEnd;
        long kept = 0, lost = 0, lostAnyYear = 0;
        for (var p = 0; p < n; p++)
        {
            kept += terminal[p] > targetDouble ? 1 : 0;
            lost += terminal[p] < grunnkapital ? 1 : 0;
            lostAnyYear += lowest[p] < grunnkapital ? 1 : 0;
        }

        var yearRows = new List<YearDistribution>(years + 1);
        var start = inputs.MarketValueNok;
        var startBand = new PercentileBand(Nok(plan.StartValue), Nok(plan.StartValue), Nok(plan.StartValue), Nok(plan.StartValue), Nok(plan.StartValue));
        yearRows.Add(new YearDistribution(0, inputs.RealValueTargetNok, Money.Round(start), Money.Round(start), startBand, startBand));
        for (var y = 1; y <= years; y++)
        {
            var q = quantiles[y - 1];
            var level = plan.PriceLevel[y];
            yearRows.Add(new YearDistribution(
                y,
                Money.Round(RealValueTargetAt(inputs, y)),
                Nok(means[y - 1]),
                Nok(means[y - 1] / level),
                new PercentileBand(Nok(q[0]), Nok(q[1]), Nok(q[2]), Nok(q[3]), Nok(q[4])),
                new PercentileBand(Nok(q[0] / level), Nok(q[1] / level), Nok(q[2] / level), Nok(q[3] / level), Nok(q[4] / level))));
        }

        var realValueKept = Probability(kept, n);
        var last = yearRows[^1];
        return new GreenZoneOutcome(
            realValueKept,
            Probability(lost, n),
            Probability(lostAnyYear, n),
            Money.Round(target),
            last.ExpectedNok,
            last.ExpectedTodayNok,
            last.Nominal.P50Nok,
            last.Real.P50Nok,
            // "Over 80 %": compare the exact fraction kept/n with the threshold, not a rounded percentage.
            kept * 100m > inputs.GreenZoneThreshold.Percent * n ? GreenZoneStatus.Green : GreenZoneStatus.NotGreen,
            ToRate(PortfolioExpectedReturn(plan)),
            ToRate(PortfolioVolatility(plan)),
            yearRows);
    }

    /// <summary>The real-value target after <paramref name="years"/> years: today's target × (1 + inflation)^years, in decimal.</summary>
    public static decimal RealValueTargetAt(GreenZoneInputs inputs, int years)
    {
        var factor = 1m + inputs.Inflation.Fraction;
        var target = inputs.RealValueTargetNok;
        for (var y = 0; y < years; y++)
        {
            target *= factor;
        }
        return target;
    }

    /// <summary>E[simple annual return] of the strategic portfolio held for a year: Σ wᵢμᵢ (before costs).</summary>
    private static double PortfolioExpectedReturn(SimulationPlan plan)
    {
        var sum = 0.0;
        var stepsPerYear = plan.StepsPerYear;
        for (var i = 0; i < plan.Classes; i++)
        {
            // exp(drift·steps + σ²/2) − 1 recovers μᵢ net of costs from the plan.
            var variance = 0.0;
            for (var j = 0; j <= i; j++)
            {
                variance += plan.Loadings[i * plan.Classes + j] * plan.Loadings[i * plan.Classes + j];
            }
            sum += plan.Weights[i] * (DeterministicMath.Exp((plan.Drift[i] + 0.5 * variance) * stepsPerYear) - 1.0);
        }
        return sum;
    }

    /// <summary>√(wᵀΣw): the annual volatility of the portfolio's log return to first order.</summary>
    private static double PortfolioVolatility(SimulationPlan plan)
    {
        var k = plan.Classes;
        var variance = 0.0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var cov = 0.0;
                for (var m = 0; m <= Math.Min(i, j); m++)
                {
                    cov += plan.Loadings[i * k + m] * plan.Loadings[j * k + m];
                }
                variance += plan.Weights[i] * plan.Weights[j] * cov;
            }
        }
        return Math.Sqrt(variance * plan.StepsPerYear);
    }

    /// <summary>
    /// The mean in path order with four interleaved partial sums (a fixed order, so the same bits everywhere): sum j adds
    /// the values j, j + 4, j + 8, …, which is lane j of a four-lane vector sum — the same additions in the same order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Mean(ReadOnlySpan<double> values)
    {
        var sums = Vector256<double>.Zero;
        var i = 0;
        for (; i + 4 <= values.Length; i += 4)
        {
            sums += Vector256.Create(values.Slice(i, 4));
        }
        var s0 = sums[0];
        for (; i < values.Length; i++)
        {
            s0 += values[i];
        }
        return (s0 + sums[1] + (sums[2] + sums[3])) / values.Length;
    }

    private static ProbabilityEstimate Probability(long count, int n)
    {
        var p = (double)count / n;
        return new ProbabilityEstimate(count, n, ToRate(Math.Sqrt(p * (1 - p) / n)));
    }

    /// <summary>A double-precision fraction as a rate, to a millionth of a percentage point (the digits a double gives reliably here).</summary>
    private static Rate ToRate(double fraction) => Rate.FromPercent((decimal)Math.Round(fraction * 100.0, 6, MidpointRounding.AwayFromZero));

    /// <summary>Whole kroner (half away from zero); values beyond the range of NOK amounts are refused.</summary>
    private static decimal Nok(double value)
    {
        var rounded = Math.Round(value, MidpointRounding.AwayFromZero);
        if (!double.IsFinite(rounded) || Math.Abs(rounded) > 1e27)
        {
            throw new OverflowException("A simulated fund value is beyond the range of NOK amounts; check the assumptions.");
        }
        return (decimal)rounded;
    }
}

/// <summary>
/// Keeps the year-end values of the last run for the next one of the same size. A million paths over fifteen years is
/// 120 MB; fresh memory costs a page fault per 4 KB on first touch (about 70 ms of CPU here), reused memory none. One
/// set is kept, at most <see cref="MaxValues"/> values (128 MB: the 1 000 000 × 15-year benchmark run); a larger run's
/// values are freed as soon as it is summarised, and a run of another size frees the kept set — so the process holds at
/// most 128 MB between runs, whatever ran before.
/// </summary>
internal static class PathBuffers
{
    public const long MaxValues = 16_000_000;

    private static SimulatedPaths? _kept;

    /// <summary>The kept set when it fits this run exactly (then it is no longer kept), else null (and it is freed).</summary>
    public static SimulatedPaths? Take(int years, int paths)
    {
        var kept = Interlocked.Exchange(ref _kept, null);
        if (kept is not null && kept.Years == years && kept.Paths == paths)
        {
            return kept;
        }
        kept?.Dispose();
        return null;
    }

    /// <summary>Keeps <paramref name="paths"/> for the next run when small enough (freeing what was kept), else frees it.</summary>
    public static void Give(SimulatedPaths paths)
    {
        if ((paths.Years + 1L) * paths.Paths <= MaxValues)
        {
            Interlocked.Exchange(ref _kept, paths)?.Dispose();
        }
        else
        {
            paths.Dispose();
        }
    }
}
