using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Finance.Core.GreenZone;

/// <summary>
/// Exact order statistics of a large sample without sorting it: one pass for the range, one pass counting the values in
/// 4 096 equal bins (each value's bin kept as a 16-bit number), then only the values of the bins that hold a wanted rank
/// are gathered (a pass over the kept bins) and sorted. The answer is the k-th smallest value exactly (the same as
/// sorting everything), in about three linear passes, each a vector at a time where it can be. The passes are compiled
/// fully optimised at their first call (a service runs a simulation once, not often enough for tiered compilation to
/// reach them).
/// </summary>
public static class ExactQuantiles
{
    private const int Bins = 4096;

    /// <summary>The nearest-rank percentile's rank: ⌈p·n/100⌉ (1-based), at least 1.</summary>
    public static long NearestRank(int percent, long n) => Math.Max(1, (percent * n + 99) / 100);

    /// <summary>The <paramref name="ranks"/>-th smallest values (1-based ranks) of <paramref name="values"/> (finite).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] Select(ReadOnlySpan<double> values, IReadOnlyList<long> ranks)
    {
        var result = new double[ranks.Count];
        if (values.Length == 0)
        {
            return result;
        }
        var (min, max) = Range(values);
        var width = max - min;
        if (width == 0 || !double.IsFinite(width))
        {
            if (width == 0)
            {
                Array.Fill(result, min);
                return result;
            }
            var sorted = values.ToArray();
            Array.Sort(sorted);
            for (var r = 0; r < ranks.Count; r++)
            {
                result[r] = sorted[ranks[r] - 1];
            }
            return result;
        }

        var bins = ArrayPool<ushort>.Shared.Rent(values.Length);
        try
        {
            var counts = CountBins(values, min, Bins / width, bins);
            // For each rank: its bin and the number of values in the bins below it.
            var slotOfBin = new int[Bins];
            Array.Fill(slotOfBin, -1);
            var candidates = new List<List<double>>();
            var wanted = new List<ushort>();
            var rankSlot = new int[ranks.Count];
            var below = new long[ranks.Count];
            for (var r = 0; r < ranks.Count; r++)
            {
                long cumulative = 0;
                var bin = 0;
                while (cumulative + counts[bin] < ranks[r])
                {
                    cumulative += counts[bin];
                    bin++;
                }
                if (slotOfBin[bin] < 0)
                {
                    slotOfBin[bin] = candidates.Count;
                    candidates.Add(new List<double>(counts[bin]));
                    wanted.Add((ushort)bin);
                }
                rankSlot[r] = slotOfBin[bin];
                below[r] = cumulative;
            }
            Collect(values, bins, wanted, slotOfBin, candidates);
            foreach (var list in candidates)
            {
                list.Sort();
            }
            for (var r = 0; r < ranks.Count; r++)
            {
                result[r] = candidates[rankSlot[r]][(int)(ranks[r] - below[r] - 1)];
            }
            return result;
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(bins);
        }
    }

    /// <summary>The smallest and largest value, a vector at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Min, double Max) Range(ReadOnlySpan<double> values)
    {
        var w = Vector<double>.Count;
        var lowest = new Vector<double>(values[0]);
        var highest = lowest;
        var i = 0;
        for (; i + w <= values.Length; i += w)
        {
            var v = new Vector<double>(values[i..]);
            lowest = Vector.Min(lowest, v);
            highest = Vector.Max(highest, v);
        }
        double min = values[0], max = values[0];
        for (var lane = 0; lane < w; lane++)
        {
            min = Math.Min(min, lowest[lane]);
            max = Math.Max(max, highest[lane]);
        }
        for (; i < values.Length; i++)
        {
            min = Math.Min(min, values[i]);
            max = Math.Max(max, values[i]);
        }
        return (min, max);
    }

    /// <summary>Each value's bin into <paramref name="bins"/> (bins computed a vector at a time), and the count per bin.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] CountBins(ReadOnlySpan<double> values, double min, double scale, ushort[] bins)
    {
        var counts = new int[Bins];
        var w = Vector<double>.Count;
        var low = new Vector<double>(min);
        var factor = new Vector<double>(scale);
        var top = new Vector<long>(Bins - 1);
        var i = 0;
        for (; i + w <= values.Length; i += w)
        {
            var bin = Vector.Min(Vector.ConvertToInt64((new Vector<double>(values[i..]) - low) * factor), top);
            for (var lane = 0; lane < w; lane++)
            {
                var b = (int)bin[lane];
                bins[i + lane] = (ushort)b;
                counts[b]++;
            }
        }
        for (; i < values.Length; i++)
        {
            var b = BinOf(values[i], min, scale);
            bins[i] = (ushort)b;
            counts[b]++;
        }
        return counts;
    }

    /// <summary>
    /// The values whose bin is one of <paramref name="wanted"/> into that bin's candidate list, in path order: the bins are
    /// compared a vector at a time, and only a vector holding a wanted bin is looked at value by value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Collect(ReadOnlySpan<double> values, ushort[] bins, List<ushort> wanted, int[] slotOfBin, List<List<double>> candidates)
    {
        var w = Vector<ushort>.Count;
        var targets = wanted.Select(b => new Vector<ushort>(b)).ToArray();
        var i = 0;
        for (; i + w <= values.Length; i += w)
        {
            var chunk = new Vector<ushort>(bins, i);
            var hit = Vector<ushort>.Zero;
            foreach (var target in targets)
            {
                hit |= Vector.Equals(chunk, target);
            }
            if (hit == Vector<ushort>.Zero)
            {
                continue;
            }
            for (var lane = 0; lane < w; lane++)
            {
                var slot = slotOfBin[bins[i + lane]];
                if (slot >= 0)
                {
                    candidates[slot].Add(values[i + lane]);
                }
            }
        }
        for (; i < values.Length; i++)
        {
            var slot = slotOfBin[bins[i]];
            if (slot >= 0)
            {
                candidates[slot].Add(values[i]);
            }
        }
    }

    private static int BinOf(double v, double min, double scale) => Math.Min(Bins - 1, (int)((v - min) * scale));
}
