using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Finance.Core.GreenZone;

/// <summary>
/// A register of 64-bit lanes, read as <see cref="double"/> or <see cref="ulong"/>, at one vector width. The simulation
/// kernel is written once against this interface and instantiated for 8, 4, 2 and 1 lanes. Only operations that IEEE 754
/// and two's-complement arithmetic define bit for bit are offered (add, subtract, multiply, divide, square root, shifts,
/// bitwise logic, compare-and-select, table lookup) — no fused multiply-add, no reciprocal estimates — so every lane computes exactly
/// what the scalar instantiation computes, on any machine. That is what makes a run's result independent of the
/// hardware's vector width.
/// </summary>
internal interface ILanes<T> where T : unmanaged, ILanes<T>
{
    static abstract int Count { get; }

    static abstract T Real(double x);

    static abstract T Bits(ulong x);

    static abstract T LoadBits(ref ulong source);

    static abstract void StoreReal(T value, ref double destination);

    static abstract void StoreBits(T value, ref ulong destination);

    /// <summary>
    /// Lane-wise <c>table[index]</c> (a gather): loads are exact, so every width reads the same bits. The table must not
    /// move (a pinned array) and every index must be inside it.
    /// </summary>
    static abstract unsafe T Lookup(double* table, T index);

    /// <summary>
    /// Lane-wise <c>table[index]</c> into <paramref name="at"/> and <c>table[index + 1]</c> into <paramref name="next"/>:
    /// two exact loads per lane, however they are done.
    /// </summary>
    static abstract unsafe void LookupPair(double* table, T index, out T at, out T next);

    /// <summary>Bit l set where lane l of <paramref name="a"/> is not &lt; lane l of <paramref name="b"/> (as doubles).</summary>
    static abstract int NotLessBits(T a, T b);

    static abstract T Add(T a, T b);

    static abstract T Sub(T a, T b);

    static abstract T Mul(T a, T b);

    static abstract T Div(T a, T b);

    static abstract T Sqrt(T a);

    /// <summary>All ones in the lanes where <paramref name="a"/> &lt; <paramref name="b"/> (as doubles), else zero.</summary>
    static abstract T Less(T a, T b);

    /// <summary>Lane-wise <c>mask ? a : b</c> (mask lanes are all ones or all zeros).</summary>
    static abstract T Select(T mask, T a, T b);

    static abstract T IAdd(T a, T b);

    static abstract T ISub(T a, T b);

    static abstract T And(T a, T b);

    static abstract T Or(T a, T b);

    static abstract T Xor(T a, T b);

    static abstract T ShiftLeft(T a, [ConstantExpected] int n);

    static abstract T ShiftRight(T a, [ConstantExpected] int n);

    /// <summary>Rotates each 64-bit lane left by <paramref name="n"/> bits (exact: a permutation of the bits).</summary>
    static abstract T RotateLeft(T a, [ConstantExpected] int n);
}

