using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Finance.Core.GreenZone;

/// <summary>
/// The elementary functions of the simulation, defined by their arithmetic so that every machine and every vector width
/// computes the same bits. <see cref="Math.Log(double)"/> and <see cref="Math.Exp"/> call the
/// platform's C library, which may differ by an ulp between systems, and the hardware-vector versions differ again; a run
/// that must be reproducible bit for bit by an auditor on another machine cannot use them.
/// The algorithms are fdlibm's (Sun Microsystems, 1993; the basis of most C libraries): <c>e_log.c</c> and <c>e_exp.c</c>,
/// written with add, subtract, multiply, divide and bit operations only (no fused multiply-add, whose single rounding would change the result). They are accurate to about one ulp; the tests compare
/// them with <see cref="Math"/> over their whole input range.
/// </summary>
public static class DeterministicMath
{
    /// <summary>Natural logarithm of a positive, finite, normal <paramref name="x"/>.</summary>
    public static double Log(double x) => D(LaneMath.Log(Lanes1.Real(x)));

    /// <summary><c>e^x</c>; the argument is clamped to [−708, 709] (results stay finite and normal).</summary>
    public static double Exp(double x) => D(LaneMath.Exp(Lanes1.Real(x)));

    /// <summary>
    /// One standard normal draw by the ziggurat method (<see cref="Ziggurat"/>): one word of the path's main stream, and
    /// in the 0.23 % of draws that miss the fast path, more words from its auxiliary stream. The kernel's lanes draw exactly
    /// this, word for word.
    /// </summary>
    public static double StandardNormal(ref Xoshiro256StarStar main, ref Xoshiro256StarStar auxiliary) =>
        Ziggurat.FromWord(main.Next(), ref auxiliary);

    /// <summary>A uniform in (0, 1] from the top 52 bits of a word (the ziggurat's tail draws).</summary>
    public static double UniformOpenClosed(ulong a) => 2.0 - BitConverter.UInt64BitsToDouble((a >> 12) | 0x3FF0000000000000UL);

    /// <summary>A uniform in [0, 1) from the top 53 bits of a word (the ziggurat's wedge heights).</summary>
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

    /// <summary>
    /// Where <see cref="ExpNearZero{T}"/> may stand in for <see cref="ExpInRange{T}"/>: |x| below it gives
    /// |x/ln 2| &lt; 0.4906, so fdlibm's k = round(x/ln 2) is 0 in every lane.
    /// </summary>
    public const double NearZero = 0.34;

    /// <summary>
    /// <see cref="ExpInRange{T}"/> where every lane's |x| is below <see cref="NearZero"/>, bit for bit: there k = 0, so
    /// hi = x − 0·ln2_hi = x, lo = 0·ln2_lo = +0, r = hi − lo = x and the scale 2⁰ = 1 are exact and drop out, leaving
    /// y = 1 − ((+0 − (r·c)/(2 − c)) − x) = 1 + (x + (x·c)/(2 − c)). Thirteen operations fewer than the full reduction; a monthly step's log return
    /// is almost always this small.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ExpNearZero<T>(T x) where T : unmanaged, ILanes<T>
    {
        var rr = T.Mul(x, x);
        var poly = T.Add(T.Real(P1), T.Mul(rr, T.Add(T.Real(P2), T.Mul(rr, T.Add(T.Real(P3), T.Mul(rr, T.Add(T.Real(P4), T.Mul(rr, T.Real(P5)))))))));
        var c = T.Sub(x, T.Mul(rr, poly));
        // 1 − ((+0 − q) − x) = 1 + (x + q) exactly: +0 − q is −q, −q − x is −(x + q) (rounding to nearest is symmetric),
        // and a zero's sign cannot show in 1 ± 0.
        return T.Add(T.Real(1.0), T.Add(x, T.Div(T.Mul(x, c), T.Sub(T.Real(2.0), c))));
    }

    /// <summary>Bit l set where lane l's |<paramref name="x"/>| is not below <see cref="NearZero"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NotNearZero<T>(T x) where T : unmanaged, ILanes<T> =>
        T.NotLessBits(T.And(x, T.Bits(0x7FFFFFFFFFFFFFFFUL)), T.Real(NearZero));

