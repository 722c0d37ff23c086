using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Finance.Data.Stress;

public sealed record StressOffsetRow
{
    public required LocalDate AsOf { get; init; }
    public required string Item { get; init; }
    public required decimal AmountNok { get; init; }
    public string? Note { get; init; }
}

public sealed record StoredStressTestRow
{
    public required long Id { get; init; }
    public required LocalDate AsOf { get; init; }
    public required string Document { get; init; }
    public required string ContentHash { get; init; }
}

/// <summary>Offsetting items and stored stress tests: SQL only.</summary>
public static class StressStore
{
    /// <summary>The offsetting items of the latest set dated on or before <paramref name="asOf"/>.</summary>
    public static IReadOnlyList<StressOffsetRow> OffsetsAt(DbConnection c, LocalDate asOf, DbTransaction? tx = null) =>
        c.Query<StressOffsetRow>("""
            SELECT as_of AS AsOf, item AS Item, amount_nok AS AmountNok, note AS Note FROM stress_offsets
            WHERE as_of = (SELECT MAX(as_of) FROM stress_offsets WHERE as_of <= @asOf)
            ORDER BY item
            """, new { asOf }, tx).ToList();

    public static void ReplaceOffsets(DbConnection c, DbTransaction tx, LocalDate asOf, IEnumerable<StressOffsetRow> items)
    {
        c.Execute("DELETE FROM stress_offsets WHERE as_of = @asOf", new { asOf }, tx);
        foreach (var i in items)
        {
            c.Execute("INSERT INTO stress_offsets (as_of, item, amount_nok, note) VALUES (@AsOf, @Item, @AmountNok, @Note)", i, tx);
        }
    }

    public static long Insert(DbConnection c, DbTransaction tx, LocalDate asOf, Instant createdAt, string createdBy, long policyVersion, string contentHash, Func<long, string> document)
    {
        var id = c.ExecuteScalar<long>("SELECT COALESCE(MAX(id), 0) + 1 FROM stress_tests", transaction: tx);
        c.Execute("""
            INSERT INTO stress_tests (id, as_of, created_at, created_by, policy_version, content_hash, document)
            VALUES (@id, @asOf, @createdAt, @createdBy, @policyVersion, @contentHash, @document)
            """, new { id, asOf, createdAt, createdBy, policyVersion, contentHash, document = document(id) }, tx);
        return id;
    }

    public static StoredStressTestRow? Get(DbConnection c, long id) =>
        c.QuerySingleOrDefault<StoredStressTestRow>(
            "SELECT id AS Id, as_of AS AsOf, document AS Document, content_hash AS ContentHash FROM stress_tests WHERE id = @id", new { id });

    public static IReadOnlyList<StoredStressTestRow> ForYear(DbConnection c, int? year) =>
        c.Query<StoredStressTestRow>("""
            SELECT id AS Id, as_of AS AsOf, document AS Document, content_hash AS ContentHash FROM stress_tests
            WHERE as_of BETWEEN @first AND @last ORDER BY as_of, id
            """, new { first = new LocalDate(year ?? 1, 1, 1), last = new LocalDate(year ?? 9999, 12, 31) }).ToList();
}

public static class StressDemoData
{
    /// <summary>The offsetting items of Tabell 4.1 at 31.12.2025 (db/seed/stress_offsets.csv).</summary>
    public static void Load(DbConnection c, DbTransaction tx)
    {
        foreach (var g in SeedFiles.Read("stress_offsets.csv").GroupBy(r => r.Date("as_of")))
        {
            StressStore.ReplaceOffsets(c, tx, g.Key, g.Select(r => new StressOffsetRow
            {
                AsOf = g.Key, Item = r["item"], AmountNok = r.Decimal("amount_nok"), Note = r.TextOrNull("note"),
            }));
        }
    }
}
