using System.Runtime.CompilerServices;

namespace Finance.Core.GreenZone;

/// <summary>
/// The elementary functions of the simulation, defined by their arithmetic so that every machine and every vector width
/// computes the same bits. <see cref="Math.Log(double)"/>, <see cref="Math.Exp"/> and <see cref="Math.SinCos"/> call the
/// platform's C library, which may differ by an ulp between systems, and the hardware-vector versions differ again; a run
/// that must be reproducible bit for bit by an auditor on another machine cannot use them.
/// The algorithms are fdlibm's (Sun Microsystems, 1993; the basis of most C libraries): <c>e_log.c</c>, <c>e_exp.c</c>,
/// <c>k_sin.c</c>, <c>k_cos.c</c>, written with add, subtract, multiply, divide and bit operations only (no fused
/// multiply-add, whose single rounding would change the result). They are accurate to about one ulp; the tests compare
/// them with <see cref="Math"/> over their whole input range.
/// </summary>
public static class DeterministicMath
{
    /// <summary>Natural logarithm of a positive, finite, normal <paramref name="x"/>.</summary>
    public static double Log(double x) => D(LaneMath.Log(Lanes1.Real(x)));

    /// <summary><c>e^x</c>; the argument is clamped to [−708, 709] (results stay finite and normal).</summary>
    public static double Exp(double x) => D(LaneMath.Exp(Lanes1.Real(x)));

    /// <summary>
    /// Two independent standard normal draws from two 64-bit uniform words, by the Box–Muller transform
    /// (Box &amp; Muller 1958): <c>u₁ ∈ (0, 1]</c> from the top 52 bits of <paramref name="a"/>,
    /// angle <c>θ = 2π·u₂</c> from <paramref name="b"/> (its top three bits choose the octant, the next 52 bits the position
    /// inside it), <c>z₀ = √(−2 ln u₁)·cos θ</c>, <c>z₁ = √(−2 ln u₁)·sin θ</c>.
    /// </summary>
    public static (double Z0, double Z1) NormalPair(ulong a, ulong b)
    {
        LaneMath.NormalPair(Lanes1.Bits(a), Lanes1.Bits(b), out var z0, out var z1);
        return (D(z0), D(z1));
    }

    /// <summary>The uniform in (0, 1] that <see cref="NormalPair"/> takes from its first word.</summary>
    public static double UniformOpenClosed(ulong a) => 2.0 - BitConverter.UInt64BitsToDouble((a >> 12) | 0x3FF0000000000000UL);

    /// <summary>The angle's uniform in [0, 1) that <see cref="NormalPair"/> takes from its second word (53 bits).</summary>
    public static double UniformClosedOpen(ulong b) => (b >> 11) * (1.0 / 9007199254740992.0);

    private static double D(Lanes1 v)
    {
        double d = 0;
        Lanes1.StoreReal(v, ref d);
        return d;
    }
}

/// <summary>The fdlibm kernels on any lane width (see <see cref="DeterministicMath"/>).</summary>
internal static class LaneMath
{
    private const ulong OneBits = 0x3FF0000000000000UL;
    private const ulong MantissaMask = 0x000FFFFFFFFFFFFFUL;

    // 1.5·2⁵²: adding it rounds a double of magnitude < 2⁵¹ to the nearest integer (ties to even, IEEE default), and the
    // integer is then the low bits of the sum.
    private const double Magic = 6755399441055744.0;
    private const ulong MagicBits = 0x4338000000000000UL;

    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double InvLn2 = 1.44269504088896338700e+00;
    private const double Sqrt2 = 1.41421356237309504880;

    private const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
        Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01, Lg7 = 1.479819860511658591e-01;

    private const double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03, P3 = 6.61375632143793436117e-05,
        P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08;

    private const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04,
        S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;

    private const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05,
        C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;

    private const double QuarterPi = 0.78539816339744830962;

