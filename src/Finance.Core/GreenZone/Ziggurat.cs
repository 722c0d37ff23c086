using System.Runtime.CompilerServices;

namespace Finance.Core.GreenZone;

/// <summary>
/// Standard normal draws by the ziggurat method (Marsaglia &amp; Tsang 2000, "The Ziggurat Method for Generating Random
/// Variables", J. Stat. Softw. 5(8)) with 2 048 layers: in 99.8 % of draws one 64-bit word, one multiplication, one
/// comparison and two table reads — no logarithm, square root, sine or cosine as Box–Muller needs.
/// <para>The right half of the shape f(x) = e^(−x²/2) is covered by N = 2 048 horizontal layers of equal area V. Layer 0
/// is the base rectangle [0, R] × [0, f(R)] together with the tail beyond R; it gets the virtual width x₀ = V/f(R). Layer
/// i ≥ 1 is the rectangle [0, xᵢ] × [f(xᵢ), f(xᵢ₊₁)] with x₁ = R and xᵢ₊₁ = f⁻¹(f(xᵢ) + V/xᵢ) = √(−2 ln(f(xᵢ) + V/xᵢ)), up
/// to x_N = 0. A draw picks a layer i uniformly and a point x = U·xᵢ with U uniform in [0, 1):</para>
/// <list type="bullet">
/// <item>x &lt; xᵢ₊₁: the point is under the curve whatever its height — accept x (the fast path);</item>
/// <item>layer 0 and x ≥ R: x is in the tail — draw from the tail by Marsaglia's (1964) method: a = −ln(U₁)/R,
/// b = −ln(U₂) until 2b &gt; a², then R + a;</item>
/// <item>layer i ≥ 1 and x ≥ xᵢ₊₁: x is in the wedge — accept x when a uniform height in [f(xᵢ), f(xᵢ₊₁)) is below f(x),
/// otherwise draw a new normal.</item>
/// </list>
/// <para>A random sign makes the draw symmetric. The bits of the word u are used once each, so layer, sign and U are
/// independent (the flaw Doornik 2005 found in the original): the layer is u's lowest 11 bits, the sign bit 11, and U
/// the top 52 bits, U = (u ≫ 12)·2⁻⁵².</para>
/// <para>Two streams: the first word of every draw comes from the path's main stream, everything a miss needs (the
/// wedge's height, the tail's uniforms, a new normal) from its auxiliary stream. So every draw takes exactly one main
/// word, the vector kernel's lanes stay in step, and the misses can be finished afterwards. It does not change the
/// distribution: each attempt uses fresh independent uniforms.</para>
/// <para>R = 4.216370409511896 solves x_N = 0 for 2 048 layers (bisection on the recursion, as Marsaglia &amp; Tsang
/// solved it for 128 and 256); V = R·f(R) + ∫_R^∞ f is computed here, the tail integral by Laplace's continued fraction
/// for Mills' ratio, and the tables with <see cref="DeterministicMath"/>, so they are the same bits on every machine.
/// The tests check that every layer has the area V.</para>
/// </summary>
internal static unsafe class Ziggurat
{
    public const int Layers = 2048;

    /// <summary>The bit of the word that gives the sign (the layer takes the bits below it).</summary>
    public const int SignBit = 11;

    /// <summary>x₁: where the base rectangle ends and the tail begins.</summary>
    public const double R = 4.216370409511896;

    private const ulong OneBits = 0x3FF0000000000000UL;

    /// <summary>The area of every layer (of the unnormalised f).</summary>
    public static readonly double V;

    /// <summary>x₀ … x_N, the layers' right edges (x₀ = V/f(R), x₁ = R, x_N = 0).</summary>
    private static readonly double[] EdgeTable = GC.AllocateArray<double>(Layers + 1, pinned: true);

    /// <summary>f(x₀) … f(x_N), the layers' lower heights (f(x_N) = 1).</summary>
    private static readonly double[] HeightTable = GC.AllocateArray<double>(Layers + 1, pinned: true);

    /// <summary>The address of the edges (a pinned array, so it never moves) for the vector lookups.</summary>
    public static readonly double* Edge;

