namespace Finance.Core.Common;

/// <summary>
/// A rate stored as a fraction (0.07134) and shown as a percent number (7.134). Keeping the unit in the
/// type avoids the classic fraction-versus-percent bug at the boundaries.
/// </summary>
public readonly record struct Rate(decimal Fraction) : IComparable<Rate>
{
    public static Rate Zero => new(0m);

    /// <summary>From a percent number: <c>FromPercent(7.1m)</c> is 7.1 %.</summary>
    public static Rate FromPercent(decimal percent) => new(percent / 100m);

    /// <summary>The rate as a percent number (7.1 for 7.1 %).</summary>
    public decimal Percent => Fraction * 100m;

    /// <summary>
    /// A percent as it was written — in the regulations or a request — kept digit for digit, so that
    /// <see cref="WrittenPercent"/> gives back 40.0 for 40.0 and 40 for 40. For a rate that is compared and shown, such
    /// as a band's edge; a factor that is multiplied comes from <see cref="FromPercent"/> (<c>percent / 100</c>), the
    /// digits the figures have always been computed with.
    /// </summary>
    public static Rate FromWrittenPercent(decimal percent) => new(percent * 0.01m);

    /// <summary>The percent number of a <see cref="FromWrittenPercent"/> rate as it was written: the decimal point moved back.</summary>
    public decimal WrittenPercent
    {
        get
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(Fraction, bits);
            var scale = (byte)(bits[3] >> 16);
            return scale >= 2 ? new decimal(bits[0], bits[1], bits[2], bits[3] < 0, (byte)(scale - 2)) : Percent;
        }
    }

    /// <summary>
    /// The percent number rounded half away from zero to <paramref name="decimals"/> for display, with no trailing zeros
    /// below that (78.195, 0.292; 6.2 rather than 6.2000).
    /// </summary>
    public decimal RoundedPercent(int decimals) =>
        // Dividing by a one with 28 decimals drops the trailing zeros the multiplication by 100 leaves.
        Math.Round(Percent / 1.0000000000000000000000000000m, decimals, MidpointRounding.AwayFromZero);

    /// <summary>Share <paramref name="part"/>/<paramref name="whole"/>; zero when the whole is zero (nothing to share).</summary>
    public static Rate Share(decimal part, decimal whole) => whole == 0m ? Zero : new(part / whole);

    public int CompareTo(Rate other) => Fraction.CompareTo(other.Fraction);

    public override string ToString() => $"{Percent} %";
}
