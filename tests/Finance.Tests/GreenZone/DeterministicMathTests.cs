using Finance.Core.GreenZone;
using MathNet.Numerics.Distributions;

namespace Finance.Tests.GreenZone;

/// <summary>The fdlibm kernels against <see cref="Math"/>, and the normal generator against Φ.</summary>
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

    [Fact]
    public void Box_Muller_pairs_agree_with_the_textbook_formula()
    {
        var rng = Xoshiro256StarStar.ForPath(2, 0);
        for (var i = 0; i < 100_000; i++)
        {
            var a = rng.Next();
            var b = rng.Next();
            var (z0, z1) = DeterministicMath.NormalPair(a, b);
            var radius = Math.Sqrt(-2 * Math.Log(DeterministicMath.UniformOpenClosed(a)));
            var (sin, cos) = Math.SinCos(2 * Math.PI * DeterministicMath.UniformClosedOpen(b));
            Assert.True(Math.Abs(z0 - radius * cos) <= 1e-14 * Math.Max(1, radius), $"{z0} vs {radius * cos}");
            Assert.True(Math.Abs(z1 - radius * sin) <= 1e-14 * Math.Max(1, radius), $"{z1} vs {radius * sin}");
        }
    }

    /// <summary>
    /// 1 000 000 draws with a fixed seed: mean 0 and variance 1 within 4 standard errors, the Kolmogorov–Smirnov distance
    /// to Φ below the 1 % critical value 1.628/√n, and a chi-square test on 100 equiprobable bins below its 0.1 % quantile.
    /// </summary>
    [Fact]
    public void The_normal_generator_is_standard_normal()
    {
        const int n = 1_000_000;
        var z = new double[n];
        for (var i = 0; i < n / 2; i++)
        {
            var rng = Xoshiro256StarStar.ForPath(20251231, i);
            (z[2 * i], z[2 * i + 1]) = DeterministicMath.NormalPair(rng.Next(), rng.Next());
        }
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
        var x = a.Next();
        Assert.Equal(x, b.Next());
        Assert.NotEqual(x, c.Next());
        Assert.NotEqual(x, d.Next());
    }
}
