namespace Finance.Core.Compliance;

public enum ComplianceStatus
{
    Ok,
    Breach,

    /// <summary>The data needed to check the limit is missing.</summary>
    Unknown,
}

/// <summary>How the actual value was established.</summary>
public enum CheckBasis
{
    /// <summary>Computed from the system's registers.</summary>
    Computed,

    /// <summary>Confirmed by the manager or the treasury (attestation with its source), where the system holds no data.</summary>
    Attested,

    /// <summary>No data.</summary>
    Missing,
}

/// <summary>A limit checked against its actual value.</summary>
public sealed record LimitCheck(
    string LimitId,
    string Area,
    string Description,
    decimal? Actual,
    decimal? Min,
    decimal? Max,
    string? Unit,
    ComplianceStatus Status,
    CheckBasis Basis,
    string? Note);

public static class Limits
{
    /// <summary>
    /// A value against its bounds. Bounds are inclusive (the band 37–43 % allows 43.0 %), except where the regulations
    /// say "over" (<paramref name="strictMin"/>: the green zone needs a probability over 80 %). No value → unknown.
    /// </summary>
    public static ComplianceStatus Check(decimal? actual, decimal? min, decimal? max, bool strictMin = false)
    {
        if (actual is not { } a)
        {
            return ComplianceStatus.Unknown;
        }
        var belowMin = min is { } lo && (strictMin ? a <= lo : a < lo);
        var aboveMax = max is { } hi && a > hi;
        return belowMin || aboveMax ? ComplianceStatus.Breach : ComplianceStatus.Ok;
    }
}
