using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Finance.Data.Compliance;

public sealed record AttestationRow
{
    public required LocalDate AsOf { get; init; }
    public required string LimitId { get; init; }
    public required bool Compliant { get; init; }
    public decimal? Actual { get; init; }
    public required string Source { get; init; }
}

public sealed record DeviationRow
{
    public long Id { get; init; }
    public required string LimitId { get; init; }
    public required long PolicyVersion { get; init; }
    public required LocalDate DetectedOn { get; init; }
    public required Instant DetectedAt { get; init; }
    public decimal? Actual { get; init; }
    public string? Min { get; init; }
    public string? Max { get; init; }
    public string? Unit { get; init; }
    public required string Description { get; init; }
    public string? Explanation { get; init; }
    public string? Handling { get; init; }
    public LocalDate? ResolvedOn { get; init; }
    public string? UpdatedBy { get; init; }
}

/// <summary>Attestations and the deviation register: SQL only.</summary>
public static class ComplianceStore
{
    /// <summary>The latest attestation of a limit on or before <paramref name="asOf"/>, at most a year old.</summary>
    public static AttestationRow? Attestation(DbConnection c, string limitId, LocalDate asOf, DbTransaction? tx = null) =>
        c.QuerySingleOrDefault<AttestationRow>("""
            SELECT as_of AS AsOf, limit_id AS LimitId, compliant AS Compliant, actual AS Actual, source AS Source
            FROM limit_attestations WHERE limit_id = @limitId AND as_of <= @asOf AND as_of > @yearBefore
            ORDER BY as_of DESC LIMIT 1
            """, new { limitId, asOf, yearBefore = asOf.PlusYears(-1) }, tx);

    public static void UpsertAttestation(DbConnection c, DbTransaction tx, AttestationRow a) => c.Execute("""
        INSERT INTO limit_attestations (as_of, limit_id, compliant, actual, source) VALUES (@AsOf, @LimitId, @Compliant, @Actual, @Source)
        ON CONFLICT (as_of, limit_id) DO UPDATE SET compliant = excluded.compliant, actual = excluded.actual, source = excluded.source
        """, a, tx);

    public static IReadOnlyList<AttestationRow> Attestations(DbConnection c) =>
        c.Query<AttestationRow>("""
            SELECT as_of AS AsOf, limit_id AS LimitId, compliant AS Compliant, actual AS Actual, source AS Source
            FROM limit_attestations ORDER BY as_of, limit_id
            """).ToList();

    /// <summary>
    /// Records a breach unless the same limit already has an unresolved deviation under the same version of the
    /// regulations (one deviation per continuing breach). Returns the deviation.
    /// </summary>
    public static DeviationRow RecordBreach(DbConnection c, DbTransaction tx, DeviationRow d)
    {
        var open = c.QuerySingleOrDefault<long?>("""
            SELECT id FROM deviations WHERE limit_id = @LimitId AND policy_version = @PolicyVersion
              AND (resolved_on IS NULL OR resolved_on >= @DetectedOn) AND detected_on <= @DetectedOn
            ORDER BY detected_on DESC LIMIT 1
            """, d, tx);
        var id = open ?? c.ExecuteScalar<long>("""
            INSERT INTO deviations (limit_id, policy_version, detected_on, detected_at, actual, min, max, unit, description)
            VALUES (@LimitId, @PolicyVersion, @DetectedOn, @DetectedAt, @Actual, @Min, @Max, @Unit, @Description)
            ON CONFLICT (limit_id, policy_version, detected_on) DO UPDATE SET actual = excluded.actual
            RETURNING id
            """, d, tx);
        return Deviation(c, id, tx)!;
    }

    private const string Columns = """
        id AS Id, limit_id AS LimitId, policy_version AS PolicyVersion, detected_on AS DetectedOn, detected_at AS DetectedAt,
        actual AS Actual, min AS Min, max AS Max, unit AS Unit, description AS Description, explanation AS Explanation,
        handling AS Handling, resolved_on AS ResolvedOn, updated_by AS UpdatedBy
        """;

    public static DeviationRow? Deviation(DbConnection c, long id, DbTransaction? tx = null) =>
        c.QuerySingleOrDefault<DeviationRow>($"SELECT {Columns} FROM deviations WHERE id = @id", new { id }, tx);

    /// <summary>Deviations open at any time in the period: detected on or before its end and not resolved before its start.</summary>
    public static IReadOnlyList<DeviationRow> Deviations(DbConnection c, LocalDate from, LocalDate to, DbTransaction? tx = null) =>
        c.Query<DeviationRow>($"""
            SELECT {Columns} FROM deviations
            WHERE detected_on <= @to AND (resolved_on IS NULL OR resolved_on >= @from)
            ORDER BY detected_on, id
            """, new { from, to }, tx).ToList();

    public static void Handle(DbConnection c, DbTransaction tx, long id, string? explanation, string? handling, LocalDate? resolvedOn, string updatedBy) => c.Execute("""
        UPDATE deviations SET explanation = @explanation, handling = @handling, resolved_on = @resolvedOn, updated_by = @updatedBy
        WHERE id = @id AND (explanation IS DISTINCT FROM @explanation OR handling IS DISTINCT FROM @handling
            OR resolved_on IS DISTINCT FROM @resolvedOn)
        """, new { id, explanation, handling, resolvedOn, updatedBy }, tx);
}

public static class ComplianceDemoData
{
    /// <summary>
    /// Limits the registers cannot compute (credit quality, subordinated loans, management style) as the 2025 report
    /// attests them: Note 7 "De faktiske investeringene er innenfor vedtatte rammer" and the finance report's assessment
    /// of the active sustainable frame (see db/seed/limit_attestations.csv).
    /// </summary>
    public static void Load(DbConnection c, DbTransaction tx)
    {
        foreach (var r in SeedFiles.Read("limit_attestations.csv"))
        {
            ComplianceStore.UpsertAttestation(c, tx, new AttestationRow
            {
                AsOf = r.Date("as_of"),
                LimitId = r["limit_id"],
                Compliant = r["compliant"] == "true",
                Actual = r.DecimalOrNull("actual"),
                Source = r["source"],
            });
        }
    }
}
