using System.Data.Common;
using System.Text.Json.Serialization;
using Finance.Core.Compliance;
using Finance.Data.Compliance;
using NodaTime;

namespace Finance.Reports.Snapshots;

/// <summary>
/// Compliance with the finansreglement at the snapshot date (<see cref="ComplianceFigures.Check"/>): every limit with its
/// actual value, bounds, status (<c>ok</c>, <c>breach</c>, <c>unknown</c>) and basis (<c>computed</c>, <c>attested</c>,
/// <c>missing</c>), and the deviation register (avvik) of the year up to the date.
/// <para>
/// The monthly snapshot is where breaches are detected: when it is stored (<see cref="MonthlySnapshot.Run"/>) it calls
/// <see cref="ComplianceFigures.Detect"/> in the same write transaction, so a breach at a month end is recorded in the
/// register dated that month end, and the frozen snapshot lists it. A continuing breach is recorded once, so a second
/// run changes nothing (same document, same hash). A live preview (a report without a frozen snapshot) only checks and
/// records nothing (<see cref="BreachesRecorded"/> false).
/// </para>
/// </summary>
public sealed record ComplianceSection(
    LocalDate AsOf,
    long? PolicyVersion,
    LocalDate PeriodFrom,
    [property: JsonPropertyName("checks")] IReadOnlyList<ComplianceLimit> Limits,
    int OkCount,
    [property: JsonPropertyName("breaches")] int BreachCount,
    [property: JsonPropertyName("unknown")] int UnknownCount,
    bool BreachesRecorded,
    IReadOnlyList<ComplianceDeviation> Deviations);

public sealed record ComplianceLimit(string LimitId, string Area, string Description, decimal? Actual, decimal? Min, decimal? Max, string? Unit,
    string Status, string Basis, string? Note);

/// <summary>
/// A deviation open at some time from <see cref="ComplianceSection.PeriodFrom"/> to the snapshot date. A resolution dated
/// after the snapshot is not shown (<see cref="ResolvedOn"/> null): the snapshot knows nothing later than its date.
/// </summary>
public sealed record ComplianceDeviation(long Id, string LimitId, long PolicyVersion, LocalDate DetectedOn, decimal? Actual, string? Min, string? Max,
    string? Unit, string Description, string? Explanation, string? Handling, LocalDate? ResolvedOn);

public static class ComplianceSectionBuilder
{
    /// <summary>
    /// Checks every limit at <paramref name="asOf"/>; with <paramref name="recordAt"/> (the stored snapshot) records the
    /// breaches in the deviation register first (<see cref="ComplianceFigures.Detect"/>), without it only reads.
    /// Null (with a note) when no regulations are in force.
    /// </summary>
    public static ComplianceSection? Build(DbConnection c, DbTransaction tx, LocalDate asOf, Instant? recordAt, List<string> notes)
    {
        var report = recordAt is { } now ? ComplianceFigures.Detect(c, tx, asOf, now).Report : ComplianceFigures.Check(c, tx, asOf);
        if (report.Policy is null)
        {
            notes.Add($"Ingen rammekontroll: ingen versjon av finansreglementet gjelder per {asOf:dd.MM.yyyy}.");
            return null;
        }
        var from = new LocalDate(asOf.Year, 1, 1);
        var deviations = ComplianceStore.Deviations(c, from, asOf, tx)
            .Select(d => new ComplianceDeviation(d.Id, d.LimitId, d.PolicyVersion, d.DetectedOn, d.Actual, d.Min, d.Max, d.Unit, d.Description,
                d.Explanation, d.Handling, d.ResolvedOn is { } r && r <= asOf ? r : null))
            .ToList();
        var limits = report.Checks.Select(x => new ComplianceLimit(x.LimitId, x.Area, x.Description, x.Actual, x.Min, x.Max, x.Unit,
            Code(x.Status.ToString()), Code(x.Basis.ToString()), x.Note)).ToList();
        var unknown = report.Checks.Count(x => x.Status == ComplianceStatus.Unknown);
        if (unknown > 0)
        {
            notes.Add($"{unknown} av finansreglementets rammer kan ikke kontrolleres per {asOf:dd.MM.yyyy}: systemet har verken data eller attestasjon for dem.");
        }
        return new ComplianceSection(asOf, report.Policy.Version, from, limits,
            report.Checks.Count(x => x.Status == ComplianceStatus.Ok),
            report.Checks.Count(x => x.Status == ComplianceStatus.Breach),
            unknown, recordAt is not null, deviations);
    }

    private static string Code(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
