using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Finance.Core.GreenZone;

/// <summary>
/// The fast simulation: paths in vector lanes (8 with AVX-512, 4 with AVX2, 2 otherwise), each lane with its own
/// xoshiro256** streams, normals by a vectorised ziggurat (<see cref="Ziggurat"/>) and the step's growth by a
/// vectorised exp — all from <see cref="LaneMath"/>, whose arithmetic is identical at every width. A group of lanes
/// draws a year's normals, then is carried through the year's steps in registers; only its year-end values are written. Paths are cut into fixed blocks of
/// <see cref="BlockSize"/> that run in parallel and write disjoint slices, so neither the thread count nor the vector
/// width can change a single bit of the output (the tests run every width and compare).
/// </summary>
internal static class GreenZoneKernel
{
    public const int BlockSize = 4096;

    /// <param name="plan">The run's per-step numbers.</param>
    /// <param name="output">Receives every path's year-end values.</param>
    /// <param name="laneWidth">0 = the widest the hardware accelerates; 8, 4, 2 or 1 to force a width (tests).</param>
    public static void Run(SimulationPlan plan, SimulatedPaths output, int laneWidth = 0)
    {
        var width = laneWidth != 0 ? laneWidth
            : Vector512.IsHardwareAccelerated ? 8
            : Vector256.IsHardwareAccelerated ? 4
            : Vector128.IsHardwareAccelerated ? 2 : 1;
        var blocks = (plan.Paths + BlockSize - 1) / BlockSize;
        Parallel.For(0, blocks, b =>
        {
            var start = b * BlockSize;
            var end = Math.Min(plan.Paths, start + BlockSize);
            // Widest groups first, the block's last paths at narrower widths down to one lane. Every width computes the
            // same bits, so the split cannot show in the results.
            if (width >= 8)
            {
                start = RunLanes<Lanes512>(plan, output, start, end);
            }
            if (width >= 4)
            {
                start = RunLanes<Lanes256>(plan, output, start, end);
            }
            if (width >= 2)
            {
                start = RunLanes<Lanes128>(plan, output, start, end);
            }
            RunLanes<Lanes1>(plan, output, start, end);
        });
    }

    /// <summary>
    /// Carries groups of <c>T.Count</c> paths through every step. Up to three classes are held in named locals rather
    /// than arrays so the JIT keeps them in registers; the operations and their order are exactly the reference's
    /// loops (shock = ((L₀z₀ + L₁z₁) + L₂z₂), total = ((v₀ + v₁) + v₂)).
    /// </summary>
    /// <returns>The first path not simulated: the rest of [start, end) is fewer than one group.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int RunLanes<T>(SimulationPlan plan, SimulatedPaths output, int start, int end) where T : unmanaged, ILanes<T>
    {
        var width = T.Count;
        var count = (end - start) / width * width;
        if (count == 0)
        {
            return start;
        }
        var k = plan.Classes;
        if (k is < 1 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(plan), "The kernel simulates one to three asset classes.");
        }
        var spy = plan.StepsPerYear;
        var years = plan.Years;
        var everyStep = plan.RebalanceEveryStep;
        Span<ulong> seeds = stackalloc ulong[4 * width];
        Span<Xoshiro256StarStar> auxiliary = stackalloc Xoshiro256StarStar[width];
        // One year's normals (step s, class c, lane l at (s·k + c)·width + l), their words and the lanes that missed.
        var draws = spy * k;
        Span<ulong> normals = stackalloc ulong[draws * width];
        Span<ulong> words = stackalloc ulong[draws * width];
        Span<byte> misses = stackalloc byte[draws];
        var edge = Ziggurat.Edge;

