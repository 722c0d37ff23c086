using System.Runtime.InteropServices;
using Finance.Core.Common;

namespace Finance.Core.GreenZone;

/// <summary>Time step of the simulation: one year, or one month (twelve per year).</summary>
public enum StepFrequency
{
    Annual,
    Monthly,
}

/// <summary>How often the portfolio is brought back to the strategic weights: after every monthly step, or at each year end.</summary>
public enum Rebalancing
{
    Monthly,
    Yearly,
}

/// <summary>The yearly withdrawal to the municipality (uttak), taken at each year end after the year's return.</summary>
public enum WithdrawalKind
{
    /// <summary>No withdrawal.</summary>
    None,

    /// <summary>The same nominal amount every year (2025: 69.6 MNOK).</summary>
    FixedNominal,

    /// <summary>The amount in today's kroner, growing with inflation: amount × (1 + inflation)^year.</summary>
    FixedReal,

    /// <summary>A percentage of the fund's value at the year end.</summary>
    PercentOfValue,
}

/// <summary>The withdrawal rule; <see cref="AmountNok"/> is used by the fixed kinds, <see cref="Share"/> (of the year-end value) by percent-of-value.</summary>
public sealed record WithdrawalRule(WithdrawalKind Kind, decimal AmountNok, Rate Share)
{
    public static WithdrawalRule None { get; } = new(WithdrawalKind.None, 0m, Rate.Zero);
}

/// <summary>
/// One asset class in the simulation: its weight in the strategy, its expected simple annual return
/// <c>E[1 + R] − 1</c>, and its volatility, the annual standard deviation of its log return.
/// </summary>
public sealed record ClassAssumption(AssetClass AssetClass, Rate Weight, Rate ExpectedReturn, Rate Volatility);

/// <summary>The correlation of two asset classes' log returns.</summary>
public sealed record ClassCorrelation(AssetClass A, AssetClass B, decimal Rho);