    static Ziggurat()
    {
        var fR = DeterministicMath.Exp(-0.5 * R * R);
        // ∫_R^∞ e^(−t²/2) dt = f(R) / (R + 1/(R + 2/(R + 3/(R + …)))), evaluated from the 100th term up.
        var mills = R;
        for (var k = 100; k >= 1; k--)
        {
            mills = R + k / mills;
        }
        V = R * fR + fR / mills;

        var x = EdgeTable;
        var h = HeightTable;
        x[0] = V / fR;
        h[0] = 0.0;
        x[1] = R;
        h[1] = fR;
        for (var i = 1; i < Layers - 1; i++)
        {
            x[i + 1] = Math.Sqrt(-2.0 * DeterministicMath.Log(h[i] + V / x[i]));
            h[i + 1] = DeterministicMath.Exp(-0.5 * x[i + 1] * x[i + 1]);
        }
        x[Layers] = 0.0;
        h[Layers] = 1.0;
        Edge = (double*)Unsafe.AsPointer(ref x[0]);
    }

    public static ReadOnlySpan<double> Edges => EdgeTable;

    public static ReadOnlySpan<double> Heights => HeightTable;

    /// <summary>
    /// The normal of the main-stream word <paramref name="u"/>: the fast path, or, when <paramref name="u"/> misses it,
    /// the wedge or tail and retries from <paramref name="auxiliary"/>. The scalar definition of every lane's draw.
    /// </summary>
    public static double FromWord(ulong u, ref Xoshiro256StarStar auxiliary)
    {
        var layer = (int)(u & (Layers - 1));
        var x = Fraction(u) * EdgeTable[layer];
        if (x < EdgeTable[layer + 1])
        {
            return Signed(x, u);
        }
        if (layer == 0)
        {
            return Signed(R + Tail(ref auxiliary), u);
        }
        var height = HeightTable[layer] + DeterministicMath.UniformClosedOpen(auxiliary.Next()) * (HeightTable[layer + 1] - HeightTable[layer]);
        if (height < DeterministicMath.Exp(-0.5 * x * x))
        {
            return Signed(x, u);
        }
        // Rejected: a new normal, all from the auxiliary stream (the main stream moves one word per draw).
        return FromWord(auxiliary.Next(), ref auxiliary);
    }

    /// <summary>
    /// Finishes the draws of a vector of lanes that missed the fast path (<paramref name="misses"/>: bit l of draw d set
    /// when lane l missed), in draw order, each from its lane's auxiliary stream — as <see cref="FromWord"/> does for one
    /// path, so the result cannot depend on the width. About 0.23 % of lane draws get here.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void FinishMisses(Span<ulong> normals, ReadOnlySpan<ulong> words, ReadOnlySpan<byte> misses, int width, Span<Xoshiro256StarStar> auxiliary)
    {
        for (var d = 0; d < misses.Length; d++)
        {
            for (var lane = 0; misses[d] >> lane != 0; lane++)
            {
                if ((misses[d] >> lane & 1) != 0)
                {
                    normals[d * width + lane] = BitConverter.DoubleToUInt64Bits(FromWord(words[d * width + lane], ref auxiliary[lane]));
                }
            }
        }
    }

    /// <summary>U = (u ≫ 12)·2⁻⁵² ∈ [0, 1): the top 52 bits as the mantissa of a number in [1, 2), minus 1 (exact).</summary>
    private static double Fraction(ulong u) => BitConverter.UInt64BitsToDouble((u >> 12) | OneBits) - 1.0;

    /// <summary>x with the sign of bit <see cref="SignBit"/> of <paramref name="u"/>.</summary>
    private static double Signed(double x, ulong u) => BitConverter.UInt64BitsToDouble(BitConverter.DoubleToUInt64Bits(x) ^ ((u >> SignBit) << 63));

    /// <summary>Marsaglia (1964): the excess over R of a normal conditioned on being beyond R.</summary>
    private static double Tail(ref Xoshiro256StarStar rng)
    {
        while (true)
        {
            var a = -DeterministicMath.Log(DeterministicMath.UniformOpenClosed(rng.Next())) / R;
            var b = -DeterministicMath.Log(DeterministicMath.UniformOpenClosed(rng.Next()));
            if (b + b > a * a)
            {
                return a;
            }
        }
    }
}
