using System.Globalization;
using System.Text.RegularExpressions;
using Finance.Reports.Snapshots;
using static Finance.Reports.Norwegian;

namespace Finance.Reports;

/// <summary>
/// The honesty rules' vocabulary: published (reported) figures are shown with their source and marked "publisert", a
/// figure the registers cannot support is "ikke beregnet" with the reason, and the loan register's coverage decides which
/// debt figures the service may compute.
/// </summary>
public static partial class Published
{
    public const string NotComputed = "ikke beregnet";

    public static PublishedCell? Cell(this SupplementSection? s, string table, string row, string period) =>
        s?.Published.FirstOrDefault(p => p.TableId == table && p.RowKey == row && p.Period == period);

    public static IEnumerable<PublishedCell> Cells(this SupplementSection? s, string table, string period) =>
        s?.Published.Where(p => p.TableId == table && p.Period == period) ?? [];

    /// <summary>"årsrapport 2025, linje 1887" from a seed source ("000_….txt L1887; Note 9 L7124").</summary>
    public static string Source(string source)
    {
        var lines = LineRef().Matches(source).Select(m => m.Groups[1].Value).Distinct().ToList();
        var report = source.Contains("arsrapport", StringComparison.OrdinalIgnoreCase) || source.Contains(".txt", StringComparison.Ordinal) ? "årsrapport 2025" : "innlastet tall";
        return lines.Count == 0 ? report : $"{report}, linje {string.Join(", ", lines)}";
    }

    /// <summary>A published value as the report prints it, with its unit.</summary>
    public static string Show(PublishedCell c) => c.Unit switch
    {
        "NOK" => Mnok(c.Value) + " mill.",
        "pct" => Pct(c.Value, c.Value == decimal.Truncate(c.Value) ? 0 : 1),
        "years" => Number(c.Value, 1) + Space + "år",
        "celsius" => Number(c.Value, 1) + Space + "°C",
        "tco2e" => Number(c.Value, 0) + Space + "tCO₂e per mill. euro",
        _ => Number(c.Value, c.Value == decimal.Truncate(c.Value) ? 0 : 1),
    };

    /// <summary>"58 % (publisert, årsrapport 2025, linje 1789)".</summary>
    public static string WithSource(PublishedCell c) => $"{Show(c)} (publisert, {Source(c.Source)})";

    /// <summary>A published debt figure (debt_reported) for the date, with its unit, or null.</summary>
    public static (decimal Value, string Text)? Debt(DebtSection d, string metric)
    {
        if (d.Reported.FirstOrDefault(r => r.Metric == metric) is not { } r
            || !decimal.TryParse(r.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            return null;
        }
        var shown = r.Unit switch { "pct" => Pct(v, v == decimal.Truncate(v) ? 0 : 1), "years" => Number(v, 1) + " år", _ => Mnok(v) + " mill." };
        return (v, shown);
    }

    /// <summary>True when every fixed-rate loan of the rate-exposed base has the end of its fixed period in the register.</summary>
    public static bool FixingSupported(this SupplementSection? s) => s?.DebtCoverage is { FixedExposedWithoutFixingEnd: 0 };

    /// <summary>Why the fixed share and the interest-fixing time are not computed.</summary>
    public static string FixingReason(this SupplementSection? s) => s?.DebtCoverage is { } c
        ? $"låneregisteret mangler datoen for fastrenteperiodens slutt for {c.FixedExposedWithoutFixingEnd} av {c.FixedExposedLoans} fastrentelån i det renteeksponerte grunnlaget"
        : "låneregisteret har ingen lån for datoen";

    [GeneratedRegex(@"L(\d+(?:\s*[-–]\s*L?\d+)?)")]
    private static partial Regex LineRef();
}
