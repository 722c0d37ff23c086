using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Finance.Data.Snapshots;

/// <summary>A stored monthly snapshot: the frozen document and its SHA-256.</summary>
public sealed record SnapshotRow
{
    public required YearMonth Month { get; init; }
    public required long Version { get; init; }
    public required LocalDate AsOf { get; init; }
    public required Instant CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public required string Label { get; init; }
    public required string ContentHash { get; init; }
    public required string Document { get; init; }

    /// <summary>The audit trail's head when the snapshot was frozen, <c>seq:hash</c> (null for a snapshot from before heads were kept).</summary>
    public string? AuditHead { get; init; }
}

/// <summary>A stored report draft.</summary>
public sealed record ReportDraftRow
{
    public required long Id { get; init; }
    public required string Kind { get; init; }
    public required long Year { get; init; }
    public long? Tertial { get; init; }
    public required YearMonth SnapshotMonth { get; init; }
    public required long SnapshotVersion { get; init; }
    public required Instant CreatedAt { get; init; }
    public required string ContentHash { get; init; }
    public required string Document { get; init; }
}

/// <summary>Snapshots and report drafts: SQL only. Both tables refuse UPDATE and DELETE (triggers in 0040).</summary>
public static class SnapshotStore
{
    private const string Columns = """
        month AS Month, version AS Version, as_of AS AsOf, created_at AS CreatedAt, created_by AS CreatedBy,
        label AS Label, content_hash AS ContentHash, document AS Document,
        (SELECT CAST(h.audit_seq AS TEXT) || ':' || h.audit_hash FROM snapshot_heads h WHERE h.month = snapshots.month AND h.version = snapshots.version) AS AuditHead
        """;

    public static SnapshotRow? Latest(DbConnection c, YearMonth month, DbTransaction? tx = null) =>
        c.QuerySingleOrDefault<SnapshotRow>(
            $"SELECT {Columns} FROM snapshots WHERE month = @month ORDER BY version DESC LIMIT 1", new { month }, tx);

    public static SnapshotRow? Get(DbConnection c, YearMonth month, long version, DbTransaction? tx = null) =>
        c.QuerySingleOrDefault<SnapshotRow>(
            $"SELECT {Columns} FROM snapshots WHERE month = @month AND version = @version", new { month, version }, tx);

    public static IReadOnlyList<SnapshotRow> Versions(DbConnection c, YearMonth month, DbTransaction? tx = null) =>
        c.Query<SnapshotRow>($"SELECT {Columns} FROM snapshots WHERE month = @month ORDER BY version", new { month }, tx).ToList();

    /// <summary>Every stored version, newest month first; the document is left out (it can be large).</summary>
    public static IReadOnlyList<SnapshotRow> List(DbConnection c, int? year, DbTransaction? tx = null) =>
        c.Query<SnapshotRow>("""
            SELECT month AS Month, version AS Version, as_of AS AsOf, created_at AS CreatedAt, created_by AS CreatedBy,
                   label AS Label, content_hash AS ContentHash, '' AS Document
            FROM snapshots WHERE month BETWEEN @first AND @last
            ORDER BY month DESC, version DESC
            """, new { first = new YearMonth(year ?? 1, 1), last = new YearMonth(year ?? 9999, 12) }, tx).ToList();

    /// <summary>The latest month with any snapshot, or null.</summary>
    public static YearMonth? LatestMonth(DbConnection c, DbTransaction? tx = null) =>
        // No row (not a NULL from MAX) when there is no snapshot: the month handler cannot read a NULL.
        c.QueryFirstOrDefault<YearMonth?>("SELECT month FROM snapshots ORDER BY month DESC LIMIT 1", transaction: tx);

    /// <summary>Stores the snapshot and, beside it, the audit trail's head right after it (its own entry): seq and hash.</summary>
    public static void Insert(DbConnection c, DbTransaction tx, SnapshotRow row) => c.Execute("""
        INSERT INTO snapshots (month, version, as_of, created_at, created_by, label, content_hash, document)
        VALUES (@Month, @Version, @AsOf, @CreatedAt, @CreatedBy, @Label, @ContentHash, @Document);
        INSERT INTO snapshot_heads (month, version, audit_seq, audit_hash)
        SELECT @Month, @Version, seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1;
        """, row, tx);

    public static ReportDraftRow? FindDraft(DbConnection c, string kind, int year, int? tertial, string contentHash, DbTransaction? tx = null) =>
        c.QuerySingleOrDefault<ReportDraftRow>($"""
            SELECT {DraftColumns} FROM report_drafts
            WHERE kind = @kind AND year = @year AND COALESCE(tertial, 0) = COALESCE(@tertial, 0) AND content_hash = @contentHash
            """, new { kind, year, tertial, contentHash }, tx);

    public static IReadOnlyList<ReportDraftRow> Drafts(DbConnection c, int? year) =>
        c.Query<ReportDraftRow>($"""
            SELECT {DraftColumns} FROM report_drafts WHERE @year IS NULL OR year = @year ORDER BY year DESC, kind, tertial, id DESC
            """, new { year }).ToList();

    public static long InsertDraft(DbConnection c, DbTransaction tx, ReportDraftRow row) => c.ExecuteScalar<long>("""
        INSERT INTO report_drafts (kind, year, tertial, snapshot_month, snapshot_version, created_at, content_hash, document)
        VALUES (@Kind, @Year, @Tertial, @SnapshotMonth, @SnapshotVersion, @CreatedAt, @ContentHash, @Document)
        RETURNING id
        """, row, tx);

    private const string DraftColumns = """
        id AS Id, kind AS Kind, year AS Year, tertial AS Tertial, snapshot_month AS SnapshotMonth,
        snapshot_version AS SnapshotVersion, created_at AS CreatedAt, content_hash AS ContentHash, document AS Document
        """;
}
