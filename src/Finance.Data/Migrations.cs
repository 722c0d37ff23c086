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
/// PostgreSQL has its own folder, <c>db/migrations-postgresql</c>: one file of the same number and name for each SQLite
/// migration (a comment and <c>SELECT 1</c> where the migration concerns SQLite only).
/// </summary>
public static class Migrations
{
    public sealed record Script(int Version, string Name, string Sql)
    {
        public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
    }

    public static IReadOnlyList<Script> Embedded(Engine engine = Engine.Sqlite)
    {
        var assembly = typeof(Migrations).Assembly;
        var folder = engine == Engine.PostgreSql ? "migrations-postgresql/" : "migrations/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[folder.Length..^".sql".Length];
                var version = int.Parse(name[..name.IndexOf('_')], System.Globalization.CultureInfo.InvariantCulture);
                return new Script(version, name, ReadResource(assembly, n));
            })
            .OrderBy(s => s.Version)
            .ToList();
    }

    /// <returns>True when the database had no migrations applied before this call.</returns>
    public static bool Apply(DbConnection connection)
    {
        var engine = Db.EngineOf(connection);
        if (engine == Engine.PostgreSql)
        {
            // Under the write lock: a second instance starting at the same time waits, then finds the table.
            using var tx = connection.BeginWrite();
            connection.Execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    bigint PRIMARY KEY,
                    name       text NOT NULL,
                    sha256     text NOT NULL,
                    applied_at text NOT NULL
                );
                """, transaction: tx);
            tx.Commit();
        }
        else
        {
            connection.Execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    INTEGER PRIMARY KEY,
                    name       TEXT NOT NULL,
                    sha256     TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                ) STRICT;
                """);
        }
        var wasEmpty = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_migrations") == 0;

        foreach (var script in Embedded(engine))
        {
            // IMMEDIATE takes the write lock first, so a second process starting at the same time waits and then skips.
            using var tx = connection.BeginWrite();
            var applied = connection.QuerySingleOrDefault<string>(
                "SELECT sha256 FROM schema_migrations WHERE version = @Version", new { script.Version }, tx);
            if (applied is null)
            {
                var tablesBefore = TableColumns(connection, tx);
                var auditBefore = HasAuditLog(connection, tx);
                connection.Execute(script.Sql, transaction: tx);
                if (HasAuditLog(connection, tx))
                {
                    // Rows a migration writes itself go into the audit trail too: those of its new tables and of tables it
                    // rebuilt with other columns (their rows' image changed), and when the trail is first created, every row
                    // already there (its baseline).
                    foreach (var (table, _) in TableColumns(connection, tx)
                        .Where(t => !auditBefore || !tablesBefore.TryGetValue(t.Key, out var columns) || columns != t.Value))
                    {
                        if (engine == Engine.PostgreSql)
                        {
                            Audit.PostgresAudit.LogRows(connection, tx, table, $"migration {script.Name}");
                        }
                        else
                        {
                            Audit.AuditTrail.LogRows(connection, tx, table, $"migration {script.Name}");
                        }
                    }
                }
                if (engine == Engine.PostgreSql)
                {
                    // PostgreSQL's audit triggers are part of the schema: (re)made for the tables as this migration left them.
                    Audit.PostgresAudit.Install(connection, tx);
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

    /// <summary>The audited tables, each with its columns (comma-separated, in order).</summary>
    private static Dictionary<string, string> TableColumns(DbConnection c, DbTransaction tx) => c.IsPostgreSql()
        ? Audit.PostgresAudit.Tables(c, tx).ToDictionary(t => t.Name, t => string.Join(",", t.Columns))
        : Audit.AuditTrail.Tables(c, tx).ToDictionary(t => t, t => string.Join(",", c.Query<string>("SELECT name FROM pragma_table_info(@table)", new { table = t }, tx)));

    private static bool HasAuditLog(DbConnection c, DbTransaction tx) => c.IsPostgreSql()
        ? Audit.PostgresAudit.HasTable(c, tx, "audit_log")
        : c.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'", transaction: tx) > 0;

    internal static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