    /// <summary>
    /// <paramref name="count"/> standard normals per lane into <paramref name="normals"/> (draw d of lane l at
    /// <c>d·lanes + l</c>), the vector form of <see cref="Ziggurat.FromWord"/>. Every draw takes exactly one word of each
    /// lane's main stream, so all lanes run the fast path together (x = U·xᵢ, accepted when x &lt; xᵢ₊₁: 99.77 % per
    /// lane) with one lookup of the table's two edges per lane (<see cref="ILanes{T}.LookupPair"/>) and no branch. The draws a lane misses are marked in a bit mask and finished
    /// afterwards, in draw order, by the scalar <see cref="Ziggurat.FinishMisses"/> from the lane's auxiliary stream —
    /// exactly as the scalar definition finishes them, so every width returns the same bits.
    /// </summary>
    /// <param name="rng">The lanes' main streams.</param>
    /// <param name="auxiliary">The lanes' auxiliary streams (used by misses only).</param>
    /// <param name="normals">Receives the draws' bits.</param>
    /// <param name="words">Receives each draw's word (the misses need it).</param>
    /// <param name="misses">Receives per draw the lanes that missed the fast path (bit l = lane l).</param>
    /// <param name="count">Draws per lane.</param>
    /// <param name="edge"><see cref="Ziggurat.Edge"/>, read by the caller: the method then has no class-initialisation
    /// check, a call across which the JIT would keep the generator in memory instead of registers.</param>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Normals<T>(ref LaneRng<T> rng, Span<Xoshiro256StarStar> auxiliary, Span<ulong> normals, Span<ulong> words, Span<byte> misses, int count, double* edge)
        where T : unmanaged, ILanes<T>
    {
        var w = T.Count;
        // The state in four locals (not a struct copy), which the JIT keeps in registers across the loop.
        var (s0, s1, s2, s3) = (rng.S0, rng.S1, rng.S2, rng.S3);
        if (normals.Length < count * w || words.Length < count * w || misses.Length < count)
        {
            throw new ArgumentException("The buffers are too small for the draws.");
        }
        // Unchecked references into the buffers just checked: no bounds check per draw.
        ref var normal = ref MemoryMarshal.GetReference(normals);
        ref var word = ref MemoryMarshal.GetReference(words);
        ref var miss = ref MemoryMarshal.GetReference(misses);
        var any = 0;
        for (var d = 0; d < count; d++)
        {
            var u = LaneRng<T>.Next(ref s0, ref s1, ref s2, ref s3);
            var layer = T.And(u, T.Bits(Ziggurat.Layers - 1));
            // x = U·xᵢ with U = (u ≫ 12)·2⁻⁵² (the top 52 bits as the mantissa of [1, 2), minus 1), its sign from bit 11.
            T.LookupPair(edge, layer, out var xi, out var xNext);
            var x = T.Mul(T.Sub(T.Or(T.ShiftRight(u, 12), T.Bits(OneBits)), T.Real(1.0)), xi);
            var missed = T.NotLessBits(x, xNext);
            T.StoreBits(T.Xor(x, T.ShiftLeft(T.ShiftRight(u, Ziggurat.SignBit), 63)), ref Unsafe.Add(ref normal, d * w));
            T.StoreBits(u, ref Unsafe.Add(ref word, d * w));
            Unsafe.Add(ref miss, d) = (byte)missed;
            any |= missed;
        }
        (rng.S0, rng.S1, rng.S2, rng.S3) = (s0, s1, s2, s3);
        if (any != 0)
        {
            Ziggurat.FinishMisses(normals[..(count * w)], words, misses[..count], w, auxiliary);
        }
    }
}

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna 2018, <c>prng.di.unimi.it</c>), independent streams per simulated path. The state
/// of path <c>p</c>'s main stream in a run with seed <c>s</c> is four successive outputs of splitmix64 started at
/// <c>mix(mix(s) ⊕ (p + 1)·γ)</c> (γ = 0x9E3779B97F4A7C15, the generator's recommended seeding), its auxiliary stream
/// the next four. Streams are thus tied to the path number alone: how paths are split across threads, blocks or vector lanes cannot change any path.
/// </summary>
public struct Xoshiro256StarStar
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    private ulong _s0, _s1, _s2, _s3;

    internal Xoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3) => (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);

    internal readonly (ulong S0, ulong S1, ulong S2, ulong S3) State => (_s0, _s1, _s2, _s3);

    /// <summary>The stream of path <paramref name="path"/> in a run seeded with <paramref name="seed"/>.</summary>
    public static Xoshiro256StarStar ForPath(long seed, long path)
    {
        var (s0, s1, s2, s3) = PathState(seed, path);
        return new Xoshiro256StarStar(s0, s1, s2, s3);
    }

    /// <summary>
    /// The path's second, auxiliary stream (the ziggurat's rare extra draws): seeded with the next four splitmix64 outputs
    /// after the main stream's.
    /// </summary>
    public static Xoshiro256StarStar AuxiliaryForPath(long seed, long path)
    {
        var (s0, s1, s2, s3) = PathState(seed, path, 1);
        return new Xoshiro256StarStar(s0, s1, s2, s3);
    }

    /// <summary>Stream 0 (main) or 1 (auxiliary) of a path: outputs 4·stream + 1 … 4·stream + 4 of its splitmix64.</summary>
    public static (ulong S0, ulong S1, ulong S2, ulong S3) PathState(long seed, long path, int stream = 0)
    {
        var x = Mix(Mix((ulong)seed) ^ ((ulong)path + 1UL) * Gamma) + 4UL * (ulong)stream * Gamma;
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
    public T Next() => Next(ref S0, ref S1, ref S2, ref S3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Next(ref T S0, ref T S1, ref T S2, ref T S3)
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
