using Npgsql;

namespace Finance.Tests;

/// <summary>
/// Which store the tests run on. By default every test service gets its own SQLite file. When the environment variable
/// <c>FINANCE_TEST_POSTGRES</c> holds a PostgreSQL server's connection string (e.g.
/// <c>Host=127.0.0.1;Port=55432;Username=finance</c>), every test service gets a fresh database on that server instead
/// (<c>finance_t_&lt;random&gt;</c>), dropped when the test is done.
/// </summary>
public static class TestStore
{
    public const string Variable = "FINANCE_TEST_POSTGRES";

    /// <summary>The PostgreSQL server of this test run, or null (SQLite).</summary>
    public static string? PostgresServer { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    public static bool IsPostgres => PostgresServer is not null;

    /// <summary>The audit key the test services use on PostgreSQL (configured, as several instances would share it).</summary>
    public const string PostgresAuditKey = "test-audit-key-for-postgresql-databases-0123456789";

    /// <summary>Creates an empty database on the test server; returns its connection string.</summary>
    public static string CreatePostgresDatabase()
    {
        var name = $"finance_t_{Guid.NewGuid():N}"[..26];
        using (var admin = new NpgsqlConnection(Admin()))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            create.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ToString();
    }

    /// <summary>Drops a database made by <see cref="CreatePostgresDatabase"/>, ending its connections.</summary>
    public static void DropPostgresDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(Admin());
        admin.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        drop.ExecuteNonQuery();
    }

    /// <summary>A plain connection to a test service's database, as someone outside the service would open it (no audit key).</summary>
    public static System.Data.Common.DbConnection OpenOutside(string connectionString)
    {
        System.Data.Common.DbConnection c = Finance.Data.Db.EngineOf(connectionString) == Finance.Data.Engine.PostgreSql
            ? new NpgsqlConnection(connectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        c.Open();
        return c;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> as someone who can write the database but is not the service: no audit entry is written.
    /// On SQLite a plain connection has no audit triggers; on PostgreSQL the triggers are part of the schema, so this runs
    /// with <c>session_replication_role = replica</c> (which skips them; the test server's user is a superuser), as an
    /// administrator tampering with the tables would.
    /// </summary>
    public static void Outside(string connectionString, string sql)
    {
        using var c = OpenOutside(connectionString);
        using var cmd = c.CreateCommand();
        cmd.CommandText = c is NpgsqlConnection ? "SET session_replication_role = replica; " + sql : sql;
        cmd.ExecuteNonQuery();
    }

    private static string Admin() => new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false }.ToString();
}

/// <summary>A test about the SQLite file itself (its bytes, WAL, the backup file, <c>sqlite_sequence</c>): skipped on PostgreSQL with the reason.</summary>
public sealed class SqliteOnlyFactAttribute : FactAttribute
{
    public SqliteOnlyFactAttribute(string reason)
    {
        if (TestStore.IsPostgres)
        {
            Skip = $"SQLite only: {reason}";
        }
    }
}

/// <summary>The <see cref="SqliteOnlyFactAttribute"/> of a theory.</summary>
public sealed class SqliteOnlyTheoryAttribute : TheoryAttribute
{
    public SqliteOnlyTheoryAttribute(string reason)
    {
        if (TestStore.IsPostgres)
        {
            Skip = $"SQLite only: {reason}";
        }
    }
}

/// <summary>A test of the PostgreSQL store itself: runs only when the tests run on PostgreSQL (<see cref="TestStore.Variable"/>).</summary>
public sealed class PostgresOnlyFactAttribute : FactAttribute
{
    public PostgresOnlyFactAttribute()
    {
        if (!TestStore.IsPostgres)
        {
            Skip = $"PostgreSQL only: set {TestStore.Variable} to a server's connection string to run it.";
        }
    }
}
