namespace Finance.Core.GreenZone;

/// <summary>
/// Exact order statistics of a large sample without sorting it: one pass for the range, one pass counting the values in
/// 4 096 equal bins, then only the bins that hold a wanted rank are gathered and sorted. The answer is the k-th smallest
/// value exactly (the same as sorting everything), in about three linear passes.
/// </summary>
public static class ExactQuantiles
{
    private const int Bins = 4096;

    /// <summary>The nearest-rank percentile's rank: ⌈p·n/100⌉ (1-based), at least 1.</summary>
    public static long NearestRank(int percent, long n) => Math.Max(1, (percent * n + 99) / 100);

    /// <summary>The <paramref name="ranks"/>-th smallest values (1-based ranks) of <paramref name="values"/> (finite).</summary>
    public static double[] Select(ReadOnlySpan<double> values, IReadOnlyList<long> ranks)
    {
        var result = new double[ranks.Count];
        if (values.Length == 0)
        {
            return result;
        }
        double min = values[0], max = values[0];
        foreach (var v in values)
        {
            if (v < min)
            {
                min = v;
            }
            if (v > max)
            {
                max = v;
            }
        }
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

        var scale = Bins / width;
        var counts = new long[Bins];
        foreach (var v in values)
        {
            counts[BinOf(v, min, scale)]++;
        }
        // For each rank: its bin and the number of values in the bins below it.
        var slotOfBin = new int[Bins];
        Array.Fill(slotOfBin, -1);
        var candidates = new List<List<double>>();
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
                candidates.Add(new List<double>((int)counts[bin]));
            }
            rankSlot[r] = slotOfBin[bin];
            below[r] = cumulative;
        }
        foreach (var v in values)
        {
            var slot = slotOfBin[BinOf(v, min, scale)];
            if (slot >= 0)
            {
                candidates[slot].Add(v);
            }
        }
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

    private static int BinOf(double v, double min, double scale) => Math.Min(Bins - 1, (int)((v - min) * scale));
}
