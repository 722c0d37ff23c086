using NodaTime;

namespace Finance.Core.Policy;

/// <summary>One limit of the financial regulations. Min/Max/Target are numbers as text, or a rating (BBB-) for rating limits.</summary>
public sealed record PolicyLimitRow
{
    public required string LimitId { get; init; }
    public required string Area { get; init; }
    public required string Description { get; init; }
    public string? Min { get; init; }
    public string? Max { get; init; }
    public string? Target { get; init; }
    public string? Unit { get; init; }
    public string? Source { get; init; }
}

public sealed record PolicyVersionRow
{
    public required long Version { get; init; }
    public required LocalDate ValidFrom { get; init; }
    public required string Name { get; init; }
}

/// <summary>A version of the regulations with all its limits.</summary>
public sealed record PolicyInForce(PolicyVersionRow Version, IReadOnlyList<PolicyLimitRow> Limits)
{
    public PolicyLimitRow? Limit(string limitId) => Limits.FirstOrDefault(l => l.LimitId == limitId);

    /// <summary>A numeric field of a limit (null when the limit or the field is absent or not a number).</summary>
    public decimal? Number(string limitId, Func<PolicyLimitRow, string?> field) =>
        Limit(limitId) is { } l && decimal.TryParse(field(l), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
}

/// <summary>A limit of the regulations in force (null bounds: not set) and whether a figure is within it, edges included (null: not checkable).</summary>
public sealed record PolicyBand(decimal? Min, decimal? Max, bool? Within)
{
    /// <summary>
    /// <paramref name="value"/> against the band; <see cref="Within"/> is null when the band has no bound or the figure has
    /// no base (<paramref name="applicable"/> false).
    /// </summary>
    public static PolicyBand Of(decimal value, decimal? min, decimal? max, bool applicable = true) =>
        new(min, max, !applicable || (min is null && max is null) ? null : (min is not { } lo || value >= lo) && (max is not { } hi || value <= hi));
}