/// <summary>Eight lanes (AVX-512).</summary>
internal readonly struct Lanes512(Vector512<ulong> v) : ILanes<Lanes512>
{
    private readonly Vector512<ulong> _v = v;

    public static int Count => Vector512<ulong>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Real(double x) => new(Vector512.Create(x).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Bits(ulong x) => new(Vector512.Create(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 LoadBits(ref ulong source) => new(Vector512.LoadUnsafe(ref source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreReal(Lanes512 value, ref double destination) => value._v.AsDouble().StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreBits(Lanes512 value, ref ulong destination) => value._v.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int NotLessBits(Lanes512 a, Lanes512 b) => (int)Vector512.LessThan(a._v.AsDouble(), b._v.AsDouble()).ExtractMostSignificantBits() ^ 0xFF;

    // AVX-512 machines have AVX2, whose gather takes four lanes: two gathers, one per half.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Lanes512 Lookup(double* table, Lanes512 index) => Avx2.IsSupported
        ? new(Avx2.GatherVector256(table, index._v.GetLower().AsInt64(), 8).ToVector512Unsafe().WithUpper(Avx2.GatherVector256(table, index._v.GetUpper().AsInt64(), 8)).AsUInt64())
        : new(Vector512.Create(table[index._v[0]], table[index._v[1]], table[index._v[2]], table[index._v[3]],
            table[index._v[4]], table[index._v[5]], table[index._v[6]], table[index._v[7]]).AsUInt64());

    /// <summary>
    /// The two neighbours are one 16-byte load per lane; the eight pairs are put side by side and split into the lanes'
    /// first and second values by two two-register permutes. On Zen 4 this is much cheaper than four 4-lane gathers
    /// (the kernel took 375 ms with the gathers, 335 ms with this; full run 410–437 → 356–399 ms, same machine, same minutes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void LookupPair(double* table, Lanes512 index, out Lanes512 at, out Lanes512 next)
    {
        if (!Avx512F.IsSupported)
        {
            at = Lookup(table, index);
            next = Lookup(table + 1, index);
            return;
        }
        var lanes = index._v;
        var i = (ulong*)Unsafe.AsPointer(ref lanes);
        // ToVector512Unsafe().WithUpper: one insert into a fresh register (Vector512.Create(lower, upper) inserts into the
        // old one, a false dependency on the previous draw).
        var low = Vector256.Create(Vector128.Load(table + i[0]), Vector128.Load(table + i[1])).ToVector512Unsafe()
            .WithUpper(Vector256.Create(Vector128.Load(table + i[2]), Vector128.Load(table + i[3])));
        var high = Vector256.Create(Vector128.Load(table + i[4]), Vector128.Load(table + i[5])).ToVector512Unsafe()
            .WithUpper(Vector256.Create(Vector128.Load(table + i[6]), Vector128.Load(table + i[7])));
        at = new(Avx512F.PermuteVar8x64x2(low, Vector512.Create(0L, 2, 4, 6, 8, 10, 12, 14), high).AsUInt64());
        next = new(Avx512F.PermuteVar8x64x2(low, Vector512.Create(1L, 3, 5, 7, 9, 11, 13, 15), high).AsUInt64());
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Add(Lanes512 a, Lanes512 b) => new((a._v.AsDouble() + b._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Sub(Lanes512 a, Lanes512 b) => new((a._v.AsDouble() - b._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Mul(Lanes512 a, Lanes512 b) => new((a._v.AsDouble() * b._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Div(Lanes512 a, Lanes512 b) => new((a._v.AsDouble() / b._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Sqrt(Lanes512 a) => new(Vector512.Sqrt(a._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Less(Lanes512 a, Lanes512 b) => new(Vector512.LessThan(a._v.AsDouble(), b._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Select(Lanes512 mask, Lanes512 a, Lanes512 b) => new(Vector512.ConditionalSelect(mask._v, a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 IAdd(Lanes512 a, Lanes512 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 ISub(Lanes512 a, Lanes512 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 And(Lanes512 a, Lanes512 b) => new(a._v & b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Or(Lanes512 a, Lanes512 b) => new(a._v | b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Xor(Lanes512 a, Lanes512 b) => new(a._v ^ b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 ShiftLeft(Lanes512 a, [ConstantExpected] int n) => new(Vector512.ShiftLeft(a._v, n));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 ShiftRight(Lanes512 a, [ConstantExpected] int n) => new(Vector512.ShiftRightLogical(a._v, n));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 RotateLeft(Lanes512 a, [ConstantExpected] int n) => (Avx512F.IsSupported, n) switch
    {
        // vprolq for the generator's two rotations (one instruction instead of three).
        (true, 7) => new(Avx512F.RotateLeft(a._v, 7)),
        (true, 45) => new(Avx512F.RotateLeft(a._v, 45)),
        _ => new(Vector512.ShiftLeft(a._v, n) | Vector512.ShiftRightLogical(a._v, 64 - n)),
    };
}

/// <summary>Four lanes (AVX2).</summary>
internal readonly struct Lanes256(Vector256<ulong> v) : ILanes<Lanes256>
{
    private readonly Vector256<ulong> _v = v;

    public static int Count => Vector256<ulong>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Real(double x) => new(Vector256.Create(x).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Bits(ulong x) => new(Vector256.Create(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 LoadBits(ref ulong source) => new(Vector256.LoadUnsafe(ref source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreReal(Lanes256 value, ref double destination) => value._v.AsDouble().StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreBits(Lanes256 value, ref ulong destination) => value._v.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int NotLessBits(Lanes256 a, Lanes256 b) => (int)Vector256.LessThan(a._v.AsDouble(), b._v.AsDouble()).ExtractMostSignificantBits() ^ 0xF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Lanes256 Lookup(double* table, Lanes256 index) => Avx2.IsSupported
        ? new(Avx2.GatherVector256(table, index._v.AsInt64(), 8).AsUInt64())
        : new(Vector256.Create(table[index._v[0]], table[index._v[1]], table[index._v[2]], table[index._v[3]]).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void LookupPair(double* table, Lanes256 index, out Lanes256 at, out Lanes256 next)
    {
        at = Lookup(table, index);
        next = Lookup(table + 1, index);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Add(Lanes256 a, Lanes256 b) => new((a._v.AsDouble() + b._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Sub(Lanes256 a, Lanes256 b) => new((a._v.AsDouble() - b._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Mul(Lanes256 a, Lanes256 b) => new((a._v.AsDouble() * b._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Div(Lanes256 a, Lanes256 b) => new((a._v.AsDouble() / b._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Sqrt(Lanes256 a) => new(Vector256.Sqrt(a._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Less(Lanes256 a, Lanes256 b) => new(Vector256.LessThan(a._v.AsDouble(), b._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Select(Lanes256 mask, Lanes256 a, Lanes256 b) => new(Vector256.ConditionalSelect(mask._v, a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 IAdd(Lanes256 a, Lanes256 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 ISub(Lanes256 a, Lanes256 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 And(Lanes256 a, Lanes256 b) => new(a._v & b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Or(Lanes256 a, Lanes256 b) => new(a._v | b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Xor(Lanes256 a, Lanes256 b) => new(a._v ^ b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 ShiftLeft(Lanes256 a, [ConstantExpected] int n) => new(Vector256.ShiftLeft(a._v, n));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 ShiftRight(Lanes256 a, [ConstantExpected] int n) => new(Vector256.ShiftRightLogical(a._v, n));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 RotateLeft(Lanes256 a, [ConstantExpected] int n) => new(Vector256.ShiftLeft(a._v, n) | Vector256.ShiftRightLogical(a._v, 64 - n));
}

/// <summary>Two lanes (SSE2 / AdvSIMD: present on every x64 and arm64 machine).</summary>
internal readonly struct Lanes128(Vector128<ulong> v) : ILanes<Lanes128>
{
    private readonly Vector128<ulong> _v = v;

    public static int Count => Vector128<ulong>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Real(double x) => new(Vector128.Create(x).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Bits(ulong x) => new(Vector128.Create(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 LoadBits(ref ulong source) => new(Vector128.LoadUnsafe(ref source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreReal(Lanes128 value, ref double destination) => value._v.AsDouble().StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreBits(Lanes128 value, ref ulong destination) => value._v.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int NotLessBits(Lanes128 a, Lanes128 b) => (int)Vector128.LessThan(a._v.AsDouble(), b._v.AsDouble()).ExtractMostSignificantBits() ^ 0x3;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static unsafe Lanes128 Lookup(double* table, Lanes128 index) => new(Vector128.Create(table[index._v[0]], table[index._v[1]]).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void LookupPair(double* table, Lanes128 index, out Lanes128 at, out Lanes128 next)
    {
        at = Lookup(table, index);
        next = Lookup(table + 1, index);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Add(Lanes128 a, Lanes128 b) => new((a._v.AsDouble() + b._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Sub(Lanes128 a, Lanes128 b) => new((a._v.AsDouble() - b._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Mul(Lanes128 a, Lanes128 b) => new((a._v.AsDouble() * b._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Div(Lanes128 a, Lanes128 b) => new((a._v.AsDouble() / b._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Sqrt(Lanes128 a) => new(Vector128.Sqrt(a._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Less(Lanes128 a, Lanes128 b) => new(Vector128.LessThan(a._v.AsDouble(), b._v.AsDouble()).AsUInt64());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Select(Lanes128 mask, Lanes128 a, Lanes128 b) => new(Vector128.ConditionalSelect(mask._v, a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 IAdd(Lanes128 a, Lanes128 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 ISub(Lanes128 a, Lanes128 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 And(Lanes128 a, Lanes128 b) => new(a._v & b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Or(Lanes128 a, Lanes128 b) => new(a._v | b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Xor(Lanes128 a, Lanes128 b) => new(a._v ^ b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 ShiftLeft(Lanes128 a, [ConstantExpected] int n) => new(Vector128.ShiftLeft(a._v, n));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 ShiftRight(Lanes128 a, [ConstantExpected] int n) => new(Vector128.ShiftRightLogical(a._v, n));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 RotateLeft(Lanes128 a, [ConstantExpected] int n) => new(Vector128.ShiftLeft(a._v, n) | Vector128.ShiftRightLogical(a._v, 64 - n));
}

/// <summary>One lane: plain scalar arithmetic, the definition every wider instantiation must match bit for bit.</summary>
internal readonly struct Lanes1(ulong v) : ILanes<Lanes1>
{
    private readonly ulong _v = v;

    private double D => BitConverter.UInt64BitsToDouble(_v);

    private static Lanes1 R(double x) => new(BitConverter.DoubleToUInt64Bits(x));

    public static int Count => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Real(double x) => R(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Bits(ulong x) => new(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 LoadBits(ref ulong source) => new(source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreReal(Lanes1 value, ref double destination) => destination = value.D;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreBits(Lanes1 value, ref ulong destination) => destination = value._v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int NotLessBits(Lanes1 a, Lanes1 b) => a.D < b.D ? 0 : 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static unsafe Lanes1 Lookup(double* table, Lanes1 index) => R(table[index._v]);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void LookupPair(double* table, Lanes1 index, out Lanes1 at, out Lanes1 next)
    {
        at = R(table[index._v]);
        next = R(table[index._v + 1]);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Add(Lanes1 a, Lanes1 b) => R(a.D + b.D);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Sub(Lanes1 a, Lanes1 b) => R(a.D - b.D);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Mul(Lanes1 a, Lanes1 b) => R(a.D * b.D);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Div(Lanes1 a, Lanes1 b) => R(a.D / b.D);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Sqrt(Lanes1 a) => R(Math.Sqrt(a.D));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Less(Lanes1 a, Lanes1 b) => new(a.D < b.D ? ulong.MaxValue : 0UL);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Select(Lanes1 mask, Lanes1 a, Lanes1 b) => new((mask._v & a._v) | (~mask._v & b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 IAdd(Lanes1 a, Lanes1 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 ISub(Lanes1 a, Lanes1 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 And(Lanes1 a, Lanes1 b) => new(a._v & b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Or(Lanes1 a, Lanes1 b) => new(a._v | b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Xor(Lanes1 a, Lanes1 b) => new(a._v ^ b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 ShiftLeft(Lanes1 a, [ConstantExpected] int n) => new(a._v << n);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 ShiftRight(Lanes1 a, [ConstantExpected] int n) => new(a._v >> n);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 RotateLeft(Lanes1 a, [ConstantExpected] int n) => new(ulong.RotateLeft(a._v, n));
}