/// <summary>
/// Everything one green-zone run depends on. Money in NOK, rates as <see cref="Rate"/>. <see cref="Validate"/> states every
/// rule; <see cref="GreenZoneSimulation.Run"/> refuses inputs that break one.
/// </summary>
public sealed record GreenZoneInputs(
    decimal MarketValueNok,
    decimal RealValueTargetNok,
    decimal GrunnkapitalNok,
    int HorizonYears,
    int Paths,
    long Seed,
    StepFrequency Steps,
    Rebalancing Rebalancing,
    Rate Inflation,
    WithdrawalRule Withdrawal,
    IReadOnlyList<ClassAssumption> Classes,
    IReadOnlyList<ClassCorrelation> Correlations,
    Rate Cost,
    Rate GreenZoneThreshold)
{
    public const int MaxPaths = 2_000_000;
    public const int MaxHorizonYears = 50;

    /// <summary>
    /// Every year-end value of every path is kept for the exact percentiles (8 bytes each): at most 30 million values
    /// (240 MB), e.g. 2 000 000 paths × 15 years or 600 000 paths × 50 years.
    /// </summary>
    public const long MaxPathYears = 30_000_000;

    /// <summary>The largest amount accepted: 10¹⁵ NOK.</summary>
    public const decimal MaxAmountNok = 1_000_000_000_000_000m;

    /// <summary>The rule violations as (field, message), with the API's field names; empty when the inputs are valid.</summary>
    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var errors = new List<(string, string)>();
        void When(bool failed, string field, string message)
        {
            if (failed)
            {
                errors.Add((field, message));
            }
        }

        When(MarketValueNok <= 0m || MarketValueNok > MaxAmountNok, "marketValueNok", "The fund's market value must be positive (and at most 10¹⁵ NOK).");
        When(RealValueTargetNok <= 0m || RealValueTargetNok > MaxAmountNok, "realValueTargetNok", "The real-value target must be positive (and at most 10¹⁵ NOK).");
        When(GrunnkapitalNok < 0m || GrunnkapitalNok > MaxAmountNok, "grunnkapitalNok", "Grunnkapital must be zero or positive (and at most 10¹⁵ NOK).");
        When(HorizonYears is < 1 or > MaxHorizonYears, "horizonYears", $"The horizon is 1 to {MaxHorizonYears} years.");
        When(Paths is < 1 or > MaxPaths, "paths", $"Paths is 1 to {MaxPaths:N0}.");
        When(Paths >= 1 && HorizonYears >= 1 && (long)Paths * HorizonYears > MaxPathYears, "paths",
            $"paths × horizonYears is at most {MaxPathYears:N0} (every path's year-end values are kept for exact percentiles).");
        When(Seed < 0, "seed", "The seed is a non-negative integer.");
        When(Steps == StepFrequency.Annual && Rebalancing == Rebalancing.Monthly, "rebalancing", "Monthly rebalancing needs monthly steps.");
        When(Inflation.Percent <= -100m || Inflation.Percent > 100m, "inflationPct", "Inflation is above −100 % and at most 100 %.");
        When(Cost.Percent < 0m || Cost.Percent >= 100m, "costPct", "Annual costs are at least 0 % and below 100 %.");
        When(GreenZoneThreshold.Percent < 0m || GreenZoneThreshold.Percent > 100m, "greenZoneThresholdPct", "The threshold is a probability in percent, 0 to 100.");
        switch (Withdrawal.Kind)
        {
            case WithdrawalKind.FixedNominal or WithdrawalKind.FixedReal:
                When(Withdrawal.AmountNok < 0m || Withdrawal.AmountNok > MaxAmountNok, "withdrawal.amountNok", "The withdrawal is zero or a positive amount (at most 10¹⁵ NOK).");
                break;
            case WithdrawalKind.PercentOfValue:
                When(Withdrawal.Share.Percent < 0m || Withdrawal.Share.Percent > 100m, "withdrawal.pct", "The withdrawal percentage is 0 to 100.");
                break;
        }

        When(Classes.Count == 0, "assetClasses", "At least one asset class is needed.");
        When(Classes.Select(c => c.AssetClass).Distinct().Count() != Classes.Count, "assetClasses", "Each asset class appears once.");
        for (var i = 0; i < Classes.Count; i++)
        {
            var c = Classes[i];
            When(c.Weight.Percent < 0m || c.Weight.Percent > 100m, $"assetClasses[{i}].weightPct", "A weight is 0 to 100 %.");
            When(c.ExpectedReturn.Percent <= -100m || c.ExpectedReturn.Percent > 100m, $"assetClasses[{i}].expectedReturnPct", "The expected return is above −100 % and at most 100 %.");
            When(c.Volatility.Percent < 0m || c.Volatility.Percent > 100m, $"assetClasses[{i}].volatilityPct", "The volatility is 0 to 100 %.");
        }
        var weightSum = Classes.Sum(c => c.Weight.Percent);
        When(Classes.Count > 0 && Math.Abs(weightSum - 100m) > 0.000001m, "assetClasses", $"The weights must add to 100 % (they add to {weightSum} %).");

        var known = Classes.Select(c => c.AssetClass).ToHashSet();
        var seen = new Dictionary<(AssetClass, AssetClass), decimal>();
        for (var i = 0; i < Correlations.Count; i++)
        {
            var r = Correlations[i];
            When(r.Rho < -1m || r.Rho > 1m, $"correlations[{i}].rho", "A correlation is between −1 and 1.");
            When(r.A == r.B, $"correlations[{i}]", "A correlation is between two different classes (a class's correlation with itself is 1).");
            When(!known.Contains(r.A) || !known.Contains(r.B), $"correlations[{i}]", "Both classes must be among the simulated asset classes.");
            var key = r.A < r.B ? (r.A, r.B) : (r.B, r.A);
            if (seen.TryGetValue(key, out var earlier))
            {
                When(earlier != r.Rho, "correlations", $"The matrix must be symmetric: {r.A}/{r.B} is given as both {earlier} and {r.Rho}.");
            }
            else
            {
                seen[key] = r.Rho;
            }
        }
        if (errors.Count == 0 && Cholesky.Factor(CorrelationMatrix(), out _) is false)
        {
            errors.Add(("correlations", "The correlation matrix is not positive semi-definite (no set of returns can have these correlations)."));
        }
        return errors;
    }

    /// <summary>The correlation matrix of <see cref="Classes"/> in their order (1 on the diagonal, 0 where not given).</summary>
    public double[,] CorrelationMatrix()
    {
        var n = Classes.Count;
        var m = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            m[i, i] = 1.0;
        }
        foreach (var r in Correlations)
        {
            var i = IndexOf(r.A);
            var j = IndexOf(r.B);
            if (i >= 0 && j >= 0 && i != j)
            {
                m[i, j] = m[j, i] = (double)r.Rho;
            }
        }
        return m;
    }

    private int IndexOf(AssetClass c)
    {
        for (var i = 0; i < Classes.Count; i++)
        {
            if (Classes[i].AssetClass == c)
            {
                return i;
            }
        }
        return -1;
    }
}

