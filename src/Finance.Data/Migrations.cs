using System.Data.Common;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Finance.Data;

/// <summary>
/// Forward-only migrations: the numbered SQL files in <c>db/migrations</c> (<c>0001_fund.sql</c>, …), embedded in
/// this assembly, applied in order, each in its own transaction. The SHA-256 of every applied script is kept, and
/// start-up refuses a database whose applied script has since been edited — history is never rewritten.
/// </summary>
public static class Migrations
{
    public sealed record Script(int Version, string Name, string Sql)
    {
        public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
    }

    public static IReadOnlyList<Script> Embedded()
    {
        var assembly = typeof(Migrations).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n["migrations/".Length..^".sql".Length];
                var version = int.Parse(name[..name.IndexOf('_')], System.Globalization.CultureInfo.InvariantCulture);
                return new Script(version, name, ReadResource(assembly, n));
            })
            .OrderBy(s => s.Version)
            .ToList();
    }

    /// <returns>True when the database had no migrations applied before this call.</returns>
    public static bool Apply(DbConnection connection)
    {
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                sha256     TEXT NOT NULL,
                applied_at TEXT NOT NULL
            ) STRICT;
            """);
        var wasEmpty = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_migrations") == 0;

        foreach (var script in Embedded())
        {
            // IMMEDIATE takes the write lock first, so a second process starting at the same time waits and then skips.
            using var tx = connection.BeginWrite();
            var applied = connection.QuerySingleOrDefault<string>(
                "SELECT sha256 FROM schema_migrations WHERE version = @Version", new { script.Version }, tx);
            if (applied is null)
            {
                var tablesBefore = Audit.AuditTrail.Tables(connection, tx).ToDictionary(t => t, t => Columns(connection, tx, t));
                var auditBefore = HasAuditLog(connection, tx);
                connection.Execute(script.Sql, transaction: tx);
                if (HasAuditLog(connection, tx))
                {
                    // Rows a migration writes itself go into the audit trail too: those of its new tables and of tables it
                    // rebuilt with other columns (their rows' image changed), and when the trail is first created, every row
                    // already there (its baseline).
                    foreach (var table in Audit.AuditTrail.Tables(connection, tx)
                        .Where(t => !auditBefore || !tablesBefore.TryGetValue(t, out var columns) || columns != Columns(connection, tx, t)))
                    {
                        Audit.AuditTrail.LogRows(connection, tx, table, $"migration {script.Name}");
                    }
                }
                connection.Execute(
                    "INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (@Version, @Name, @Sha256, @At)",
                    new { script.Version, script.Name, script.Sha256, At = DateTime.UtcNow.ToString("O") }, tx);
            }
            else if (applied != script.Sha256)
            {
                throw new InvalidOperationException(
                    $"Migration {script.Name} was changed after it was applied. Migrations are forward-only: add a new numbered file instead.");
            }
            tx.Commit();
        }
        return wasEmpty;
    }

    private static string Columns(DbConnection c, DbTransaction tx, string table) =>
        string.Join(",", c.Query<string>("SELECT name FROM pragma_table_info(@table)", new { table }, tx));

    private static bool HasAuditLog(DbConnection c, DbTransaction tx) =>
        c.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'", transaction: tx) > 0;

    internal static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
