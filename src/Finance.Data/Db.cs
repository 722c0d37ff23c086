using System.Data.Common;
using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Text;

namespace Finance.Data;

/// <summary>
/// The SQLite store. Every connection enforces foreign keys; the file runs in WAL mode with <c>synchronous=FULL</c>, so a
/// committed transaction survives a crash or power loss and readers never block the writer. A write waits for another
/// writer at most <see cref="WriteWait"/> (in this process in order of arrival, behind a write gate; across processes
/// through SQLite's busy timeout) and then fails with <see cref="DatabaseBusyException"/> or SQLite's <c>SQLITE_BUSY</c>,
/// which the API answers with 503 and <c>Retry-After</c> — never half-written.
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
    public static Db FromConfigured(string? connectionString, string? auditKey = null, string? auditKeyFile = null, TimeSpan? writeWait = null) =>
        new(string.IsNullOrWhiteSpace(connectionString) ? DefaultConnectionString : connectionString, auditKey, auditKeyFile, writeWait);

    /// <summary>
    /// The database file a connection string names, beside which the scheduler's and the key's files go; for one that
    /// names no SQLite file (a server database, <c>:memory:</c>) the working directory's <see cref="DefaultFile"/>.
    /// </summary>
    public static string FileOf(string? connectionString)
    {
        try
        {
            return new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? DefaultConnectionString : connectionString)
                .DataSource is { Length: > 0 } file && file != ":memory:" ? file : DefaultFile;
        }
        catch (ArgumentException)
        {
            return DefaultFile;
        }
    }

    public static readonly TimeSpan DefaultWriteWait = TimeSpan.FromSeconds(15);

    private readonly Lazy<byte[]> _auditKey;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    /// <param name="connectionString">The SQLite connection string.</param>
    /// <param name="auditKey">The audit trail's key (<c>Audit:Key</c>); null: read from <paramref name="auditKeyFile"/>.</param>
    /// <param name="auditKeyFile">The key file (<c>Audit:KeyFile</c>); null: <c>&lt;database&gt;.audit-key</c>, created when missing.</param>
    /// <param name="writeWait">How long a write waits for the write lock (default 15 s).</param>
    public Db(string connectionString, string? auditKey = null, string? auditKeyFile = null, TimeSpan? writeWait = null)
    {
        WriteWait = writeWait ?? DefaultWriteWait;
        var builder = new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true, DefaultTimeout = Math.Max(1, (int)Math.Ceiling(WriteWait.TotalSeconds)) };
        ConnectionString = builder.ToString();
        DataSource = builder.DataSource;
        _auditKey = new Lazy<byte[]>(() => Audit.AuditKey.Resolve(auditKey, auditKeyFile, DataSource));
    }

    public string ConnectionString { get; }

    /// <summary>The database file (or <c>:memory:</c>).</summary>
    public string DataSource { get; }

    /// <summary>How long a write waits for another writer before it gives up (busy timeout and write gate).</summary>
    public TimeSpan WriteWait { get; }

    /// <summary>The audit trail's key (never stored in the database).</summary>
    internal byte[] AuditKey => _auditKey.Value;

    public DbConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        connection.Execute($"PRAGMA busy_timeout = {(long)WriteWait.TotalMilliseconds}; PRAGMA synchronous = FULL;");
        Audit.AuditTrail.Attach(connection, AuditKey);
        return connection;
    }

    /// <summary>
    /// A connection for reading only: no audit functions or triggers are attached (a read fires none), which saves the
    /// statements <see cref="Open"/> runs on every checkout of a pooled connection. Nothing stops a write on it, but a
    /// write here would go unlogged and then be reported by the audit verification: write only through <see cref="Open"/>.
    /// </summary>
    public DbConnection OpenRead()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction (<c>BEGIN IMMEDIATE</c>): all of it is stored or none. Writes of
    /// this process queue at the write gate in order of arrival, so a long import delays a small write by at most
    /// <see cref="WriteWait"/>; past that, <see cref="DatabaseBusyException"/>.
    /// </summary>
    public T InTransaction<T>(Func<DbConnection, DbTransaction, T> work)
    {
        if (!_writeGate.Wait(WriteWait))
        {
            throw new DatabaseBusyException(WriteWait);
        }
        try
        {
            using var connection = Open();
            using var tx = connection.BeginWrite();
            var result = work(connection, tx);
            tx.Commit();
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void InTransaction(Action<DbConnection, DbTransaction> work) =>
        InTransaction<object?>((c, tx) => { work(c, tx); return null; });

    /// <summary>
    /// Creates or upgrades the database: WAL mode, then the numbered migrations in db/migrations, then seals an audit trail
    /// that no keyed checkpoint covers yet (a database from before the keyed trail, or a new one).
    /// </summary>
    /// <returns>True when the database had no schema before (a new, empty database).</returns>
    public bool Migrate()
    {
        using var connection = Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        var created = Migrations.Apply(connection);
        Audit.AuditTrail.Attach(connection, AuditKey);
        Audit.AuditTrail.Seal(connection, "The trail before the keyed audit trail (HMAC-SHA-256) is sealed here.");
        return created;
    }

    /// <summary>A consistent copy of the whole database into the new file <paramref name="path"/> while the service keeps running (SQLite's online backup API).</summary>
    public void CopyTo(string path)
    {
        using var source = new SqliteConnection(ConnectionString);
        source.Open();
        using var destination = new SqliteConnection($"Data Source={path};Pooling=False");
        source.BackupDatabase(destination);
    }

    /// <summary>Checks the audit trail and the registers with this database's audit key (see <see cref="Audit.AuditTrail.Verify"/>).</summary>
    public Audit.AuditTrail.Verification VerifyAudit(string? expectHead = null)
    {
        using var c = OpenRead();
        return Audit.AuditTrail.Verify(c, AuditKey, expectHead);
    }
}

/// <summary>A write waited <see cref="Db.WriteWait"/> for another writer and gave up; nothing was written. Try again later.</summary>
public sealed class DatabaseBusyException(TimeSpan waited)
    : Exception($"The database is busy with another write; waited {waited.TotalSeconds:0} s.")
{
    public TimeSpan Waited { get; } = waited;
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

/// <summary>Transactions on a store connection, named for what they do rather than for the engine's keywords.</summary>
public static class StoreTransactions
{
    /// <summary>A write transaction that holds the write lock from its start (SQLite <c>BEGIN IMMEDIATE</c>).</summary>
    public static DbTransaction BeginWrite(this DbConnection c) =>
        c is SqliteConnection s ? s.BeginTransaction(deferred: false) : c.BeginTransaction(IsolationLevel.Serializable);

    /// <summary>A read transaction: one consistent view of the store for several queries (SQLite <c>BEGIN DEFERRED</c>).</summary>
    public static DbTransaction BeginRead(this DbConnection c) =>
        c is SqliteConnection s ? s.BeginTransaction(deferred: true) : c.BeginTransaction(IsolationLevel.RepeatableRead);

    /// <summary>True when <paramref name="e"/> (or an inner exception) says another writer held the store too long: answered with 503.</summary>
    public static bool IsBusy(Exception e) => e switch
    {
        DatabaseBusyException => true,
        SqliteException { SqliteErrorCode: 5 or 6 } => true,
        _ => e.InnerException is { } inner && IsBusy(inner),
    };
}