/// <summary>"green" while the probability of keeping the real value is over the policy's threshold.</summary>
public enum GreenZoneStatus
{
    Green,
    NotGreen,
}

/// <summary>Five percentiles of a distribution of fund values in NOK (nearest rank: the ⌈p·n⌉-th smallest of n paths).</summary>
public sealed record PercentileBand(decimal P5Nok, decimal P25Nok, decimal P50Nok, decimal P75Nok, decimal P95Nok);

/// <summary>
/// The fund at one year end (year 0 = the start): its real-value target, the mean over paths, and the percentile bands in
/// nominal kroner and in today's kroner (divided by (1 + inflation)^year).
/// </summary>
public sealed record YearDistribution(
    int Year,
    decimal RealValueTargetNok,
    decimal ExpectedNok,
    decimal ExpectedTodayNok,
    PercentileBand Nominal,
    PercentileBand Real);

/// <summary>
/// A probability estimated from the paths — <see cref="Count"/> of <see cref="Paths"/>, exactly — with its Monte Carlo
/// standard error √(p(1 − p)/n), computed in double precision and kept to 10⁻⁸ (a millionth of a percentage point).
/// </summary>
public sealed record ProbabilityEstimate(long Count, int Paths, Rate StandardError)
{
    /// <summary>The share of the paths, <see cref="Count"/>/<see cref="Paths"/>, unrounded.</summary>
    public Rate Probability => new((decimal)Count / Paths);
}

/// <summary>
/// The outcome of a run: double-precision statistics converted once to NOK (whole kroner) and to rates (to 10⁻⁸); the
/// answers round the percentages for display.
/// </summary>
public sealed record GreenZoneOutcome(
    ProbabilityEstimate RealValueKept,
    ProbabilityEstimate BufferLost,
    ProbabilityEstimate BufferLostAnyYear,
    decimal RealValueTargetAtHorizonNok,
    decimal ExpectedMarketValueNok,
    decimal ExpectedMarketValueTodayNok,
    decimal MedianMarketValueNok,
    decimal MedianMarketValueTodayNok,
    GreenZoneStatus Zone,
    Rate PortfolioExpectedReturn,
    Rate PortfolioVolatility,
    IReadOnlyList<YearDistribution> Years);

/// <summary>
/// The year-end fund values of every path — <c>YearEnd(y − 1)[p]</c> for years 1..H — and each path's lowest year end,
/// in one block of native memory that <see cref="Dispose"/> frees.
/// <para>Why not arrays: a 2 000 000-path run needs 256 MB; as managed arrays that is a large-object-heap allocation the
/// garbage collector keeps committed after the run (measured: the API's RSS grew 254 → 472 → 625 MB over three such
/// runs and stayed). A block this large is its own mapping, which the C library returns to the system the moment it is
/// freed, so the process is back to its size before the run.</para>
/// </summary>
public sealed unsafe class SimulatedPaths : IDisposable
{
    private double* _values;

    /// <summary>Uninitialised room for <paramref name="paths"/> paths over <paramref name="years"/> years.</summary>
    public SimulatedPaths(int years, int paths)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(years);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(paths);
        Years = years;
        Paths = paths;
        // 64-byte aligned: the kernel's 8-lane stores then never straddle a cache line.
        _values = (double*)NativeMemory.AlignedAlloc((nuint)((years + 1L) * paths * sizeof(double)), 64);
    }

    public int Years { get; }

    public int Paths { get; }

    /// <summary>Every path's value at the end of year <paramref name="yearIndex"/> + 1.</summary>
    public Span<double> YearEnd(int yearIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(yearIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(yearIndex, Years);
        return new Span<double>(Values + (long)yearIndex * Paths, Paths);
    }

    /// <summary>Every path's lowest year-end value.</summary>
    public Span<double> LowestYearEnd => new(Values + (long)Years * Paths, Paths);

    private double* Values => _values != null ? _values : throw new ObjectDisposedException(nameof(SimulatedPaths));

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    /// <summary>A forgotten <see cref="Dispose"/> still frees the memory (later).</summary>
    ~SimulatedPaths() => Free();

    private void Free()
    {
        NativeMemory.AlignedFree(_values);
        _values = null;
    }
}

/// <summary>The fast vectorised kernel or the plain scalar reference it is tested against.</summary>
public enum GreenZoneEngine
{
    Fast,
    Reference,
}
