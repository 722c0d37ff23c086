using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Text;

namespace Finance.Data;

/// <summary>
/// The SQLite store. Every connection enforces foreign keys and waits for a busy writer instead of failing;
/// the file runs in WAL mode with <c>synchronous=FULL</c>, so a committed transaction survives a crash or
/// power loss and readers never block the writer.
/// Conventions (see db/migrations): decimals are TEXT (exact; a DECIMAL column would silently become a
/// float), dates are ISO <c>yyyy-MM-dd</c> TEXT, months <c>yyyy-MM</c>, instants ISO-8601 UTC.
/// </summary>
public sealed class Db
{
    static Db() => TypeHandlers.Register();

    /// <summary>The database file when <c>ConnectionStrings:Finance</c> is not set: <c>finance.db</c> in the working directory.</summary>
    public const string DefaultFile = "finance.db";

    /// <summary>The connection string when <c>ConnectionStrings:Finance</c> is not set (the one place this default is written).</summary>
    public const string DefaultConnectionString = "Data Source=" + DefaultFile;

    /// <summary>The store of the configured connection string (<c>ConnectionStrings:Finance</c>), or of <see cref="DefaultConnectionString"/>.</summary>
    public static Db FromConfigured(string? connectionString) =>
        new(string.IsNullOrWhiteSpace(connectionString) ? DefaultConnectionString : connectionString);

    public Db(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true, DefaultTimeout = 30 };
        ConnectionString = builder.ToString();
        DataSource = builder.DataSource;
    }

    public string ConnectionString { get; }

    /// <summary>The database file (or <c>:memory:</c>).</summary>
    public string DataSource { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        connection.Execute("PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL;");
        Audit.AuditTrail.Attach(connection);
        return connection;
    }

    /// <summary>
    /// A connection for reading only: no audit functions or triggers are attached (a read fires none), which saves the
    /// statements <see cref="Open"/> runs on every checkout of a pooled connection. Nothing stops a write on it, but a
    /// write here would go unlogged and then be reported by the audit verification: write only through <see cref="Open"/>.
    /// </summary>
    public SqliteConnection OpenRead()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction (<c>BEGIN IMMEDIATE</c>): all of it is stored or none.
    /// </summary>
    public T InTransaction<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        using var connection = Open();
        using var tx = connection.BeginTransaction(deferred: false);
        var result = work(connection, tx);
        tx.Commit();
        return result;
    }

    public void InTransaction(Action<SqliteConnection, SqliteTransaction> work) =>
        InTransaction<object?>((c, tx) => { work(c, tx); return null; });

    /// <summary>Creates or upgrades the database: WAL mode, then the numbered migrations in db/migrations.</summary>
    /// <returns>True when the database had no schema before (a new, empty database).</returns>
    public bool Migrate()
    {
        using var connection = Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        return Migrations.Apply(connection);
    }
}

/// <summary>Dates as stored (ISO <c>yyyy-MM-dd</c> TEXT), read without the general pattern parser.</summary>
public static class IsoDate
{
    /// <summary>
    /// <c>yyyy-MM-dd</c> read digit by digit (a tenth of <see cref="LocalDatePattern.Iso"/>'s time, which counts when a
    /// register of 100 000 loans is read with three dates a row); any other shape goes to the pattern, which names the fault.
    /// </summary>
    public static LocalDate Parse(string s)
    {
        if (s.Length == 10 && s[4] == '-' && s[7] == '-'
            && Digits(s, 0, 4) is var year and >= 1 && Digits(s, 5, 2) is var month and >= 1 and <= 12 && Digits(s, 8, 2) is var day and >= 1
            && day <= CalendarSystem.Iso.GetDaysInMonth(year, month))
        {
            return new LocalDate(year, month, day);
        }
        return LocalDatePattern.Iso.Parse(s).GetValueOrThrow();
    }

    private static int Digits(string s, int start, int count)
    {
        var n = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = s[i] - '0';
            if (d is < 0 or > 9) return -1;
            n = n * 10 + d;
        }
        return n;
    }
}

/// <summary>Dapper mappings for NodaTime values and exact decimals stored as TEXT.</summary>
internal static class TypeHandlers
{
    public static void Register()
    {
        SqlMapper.AddTypeHandler(new LocalDateHandler());
        SqlMapper.AddTypeHandler(new YearMonthHandler());
        SqlMapper.AddTypeHandler(new InstantHandler());
        SqlMapper.RemoveTypeMap(typeof(decimal));
        SqlMapper.RemoveTypeMap(typeof(decimal?));
        SqlMapper.AddTypeHandler(new DecimalHandler());
    }

    private sealed class LocalDateHandler : SqlMapper.TypeHandler<LocalDate>
    {
        public override void SetValue(IDbDataParameter parameter, LocalDate value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = LocalDatePattern.Iso.Format(value);
        }

        public override LocalDate Parse(object value) => IsoDate.Parse((string)value);
    }

    private sealed class YearMonthHandler : SqlMapper.TypeHandler<YearMonth>
    {
        public override void SetValue(IDbDataParameter parameter, YearMonth value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = YearMonthPattern.Iso.Format(value);
        }

        public override YearMonth Parse(object value) => YearMonthPattern.Iso.Parse((string)value).GetValueOrThrow();
    }

    private sealed class InstantHandler : SqlMapper.TypeHandler<Instant>
    {
        public override void SetValue(IDbDataParameter parameter, Instant value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = InstantPattern.ExtendedIso.Format(value);
        }

        public override Instant Parse(object value) => InstantPattern.ExtendedIso.Parse((string)value).GetValueOrThrow();
    }

    /// <summary>Decimals go in and out as invariant text, so no digit is lost to a double.</summary>
    private sealed class DecimalHandler : SqlMapper.TypeHandler<decimal>
    {
        public override void SetValue(IDbDataParameter parameter, decimal value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = value.ToString(CultureInfo.InvariantCulture);
        }

        public override decimal Parse(object value) => value switch
        {
            string s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
            long l => l,
            double d => (decimal)d,
            _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        };
    }
}
