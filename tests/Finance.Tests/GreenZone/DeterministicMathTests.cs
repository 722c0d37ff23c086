using Finance.Core.GreenZone;
using MathNet.Numerics.Distributions;

namespace Finance.Tests.GreenZone;

/// <summary>The fdlibm kernels against <see cref="Math"/>, the ziggurat's tables, and the normal generator against Φ.</summary>
public class DeterministicMathTests
{
    private static double Ulps(double a, double b) => Math.Abs(a - b) / Math.Max(double.Epsilon, Math.BitIncrement(Math.Abs(b)) - Math.Abs(b));

    [Fact]
    public void Log_and_exp_agree_with_the_runtime_to_about_one_ulp()
    {
        var rng = Xoshiro256StarStar.ForPath(1, 0);
        var worstLog = 0.0;
        var worstExp = 0.0;
        for (var i = 0; i < 200_000; i++)
        {
            var u = DeterministicMath.UniformOpenClosed(rng.Next());
            worstLog = Math.Max(worstLog, Ulps(DeterministicMath.Log(u), Math.Log(u)));
            var x = (DeterministicMath.UniformClosedOpen(rng.Next()) - 0.5) * 80;
            worstExp = Math.Max(worstExp, Ulps(DeterministicMath.Exp(x), Math.Exp(x)));
        }
        foreach (var x in new[] { 1.0, 2.0, 0.5, 1e-300, 1.5, Math.Sqrt(2), 1.0 + 1e-15, 123456.789 })
        {
            worstLog = Math.Max(worstLog, Ulps(DeterministicMath.Log(x), Math.Log(x)));
        }
        Assert.True(worstLog <= 2, $"log: {worstLog} ulp");
        Assert.True(worstExp <= 2, $"exp: {worstExp} ulp");
        Assert.Equal(0.0, DeterministicMath.Log(1.0));
        Assert.Equal(1.0, DeterministicMath.Exp(0.0));
    }

    /// <summary>
    /// The kernel's shortcut for small exponents is the full exp bit for bit wherever it is used (|x| &lt; 0.34): random
    /// x over the whole range, both zeros, the smallest numbers, and the edges of the range — at one lane and at the
    /// widest, so the shortcut's branch cannot change a single result. Outside the range the kernel takes the full exp.
    /// </summary>
    [Fact]
    public void Exp_near_zero_is_the_full_exp_bit_for_bit()
    {
        var rng = Xoshiro256StarStar.ForPath(2, 0);
        var xs = new List<double> { 0.0, -0.0, double.Epsilon, -double.Epsilon, 1e-300, -1e-300, 1e-17, -1e-17,
            Math.BitDecrement(LaneMath.NearZero), -Math.BitDecrement(LaneMath.NearZero), 0.1, -0.1, 0.33, -0.33 };
        for (var i = 0; i < 1_000_000; i++)
        {
            xs.Add((DeterministicMath.UniformClosedOpen(rng.Next()) * 2 - 1) * LaneMath.NearZero);
        }
        foreach (var x in xs)
        {
            Assert.Equal(0, LaneMath.NotNearZero(Lanes1.Real(x)));
            Assert.Equal(Bits(LaneMath.ExpInRange(Lanes1.Real(x))), Bits(LaneMath.ExpNearZero(Lanes1.Real(x))));
        }
        for (var i = 0; i + 8 <= xs.Count; i += 8)
        {
            var bits = xs.Skip(i).Take(8).Select(BitConverter.DoubleToUInt64Bits).ToArray();
            var lanes = Lanes512.LoadBits(ref bits[0]);
            var full = new ulong[8];
            var near = new ulong[8];
            Lanes512.StoreBits(LaneMath.ExpInRange(lanes), ref full[0]);
            Lanes512.StoreBits(LaneMath.ExpNearZero(lanes), ref near[0]);
            Assert.Equal(full, near);
        }
        Assert.NotEqual(0, LaneMath.NotNearZero(Lanes1.Real(LaneMath.NearZero)));
        Assert.NotEqual(0, LaneMath.NotNearZero(Lanes1.Real(-0.5)));
    }

    private static ulong Bits(Lanes1 value)
    {
        ulong bits = 0;
        Lanes1.StoreBits(value, ref bits);
        return bits;
    }