        var d0 = T.Real(plan.Drift[0]);
        var d1 = T.Real(k > 1 ? plan.Drift[1] : 0.0);
        var d2 = T.Real(k > 2 ? plan.Drift[2] : 0.0);
        var w0 = T.Real(plan.Weights[0]);
        var w1 = T.Real(k > 1 ? plan.Weights[1] : 0.0);
        var w2 = T.Real(k > 2 ? plan.Weights[2] : 0.0);
        var l00 = T.Real(plan.Loadings[0]);
        var l10 = T.Real(k > 1 ? plan.Loadings[k] : 0.0);
        var l11 = T.Real(k > 1 ? plan.Loadings[k + 1] : 0.0);
        var l20 = T.Real(k > 2 ? plan.Loadings[2 * k] : 0.0);
        var l21 = T.Real(k > 2 ? plan.Loadings[2 * k + 1] : 0.0);
        var l22 = T.Real(k > 2 ? plan.Loadings[2 * k + 2] : 0.0);
        var shape = new StepShape<T>(d0, d1, d2, l00, l10, l11, l20, l21, l22, w0, w1, w2);
        var zero = T.Real(0.0);
        var withdrawalFraction = T.Real(plan.WithdrawalFraction);
        var startValue = T.Real(plan.StartValue);