    /// <summary>fdlibm <c>e_log.c</c> for positive normal x: x = 2ᵏ·m, m ∈ (√2/2, √2], log x = k·ln2 + log m.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Log<T>(T x) where T : unmanaged, ILanes<T>
    {
        var exponent = T.ISub(T.ShiftRight(x, 52), T.Bits(1023));
        var k = T.Sub(T.IAdd(T.Bits(MagicBits), exponent), T.Real(Magic));
        var m = T.Or(T.And(x, T.Bits(MantissaMask)), T.Bits(OneBits));
        var big = T.Less(T.Real(Sqrt2), m);
        m = T.Select(big, T.Mul(m, T.Real(0.5)), m);
        k = T.Select(big, T.Add(k, T.Real(1.0)), k);
        var f = T.Sub(m, T.Real(1.0));
        var s = T.Div(f, T.Add(T.Real(2.0), f));
        var z = T.Mul(s, s);
        var w = T.Mul(z, z);
        var t1 = T.Mul(w, T.Add(T.Real(Lg2), T.Mul(w, T.Add(T.Real(Lg4), T.Mul(w, T.Real(Lg6))))));
        var t2 = T.Mul(z, T.Add(T.Real(Lg1), T.Mul(w, T.Add(T.Real(Lg3), T.Mul(w, T.Add(T.Real(Lg5), T.Mul(w, T.Real(Lg7))))))));
        var r = T.Add(t2, t1);
        var hfsq = T.Mul(T.Mul(T.Real(0.5), f), f);
        // k·ln2_hi − ((hfsq − (s·(hfsq + R) + k·ln2_lo)) − f)
        var inner = T.Add(T.Mul(s, T.Add(hfsq, r)), T.Mul(k, T.Real(Ln2Lo)));
        return T.Sub(T.Mul(k, T.Real(Ln2Hi)), T.Sub(T.Sub(hfsq, inner), f));
    }

    /// <summary><c>e^x</c> with x clamped to [−708, 709] (finite, normal results): <see cref="ExpInRange{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Exp<T>(T x) where T : unmanaged, ILanes<T>
    {
        var lo0 = T.Real(-708.0);
        var hi0 = T.Real(709.0);
        x = T.Select(T.Less(x, lo0), lo0, x);
        x = T.Select(T.Less(hi0, x), hi0, x);
        return ExpInRange(x);
    }

    /// <summary>
    /// fdlibm <c>e_exp.c</c> for |x| ≤ 708: x = k·ln2 + r, |r| ≤ ln2/2, eʳ by a rational approximation, times 2ᵏ.
    /// The kernels call it unclamped: validated inputs (|μ| &lt; 100 %, σ ≤ 100 %, costs &lt; 100 %) keep a step's log
    /// return below a few hundred in magnitude.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ExpInRange<T>(T x) where T : unmanaged, ILanes<T>
    {
        var t = T.Add(T.Mul(x, T.Real(InvLn2)), T.Real(Magic));
        var kInt = T.ISub(t, T.Bits(MagicBits));
        var k = T.Sub(t, T.Real(Magic));
        var hi = T.Sub(x, T.Mul(k, T.Real(Ln2Hi)));
        var lo = T.Mul(k, T.Real(Ln2Lo));
        var r = T.Sub(hi, lo);
        var rr = T.Mul(r, r);
        var poly = T.Add(T.Real(P1), T.Mul(rr, T.Add(T.Real(P2), T.Mul(rr, T.Add(T.Real(P3), T.Mul(rr, T.Add(T.Real(P4), T.Mul(rr, T.Real(P5)))))))));
        var c = T.Sub(r, T.Mul(rr, poly));
        // y = 1 − ((lo − (r·c)/(2 − c)) − hi)
        var y = T.Sub(T.Real(1.0), T.Sub(T.Sub(lo, T.Div(T.Mul(r, c), T.Sub(T.Real(2.0), c))), hi));
        var scale = T.ShiftLeft(T.IAdd(kInt, T.Bits(1023)), 52);
        return T.Mul(y, scale);
    }

    /// <summary>fdlibm <c>k_sin.c</c> on [−π/4, π/4].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T SinKernel<T>(T x) where T : unmanaged, ILanes<T>
    {
        var z = T.Mul(x, x);
        var v = T.Mul(z, x);
        var r = T.Add(T.Real(S2), T.Mul(z, T.Add(T.Real(S3), T.Mul(z, T.Add(T.Real(S4), T.Mul(z, T.Add(T.Real(S5), T.Mul(z, T.Real(S6)))))))));
        return T.Add(x, T.Mul(v, T.Add(T.Real(S1), T.Mul(z, r))));
    }

    /// <summary>fdlibm <c>k_cos.c</c> on [−π/4, π/4].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T CosKernel<T>(T x) where T : unmanaged, ILanes<T>
    {
        var z = T.Mul(x, x);
        var r = T.Mul(z, T.Add(T.Real(C1), T.Mul(z, T.Add(T.Real(C2), T.Mul(z, T.Add(T.Real(C3), T.Mul(z, T.Add(T.Real(C4), T.Mul(z, T.Add(T.Real(C5), T.Mul(z, T.Real(C6)))))))))))); 
        var hz = T.Mul(T.Real(0.5), z);
        var w = T.Sub(T.Real(1.0), hz);
        return T.Add(w, T.Add(T.Sub(T.Sub(T.Real(1.0), w), hz), T.Mul(z, r)));
    }

