using System.Data.Common;
using Dapper;
using Finance.Core.Policy;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Finance.Data.Policy;

/// <summary>The financial regulations (finansreglement) as versioned data: SQL only.</summary>
public static class PolicyStore
{
    /// <summary>The version in force at <paramref name="date"/>: the latest whose valid_from is on or before it.</summary>
    public static PolicyInForce? InForce(DbConnection c, LocalDate date, DbTransaction? tx = null)
    {
        var version = c.QuerySingleOrDefault<PolicyVersionRow>("""
            SELECT version AS Version, valid_from AS ValidFrom, name AS Name
            FROM policy_versions WHERE valid_from <= @date ORDER BY valid_from DESC LIMIT 1
            """, new { date }, tx);
        return version is null ? null : new PolicyInForce(version, Limits(c, version.Version, tx));
    }

    public static IReadOnlyList<PolicyVersionRow> Versions(DbConnection c, DbTransaction? tx = null) =>
        c.Query<PolicyVersionRow>("SELECT version AS Version, valid_from AS ValidFrom, name AS Name FROM policy_versions ORDER BY valid_from", transaction: tx).ToList();

    /// <summary>The first version (for a new version dated before all others: it carries over from it).</summary>
    public static PolicyInForce? Earliest(DbConnection c, DbTransaction? tx = null) =>
        Versions(c, tx).FirstOrDefault() is { } v ? new PolicyInForce(v, Limits(c, v.Version, tx)) : null;

    public static IReadOnlyList<PolicyLimitRow> Limits(DbConnection c, long version, DbTransaction? tx = null) =>
        c.Query<PolicyLimitRow>("""
            SELECT limit_id AS LimitId, area AS Area, description AS Description, min AS Min, max AS Max,
                   target AS Target, unit AS Unit, source AS Source
            FROM policy_limits WHERE version = @version ORDER BY rowid
            """, new { version }, tx).ToList();

    public static long AddVersion(DbConnection c, DbTransaction tx, LocalDate validFrom, string name, Instant createdAt, IEnumerable<PolicyLimitRow> limits)
    {
        var version = c.ExecuteScalar<long>("""
            INSERT INTO policy_versions (valid_from, name, created_at) VALUES (@validFrom, @name, @createdAt) RETURNING version
            """, new { validFrom, name, createdAt }, tx);
        foreach (var l in limits)
        {
            c.Execute("""
                INSERT INTO policy_limits (version, limit_id, area, description, min, max, target, unit, source)
                VALUES (@version, @LimitId, @Area, @Description, @Min, @Max, @Target, @Unit, @Source)
                """, new { version, l.LimitId, l.Area, l.Description, l.Min, l.Max, l.Target, l.Unit, l.Source }, tx);
        }
        return version;
    }
}

public static class PolicyDemoData
{
    /// <summary>The finansreglement adopted by the council 14.12.2022 (KS 118/22), as the 2025 report states its limits.</summary>
    public static void Load(DbConnection c, DbTransaction tx, IClock clock)
    {
        var limits = SeedFiles.Read("policy_2022.csv").Select(r => new PolicyLimitRow
        {
            LimitId = r["limit_id"],
            Area = r["area"],
            Description = r["description"],
            Min = r.TextOrNull("min"),
            Max = r.TextOrNull("max"),
            Target = r.TextOrNull("target"),
            Unit = r.TextOrNull("unit"),
            Source = r.TextOrNull("source_line"),
        });
        PolicyStore.AddVersion(c, tx, new LocalDate(2022, 12, 14), "Finansreglement KS 118/22 (14.12.2022)", clock.GetCurrentInstant(), limits);
    }
}