    /// <summary>
    /// The ziggurat's tables against their defining equations (f(x) = e^(−x²/2)): x₁ = R, every layer i ≥ 1 has the area
    /// xᵢ·(f(xᵢ₊₁) − f(xᵢ)) = V, the base layer x₀·f(R) = V, and V = R·f(R) + ∫_R^∞ f (here from MathNet's erfc:
    /// √(π/2)·erfc(R/√2)). The top layer closes at f = 1 to the accuracy of R. The fast path takes
    /// mean(xᵢ₊₁/xᵢ) = 99.77 % of draws (a hand calculation with the same recursion gives 0.997729).
    /// </summary>
    [Fact]
    public void The_ziggurat_layers_have_equal_areas()
    {
        static double F(double x) => Math.Exp(-0.5 * x * x);
        var x = Ziggurat.Edges;
        var h = Ziggurat.Heights;
        var v = Ziggurat.V;
        var tail = Math.Sqrt(Math.PI / 2) * MathNet.Numerics.SpecialFunctions.Erfc(Ziggurat.R / Math.Sqrt(2));
        Assert.Equal(Ziggurat.R * F(Ziggurat.R) + tail, v, 1e-15);
        Assert.Equal(0.0006126065176240485, v, 1e-15);
        Assert.Equal(Ziggurat.Layers + 1, x.Length);
        Assert.Equal(Ziggurat.R, x[1]);
        Assert.Equal(v, x[0] * F(Ziggurat.R), 1e-17);
        for (var i = 1; i < Ziggurat.Layers - 1; i++)
        {
            Assert.True(x[i + 1] < x[i]);
            Assert.True(Math.Abs(x[i] * (h[i + 1] - h[i]) / v - 1) < 1e-10, $"layer {i}");
            Assert.Equal(F(x[i]), h[i], 1e-15);
        }
        Assert.True(Math.Abs(x[Ziggurat.Layers - 1] * (1 - h[Ziggurat.Layers - 1]) / v - 1) < 1e-9, "the top layer closes at 1");
        Assert.Equal(0.0, x[Ziggurat.Layers]);
        var fast = 0.0;
        for (var i = 0; i < Ziggurat.Layers; i++)
        {
            fast += x[i + 1] / x[i];
        }
        Assert.Equal(0.997729, fast / Ziggurat.Layers, 1e-6);
    }

    /// <summary>
    /// 1 000 000 draws with a fixed seed: mean 0 and variance 1 within 4 standard errors, the Kolmogorov–Smirnov distance
    /// to Φ below the 1 % critical value 1.628/√n, a chi-square test on 100 equiprobable bins below its 0.1 % quantile, and
    /// the count beyond ±R (the ziggurat's tail: expected n·2Φ(−R) = 24.8) within 4 Poisson standard deviations.
    /// </summary>
    [Fact]
    public void The_normal_generator_is_standard_normal()
    {
        const int n = 1_000_000;
        var z = new double[n];
        for (var i = 0; i < n / 2; i++)
        {
            var main = Xoshiro256StarStar.ForPath(20251231, i);
            var auxiliary = Xoshiro256StarStar.AuxiliaryForPath(20251231, i);
            z[2 * i] = DeterministicMath.StandardNormal(ref main, ref auxiliary);
            z[2 * i + 1] = DeterministicMath.StandardNormal(ref main, ref auxiliary);
        }
        var expectedTail = n * 2 * Normal.CDF(0, 1, -Ziggurat.R);
        Assert.InRange(z.Count(x => Math.Abs(x) > Ziggurat.R), expectedTail - 4 * Math.Sqrt(expectedTail), expectedTail + 4 * Math.Sqrt(expectedTail));
        var mean = z.Average();
        var variance = z.Select(x => (x - mean) * (x - mean)).Sum() / (n - 1);
        Assert.InRange(mean, -4 / Math.Sqrt(n), 4 / Math.Sqrt(n));
        Assert.InRange(variance, 1 - 4 * Math.Sqrt(2.0 / n), 1 + 4 * Math.Sqrt(2.0 / n));

        Array.Sort(z);
        var d = 0.0;
        for (var i = 0; i < n; i++)
        {
            var f = Normal.CDF(0, 1, z[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / n - f, f - (double)i / n));
        }
        Assert.True(d < 1.628 / Math.Sqrt(n), $"KS distance {d}");

        const int bins = 100;
        var counts = new int[bins];
        foreach (var x in z)
        {
            counts[Math.Min(bins - 1, (int)(Normal.CDF(0, 1, x) * bins))]++;
        }
        var chi2 = counts.Sum(c => (c - (double)n / bins) * (c - (double)n / bins) / ((double)n / bins));
        Assert.True(chi2 < ChiSquared.InvCDF(bins - 1, 0.999), $"chi-square {chi2}");
    }

    [Fact]
    public void Path_streams_depend_on_seed_and_path_only()
    {
        var a = Xoshiro256StarStar.ForPath(7, 123);
        var b = Xoshiro256StarStar.ForPath(7, 123);
        var c = Xoshiro256StarStar.ForPath(7, 124);
        var d = Xoshiro256StarStar.ForPath(8, 123);
        var e = Xoshiro256StarStar.AuxiliaryForPath(7, 123);
        var x = a.Next();
        Assert.Equal(x, b.Next());
        Assert.NotEqual(x, c.Next());
        Assert.NotEqual(x, d.Next());
        Assert.NotEqual(x, e.Next());
    }
}
