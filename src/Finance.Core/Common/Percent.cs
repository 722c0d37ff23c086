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
    /// The percent number without trailing zeros (2 for 2 %, 2.5 for 2.5 %), where <see cref="Percent"/> keeps the
    /// fraction's decimals (2.00, 2.500): a percent given by the regulations or a request, read back as it was written.
    /// </summary>
    public decimal PlainPercent => Percent / 1.0000000000000000000000000000m; // dividing by a scaled one drops the trailing zeros

    /// <summary>The percent number rounded half away from zero to <paramref name="decimals"/> for display (78.195, 0.292).</summary>
    public decimal RoundedPercent(int decimals) => Math.Round(PlainPercent, decimals, MidpointRounding.AwayFromZero);

    /// <summary>Share <paramref name="part"/>/<paramref name="whole"/>; zero when the whole is zero (nothing to share).</summary>
    public static Rate Share(decimal part, decimal whole) => whole == 0m ? Zero : new(part / whole);

    public int CompareTo(Rate other) => Fraction.CompareTo(other.Fraction);

    public override string ToString() => $"{Percent} %";
}