        for (var g = 0; g < count; g += width)
        {
            var first = start + g;
            for (var lane = 0; lane < width; lane++)
            {
                var (s0, s1, s2, s3) = Xoshiro256StarStar.PathState(plan.Seed, first + lane);
                seeds[lane] = s0;
                seeds[width + lane] = s1;
                seeds[2 * width + lane] = s2;
                seeds[3 * width + lane] = s3;
                auxiliary[lane] = Xoshiro256StarStar.AuxiliaryForPath(plan.Seed, first + lane);
            }
            var rng = new LaneRng<T>
            {
                S0 = T.LoadBits(ref seeds[0]),
                S1 = T.LoadBits(ref seeds[width]),
                S2 = T.LoadBits(ref seeds[2 * width]),
                S3 = T.LoadBits(ref seeds[3 * width]),
            };
            var v0 = T.Mul(w0, startValue);
            var v1 = T.Mul(w1, startValue);
            var v2 = T.Mul(w2, startValue);
            var lowest = T.Real(double.PositiveInfinity);

            for (var year = 0; year < years; year++)
            {
                // The year's normals, then its steps (rebalanced after each but the last when monthly), then the year end.
                LaneMath.Normals(ref rng, auxiliary, normals, words, misses, draws, edge);
                switch (k)
                {
                    case 1: Year1(normals, ref v0, in shape, spy); break;
                    case 2: Year2(normals, ref v0, ref v1, in shape, spy, everyStep); break;
                    default: Year3(normals, ref v0, ref v1, ref v2, in shape, spy, everyStep); break;
                }
                var total = k == 1 ? v0 : k == 2 ? T.Add(v0, v1) : T.Add(T.Add(v0, v1), v2);
                // Withdrawal at the year end, never more than the fund holds; then back to the strategic weights.
                total = T.Sub(T.Sub(total, T.Mul(total, withdrawalFraction)), T.Real(plan.WithdrawalAmount[year]));
                total = T.Select(T.Less(total, zero), zero, total);
                T.StoreReal(total, ref output.YearEnd(year)[first]);
                lowest = T.Select(T.Less(total, lowest), total, lowest);
                v0 = T.Mul(w0, total);
                v1 = T.Mul(w1, total);
                v2 = T.Mul(w2, total);
            }
            T.StoreReal(lowest, ref output.LowestYearEnd[first]);
        }
        return start + count;
    }

    /// <summary>
    /// The steps of one year: take the step's normals (one per class), correlate them (shock = L·z), grow each class by
    /// exp(drift + shock) — by <see cref="LaneMath.ExpNearZero{T}"/> when every lane's exponent is near zero, as a monthly
    /// step's nearly always is, which gives the same bits as the full exp with less work — and after every step but the
    /// year's last, rebalance when monthly. One method per class count, each small enough that
    /// the JIT inlines all of <see cref="LaneMath"/> into it (the inlining budget is per method; a bigger method gets
    /// calls instead of inlined vector code), with the state in registers for the whole year.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Year1<T>(ReadOnlySpan<ulong> normals, ref T value0, in StepShape<T> c, int steps) where T : unmanaged, ILanes<T>
    {
        var w = T.Count;
        var v0 = value0;
        for (var step = 0; step < steps; step++)
        {
            var x0 = T.Add(c.D0, T.Mul(c.L00, Draw<T>(normals, step)));
            v0 = T.Mul(v0, LaneMath.NotNearZero(x0) == 0 ? LaneMath.ExpNearZero(x0) : LaneMath.ExpInRange(x0));
        }
        value0 = v0;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Year2<T>(ReadOnlySpan<ulong> normals, ref T value0, ref T value1, in StepShape<T> c, int steps, bool rebalance)
        where T : unmanaged, ILanes<T>
    {
        var w = T.Count;
        var v0 = value0;
        var v1 = value1;
        for (var step = 0; step < steps; step++)
        {
            var z0 = Draw<T>(normals, 2 * step);
            var z1 = Draw<T>(normals, 2 * step + 1);
            var x0 = T.Add(c.D0, T.Mul(c.L00, z0));
            var x1 = T.Add(c.D1, T.Add(T.Mul(c.L10, z0), T.Mul(c.L11, z1)));
            if ((LaneMath.NotNearZero(x0) | LaneMath.NotNearZero(x1)) == 0)
            {
                v0 = T.Mul(v0, LaneMath.ExpNearZero(x0));
                v1 = T.Mul(v1, LaneMath.ExpNearZero(x1));
            }
            else
            {
                v0 = T.Mul(v0, LaneMath.ExpInRange(x0));
                v1 = T.Mul(v1, LaneMath.ExpInRange(x1));
            }
            if (rebalance && step < steps - 1)
            {
                var total = T.Add(v0, v1);
                v0 = T.Mul(c.W0, total);
                v1 = T.Mul(c.W1, total);
            }
        }
        value0 = v0;
        value1 = v1;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Year3<T>(ReadOnlySpan<ulong> normals, ref T v0, ref T v1, ref T v2, in StepShape<T> c, int steps, bool rebalance)
        where T : unmanaged, ILanes<T>
    {
        var w = T.Count;
        for (var step = 0; step < steps; step++)
        {
            var z0 = Draw<T>(normals, 3 * step);
            var z1 = Draw<T>(normals, 3 * step + 1);
            var z2 = Draw<T>(normals, 3 * step + 2);
            var x0 = T.Add(c.D0, T.Mul(c.L00, z0));
            var x1 = T.Add(c.D1, T.Add(T.Mul(c.L10, z0), T.Mul(c.L11, z1)));
            var x2 = T.Add(c.D2, T.Add(T.Add(T.Mul(c.L20, z0), T.Mul(c.L21, z1)), T.Mul(c.L22, z2)));
            if ((LaneMath.NotNearZero(x0) | LaneMath.NotNearZero(x1) | LaneMath.NotNearZero(x2)) == 0)
            {
                v0 = T.Mul(v0, ExpNearZeroOf(x0));
                v1 = T.Mul(v1, ExpNearZeroOf(x1));
                v2 = T.Mul(v2, ExpNearZeroOf(x2));
            }
            else
            {
                v0 = T.Mul(v0, ExpOf(x0));
                v1 = T.Mul(v1, ExpOf(x1));
                v2 = T.Mul(v2, ExpOf(x2));
            }
            if (rebalance && step < steps - 1)
            {
                var total = T.Add(T.Add(v0, v1), v2);
                v0 = T.Mul(c.W0, total);
                v1 = T.Mul(c.W1, total);
                v2 = T.Mul(c.W2, total);
            }
        }
    }

    /// <summary>The lanes' normals of draw <paramref name="draw"/> of the year (step s, class c: draw s·k + c).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Draw<T>(ReadOnlySpan<ulong> normals, int draw) where T : unmanaged, ILanes<T> =>
        T.LoadBits(ref MemoryMarshal.GetReference(normals.Slice(draw * T.Count, T.Count)));

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static T ExpOf<T>(T x) where T : unmanaged, ILanes<T> => LaneMath.ExpInRange(x);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static T ExpNearZeroOf<T>(T x) where T : unmanaged, ILanes<T> => LaneMath.ExpNearZero(x);

    /// <summary>The per-step drifts and Cholesky loadings, splatted across the lanes.</summary>
    private readonly record struct StepShape<T>(T D0, T D1, T D2, T L00, T L10, T L11, T L20, T L21, T L22, T W0, T W1, T W2) where T : unmanaged, ILanes<T>;
}

/// <summary>
/// The plain reference: one path at a time, one step at a time, with <see cref="Math.Log(double)"/>,
/// <see cref="Math.Exp"/>, the scalar <see cref="Xoshiro256StarStar"/> and the ziggurat written out as in the paper (on
/// <see cref="Ziggurat"/>'s tables). It draws the same words as the fast kernel, so the two agree path by path to
/// rounding (about 1e-13 relative); it exists to be obviously right, not fast.
/// </summary>
internal static class GreenZoneReference
{
    public static void Run(SimulationPlan plan, SimulatedPaths output)
    {
        var k = plan.Classes;
        var z = new double[k];
        var value = new double[k];
        for (var path = 0; path < plan.Paths; path++)
        {
            var rng = Xoshiro256StarStar.ForPath(plan.Seed, path);
            var auxiliary = Xoshiro256StarStar.AuxiliaryForPath(plan.Seed, path);
            for (var i = 0; i < k; i++)
            {
                value[i] = plan.Weights[i] * plan.StartValue;
            }
            var lowest = double.PositiveInfinity;
            for (var year = 0; year < plan.Years; year++)
            {
                for (var step = 0; step < plan.StepsPerYear; step++)
                {
                    for (var i = 0; i < k; i++)
                    {
                        z[i] = Normal(rng.Next(), ref auxiliary);
                    }
                    for (var i = 0; i < k; i++)
                    {
                        var shock = plan.Loadings[i * k] * z[0];
                        for (var j = 1; j <= i; j++)
                        {
                            shock += plan.Loadings[i * k + j] * z[j];
                        }
                        value[i] *= Math.Exp(plan.Drift[i] + shock);
                    }
                    var yearEnd = step == plan.StepsPerYear - 1;
                    if (yearEnd || plan.RebalanceEveryStep)
                    {
                        var total = 0.0;
                        for (var i = 0; i < k; i++)
                        {
                            total += value[i];
                        }
                        if (yearEnd)
                        {
                            total = Math.Max(0.0, total - total * plan.WithdrawalFraction - plan.WithdrawalAmount[year]);
                            output.YearEnd(year)[path] = total;
                            lowest = Math.Min(lowest, total);
                        }
                        for (var i = 0; i < k; i++)
                        {
                            value[i] = plan.Weights[i] * total;
                        }
                    }
                }
            }
            output.LowestYearEnd[path] = lowest;
        }
    }

    /// <summary>
    /// Marsaglia &amp; Tsang's ziggurat on the main-stream word u: layer i from its low 11 bits, the sign from bit 11, x = U·xᵢ
    /// with U from the top 52 bits; accept x under xᵢ₊₁; otherwise, from the auxiliary stream, draw from the tail (layer 0)
    /// or accept when a uniform height in the wedge is under e^(−x²/2), else draw a new normal.
    /// </summary>
    private static double Normal(ulong u, ref Xoshiro256StarStar auxiliary)
    {
        var edge = Ziggurat.Edges;
        var height = Ziggurat.Heights;
        var layer = (int)(u % Ziggurat.Layers);
        var sign = ((u >> Ziggurat.SignBit) & 1) == 1 ? -1.0 : 1.0;
        var x = (u >> 12) / 4503599627370496.0 * edge[layer];
        if (x < edge[layer + 1])
        {
            return sign * x;
        }
        if (layer == 0)
        {
            while (true)
            {
                var a = -Math.Log(DeterministicMath.UniformOpenClosed(auxiliary.Next())) / Ziggurat.R;
                var b = -Math.Log(DeterministicMath.UniformOpenClosed(auxiliary.Next()));
                if (2 * b > a * a)
                {
                    return sign * (Ziggurat.R + a);
                }
            }
        }
        var y = height[layer] + DeterministicMath.UniformClosedOpen(auxiliary.Next()) * (height[layer + 1] - height[layer]);
        return y < Math.Exp(-0.5 * x * x) ? sign * x : Normal(auxiliary.Next(), ref auxiliary);
    }
}
