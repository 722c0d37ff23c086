namespace Finance.Core.Common;

/// <summary>
/// Money is <see cref="decimal"/> NOK at full precision everywhere. Rounding happens once, at the edge
/// (display, reports), always half away from zero — the convention of the municipality's reports.
/// </summary>
public static class Money
{
    public const decimal OneMillion = 1_000_000m;

    /// <summary>Rounds half away from zero (2.5 → 3, −2.5 → −3).</summary>
    public static decimal Round(decimal value, int decimals = 0) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero);

    /// <summary>NOK → MNOK rounded for display, e.g. 945 940 000 → 945.9 with one decimal.</summary>
    public static decimal ToMnok(decimal nok, int decimals = 0) => Round(nok / OneMillion, decimals);
}