    /// <summary>The Box–Muller pair of <see cref="DeterministicMath.NormalPair"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NormalPair<T>(T a, T b, out T z0, out T z1) where T : unmanaged, ILanes<T>
    {
        var one = T.Bits(OneBits);
        var u1 = T.Sub(T.Real(2.0), T.Or(T.ShiftRight(a, 12), one));
        var radius = T.Sqrt(T.Mul(T.Real(-2.0), Log(u1)));

        // θ = (octant + f)·π/4 with the octant in b's top three bits and f ∈ [0, 1) in the next 52.
        var f = T.Sub(T.Or(T.ShiftRight(T.ShiftLeft(b, 3), 12), one), T.Real(1.0));
        var odd = T.ISub(T.Bits(0), T.And(T.ShiftRight(b, 61), T.Bits(1)));
        // Inside a quadrant ψ = θ − q·π/2 ∈ [0, π/2); for an odd octant use π/2 − ψ = (1 − f)·π/4 ∈ (0, π/4].
        var phi = T.Mul(T.Select(odd, T.Sub(T.Real(1.0), f), f), T.Real(QuarterPi));
        var s = SinKernel(phi);
        var c = CosKernel(phi);
        var sinPsi = T.Select(odd, c, s);
        var cosPsi = T.Select(odd, s, c);
        // Rotate by q·π/2, q = b's top two bits: q odd swaps sin and cos; sin is negative for q ∈ {2, 3}, cos for q ∈ {1, 2}.
        var qOdd = T.ISub(T.Bits(0), T.And(T.ShiftRight(b, 62), T.Bits(1)));
        var sin = T.Select(qOdd, cosPsi, sinPsi);
        var cos = T.Select(qOdd, sinPsi, cosPsi);
        sin = T.Xor(sin, T.ShiftLeft(T.ShiftRight(b, 63), 63));
        cos = T.Xor(cos, T.ShiftLeft(T.And(T.Xor(T.ShiftRight(b, 62), T.ShiftRight(b, 63)), T.Bits(1)), 63));
        z0 = T.Mul(radius, cos);
        z1 = T.Mul(radius, sin);
    }
}

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna 2018, <c>prng.di.unimi.it</c>), one independent stream per simulated path. The state
/// of path <c>p</c> of a run with seed <c>s</c> is four successive outputs of splitmix64 started at
/// <c>mix(mix(s) ⊕ (p + 1)·γ)</c> (γ = 0x9E3779B97F4A7C15, the generator's recommended seeding). Streams are thus tied
/// to the path number alone: how paths are split across threads, blocks or vector lanes cannot change any path.
/// </summary>
public struct Xoshiro256StarStar
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    private ulong _s0, _s1, _s2, _s3;

    /// <summary>The stream of path <paramref name="path"/> in a run seeded with <paramref name="seed"/>.</summary>
    public static Xoshiro256StarStar ForPath(long seed, long path)
    {
        var (s0, s1, s2, s3) = PathState(seed, path);
        return new Xoshiro256StarStar { _s0 = s0, _s1 = s1, _s2 = s2, _s3 = s3 };
    }

    public static (ulong S0, ulong S1, ulong S2, ulong S3) PathState(long seed, long path)
    {
        var x = Mix(Mix((ulong)seed) ^ ((ulong)path + 1UL) * Gamma);
        var s0 = Mix(x += Gamma);
        var s1 = Mix(x += Gamma);
        var s2 = Mix(x += Gamma);
        var s3 = Mix(x + Gamma);
        return (s0 | s1 | s2 | s3) == 0 ? (1UL, s1, s2, s3) : (s0, s1, s2, s3);
    }

    /// <summary>The splitmix64 finaliser (Steele, Lea &amp; Flood 2014).</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong Next()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }
}

/// <summary>xoshiro256** on every lane at once: lane i carries its own path's stream, with shifts and adds for ×5 and ×9.</summary>
internal struct LaneRng<T> where T : unmanaged, ILanes<T>
{
    public T S0, S1, S2, S3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Next()
    {
        var times5 = T.IAdd(T.ShiftLeft(S1, 2), S1);
        var rotated = T.RotateLeft(times5, 7);
        var result = T.IAdd(T.ShiftLeft(rotated, 3), rotated);
        var t = T.ShiftLeft(S1, 17);
        S2 = T.Xor(S2, S0);
        S3 = T.Xor(S3, S1);
        S1 = T.Xor(S1, S2);
        S0 = T.Xor(S0, S3);
        S2 = T.Xor(S2, t);
        S3 = T.RotateLeft(S3, 45);
        return result;
    }
}
