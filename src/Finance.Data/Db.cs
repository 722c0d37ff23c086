using System.Data.Common;
using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NodaTime;
using NodaTime.Text;

namespace Finance.Data;

/// <summary>The database engine behind a <see cref="Db"/>, chosen by its connection string.</summary>
public enum Engine
{
    /// <summary>An embedded SQLite file (<c>Data Source=…</c>): the default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (<c>Host=…;Database=…</c>), for several service instances on one database.</summary>
    PostgreSql,
}

/// <summary>
/// The store: SQLite (the default, <c>Data Source=…</c>) or PostgreSQL (<c>Host=…;Database=…</c>), chosen by the
/// connection string alone.
/// <para>
/// SQLite: every connection enforces foreign keys; the file runs in WAL mode with <c>synchronous=FULL</c>, so a
/// committed transaction survives a crash or power loss and readers never block the writer. A write waits for another
/// writer at most <see cref="WriteWait"/> (in this process in order of arrival, behind a write gate; across processes
/// through SQLite's busy timeout) and then fails with <see cref="DatabaseBusyException"/> or SQLite's <c>SQLITE_BUSY</c>,
/// which the API answers with 503 and <c>Retry-After</c> — never half-written.
/// Conventions (see db/migrations): decimals are TEXT (exact; a DECIMAL column would silently become a
/// float), dates are ISO <c>yyyy-MM-dd</c> TEXT, months <c>yyyy-MM</c>, instants ISO-8601 UTC.
/// </para>
/// <para>
/// PostgreSQL: one writer at a time, as on SQLite, but across every instance on the database. Each write transaction
/// (<see cref="StoreTransactions.BeginWrite"/>) runs at READ COMMITTED and first takes one transaction-scoped advisory
/// lock, <c>pg_advisory_xact_lock(<see cref="WriteLock"/>)</c>, held until it commits or rolls back; the session's
/// <c>lock_timeout</c> is <see cref="WriteWait"/>, so a write that waits longer fails (<c>55P03</c>) and is answered with
/// 503 like SQLite's busy. Every statement after the lock sees everything the previous writers committed, so the
/// check-then-write code (If-Match, one snapshot per month, the next id) and the chained audit trail stay correct with
/// any number of instances, with no retry loop; reads (<see cref="StoreTransactions.BeginRead"/>, a REPEATABLE READ
/// snapshot) never wait for a writer. The in-process write gate stays in front, so the writes of one instance queue in
/// order of arrival. Conventions (db/migrations-postgresql): money and percentages <c>numeric</c>, dates <c>date</c>,
/// months and instants the same ISO text as on SQLite, flags <c>boolean</c>.
/// </para>
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

    /// <summary>The engine a connection string names: PostgreSQL when it names a server (<c>Host</c> or <c>Server</c>), else SQLite.</summary>
    public static Engine EngineOf(string connectionString)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            return builder.ContainsKey("Host") || builder.ContainsKey("Server") ? Engine.PostgreSql : Engine.Sqlite;
        }
        catch (ArgumentException)
        {
            return Engine.Sqlite;
        }
    }

    /// <summary>The engine of a store connection.</summary>
    public static Engine EngineOf(DbConnection connection) => connection is NpgsqlConnection ? Engine.PostgreSql : Engine.Sqlite;

    /// <summary>
    /// The key of the PostgreSQL advisory lock every write transaction holds ("finance" in ASCII). Frozen: the audit
    /// function of migration 0050 (<c>audit_append</c>) takes the same lock by its number, and applied migrations do not
    /// change (a test holds the two together).
    /// </summary>
    public const long WriteLock = 0x66_696E_616E_6365;

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

    /// <param name="connectionString">The SQLite (<c>Data Source=…</c>) or PostgreSQL (<c>Host=…;Database=…</c>) connection string.</param>
    /// <param name="auditKey">The audit trail's key (<c>Audit:Key</c>); null: read from <paramref name="auditKeyFile"/>.
    /// Several instances on one PostgreSQL database must share it: configure it on each.</param>
    /// <param name="auditKeyFile">The key file (<c>Audit:KeyFile</c>); null: <c>&lt;database file&gt;.audit-key</c> (SQLite) or
    /// <c>&lt;database name&gt;.audit-key</c> in the working directory (PostgreSQL), created when missing.</param>
    /// <param name="writeWait">How long a write waits for the write lock (default 15 s).</param>
    public Db(string connectionString, string? auditKey = null, string? auditKeyFile = null, TimeSpan? writeWait = null)
    {
        WriteWait = writeWait ?? DefaultWriteWait;
        Engine = EngineOf(connectionString);
        if (Engine == Engine.PostgreSql)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            // The session default of every connection: a write waits for the write lock (or a row lock) at most WriteWait.
            builder.Options = $"{builder.Options} -c lock_timeout={(long)WriteWait.TotalMilliseconds}".Trim();
            ConnectionString = builder.ToString();
            DataSource = $"{builder.Database} on {builder.Host}:{builder.Port}";
            var keyFile = string.IsNullOrEmpty(auditKeyFile) ? Path.GetFullPath((builder.Database ?? builder.Username ?? "finance") + ".audit-key") : auditKeyFile;
            _auditKey = new Lazy<byte[]>(() => Audit.AuditKey.Resolve(auditKey, keyFile, DataSource));
        }
        else
        {
            var builder = new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true, DefaultTimeout = Math.Max(1, (int)Math.Ceiling(WriteWait.TotalSeconds)) };
            ConnectionString = builder.ToString();
            DataSource = builder.DataSource;
            _auditKey = new Lazy<byte[]>(() => Audit.AuditKey.Resolve(auditKey, auditKeyFile, DataSource));
        }
        _auditPads = new Lazy<(string, string)>(() => Audit.PostgresAudit.Pads(AuditKey));
    }

    private readonly Lazy<(string Inner, string Outer)> _auditPads;

    public string ConnectionString { get; }

    /// <summary>The engine, from the connection string.</summary>
    public Engine Engine { get; }

    /// <summary>The database file (or <c>:memory:</c>); for PostgreSQL a description, <c>database on host:port</c>.</summary>
    public string DataSource { get; }

    /// <summary>How long a write waits for another writer before it gives up (busy timeout and write gate).</summary>
    public TimeSpan WriteWait { get; }

    /// <summary>The audit trail's key (never stored in the database).</summary>
    internal byte[] AuditKey => _auditKey.Value;

    /// <summary>
    /// A 256-bit key for <paramref name="purpose"/> derived from the audit trail's secret (HMAC-SHA-256 of the purpose
    /// under it): a secret every instance on the database shares and the database does not hold, without handing out the
    /// audit key itself.
    /// </summary>
    public byte[] DerivedKey(string purpose) =>
        System.Security.Cryptography.HMACSHA256.HashData(AuditKey, System.Text.Encoding.UTF8.GetBytes(purpose));

    public DbConnection Open()
    {
        if (Engine == Engine.PostgreSql)
        {
            // The audit triggers read the key (as the HMAC's two padded keys) and the actor from the session: set here for
            // this checkout only (a pooled connection is reset when it goes back), never written to a table.
            var pg = new NpgsqlConnection(ConnectionString);
            pg.Open();
            var (inner, outer) = _auditPads.Value;
            pg.Execute("SELECT set_config('finance.audit_ipad', @inner, false), set_config('finance.audit_opad', @outer, false), set_config('finance.actor', @actor, false)",
                new { inner, outer, actor = Audit.AuditContext.Actor });
            return pg;
        }
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
        if (Engine == Engine.PostgreSql)
        {
            var pg = new NpgsqlConnection(ConnectionString);
            pg.Open();
            return pg;
        }
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction (<c>BEGIN IMMEDIATE</c>; on PostgreSQL the write lock, see
    /// <see cref="Db"/>): all of it is stored or none. Writes of
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
    /// Creates or upgrades the database: WAL mode (SQLite), then the numbered migrations in db/migrations (or
    /// db/migrations-postgresql), then seals an audit trail that no keyed checkpoint covers yet (a database from before the
    /// keyed trail, or a new one).
    /// </summary>
    /// <returns>True when the database had no schema before (a new, empty database).</returns>
    public bool Migrate()
    {
        using var connection = Open();
        if (Engine == Engine.Sqlite)
        {
            connection.Execute("PRAGMA journal_mode = WAL;");
        }
        var created = Migrations.Apply(connection);
        if (Engine == Engine.Sqlite)
        {
            Audit.AuditTrail.Attach(connection, AuditKey);
        }
        Audit.AuditTrail.Seal(connection, "The trail before the keyed audit trail (HMAC-SHA-256) is sealed here.");
        return created;
    }

    /// <summary>
    /// A consistent copy of the whole database into the new file <paramref name="path"/> while the service keeps running
    /// (SQLite's online backup API). SQLite only: a PostgreSQL database is backed up with <c>pg_dump</c>.
    /// </summary>
    public void CopyTo(string path)
    {
        if (Engine == Engine.PostgreSql)
        {
            throw new NotSupportedException("The service copies only a SQLite database; back up a PostgreSQL database with pg_dump (see README, \"Running on PostgreSQL\").");
        }
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

    /// <summary>A date as either engine returns it: ISO text (SQLite), <see cref="DateTime"/> or <see cref="DateOnly"/> (PostgreSQL <c>date</c>).</summary>
    public static LocalDate Of(object value) => value switch
    {
        string s => Parse(s),
        DateOnly d => LocalDate.FromDateOnly(d),
        DateTime d => LocalDate.FromDateTime(d),
        _ => throw new InvalidCastException($"A date was expected, not {value.GetType().Name}."),
    };

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

/// <summary>
/// Dapper mappings for NodaTime values and exact decimals. SQLite stores them as TEXT (ISO dates, invariant decimals); on
/// PostgreSQL (the parameter is an <see cref="NpgsqlParameter"/>) a date goes as <c>date</c> and a decimal as
/// <c>numeric</c>, while months and instants stay the same ISO text. Dapper's handlers are global, so each one looks at
/// the parameter it fills, and reads whatever either engine returns (text, <see cref="DateTime"/>, <see cref="DateOnly"/>,
/// a number).
/// </summary>
internal static class TypeHandlers
{
    public static void Register()
    {
        SqlMapper.AddTypeHandler(typeof(LocalDate), new LocalDateHandler());
        SqlMapper.AddTypeHandler(typeof(YearMonth), new YearMonthHandler());
        SqlMapper.AddTypeHandler(typeof(Instant), new InstantHandler());
        SqlMapper.RemoveTypeMap(typeof(decimal));
        SqlMapper.RemoveTypeMap(typeof(decimal?));
        SqlMapper.AddTypeHandler(typeof(decimal), new DecimalHandler());
    }

    /// <summary>
    /// A handler that also types a null: PostgreSQL must know a parameter's type even when it is null (<c>@asOf IS NULL
    /// OR date &lt;= @asOf</c>), SQLite needs nothing. Dapper gives a null as <see cref="DBNull"/>.
    /// </summary>
    private abstract class Handler<T> : SqlMapper.ITypeHandler
    {
        protected abstract void Set(IDbDataParameter parameter, T value);

        protected abstract T Read(object value);

        /// <summary>The PostgreSQL type of this value's parameter.</summary>
        protected abstract NpgsqlTypes.NpgsqlDbType PostgresType { get; }

        public void SetValue(IDbDataParameter parameter, object value)
        {
            if (value is DBNull or null)
            {
                if (parameter is NpgsqlParameter pg)
                {
                    pg.NpgsqlDbType = PostgresType;
                }
                parameter.Value = DBNull.Value;
                return;
            }
            Set(parameter, (T)value);
        }

        public object Parse(Type destinationType, object value) => Read(value)!;
    }

    private sealed class LocalDateHandler : Handler<LocalDate>
    {
        protected override NpgsqlTypes.NpgsqlDbType PostgresType => NpgsqlTypes.NpgsqlDbType.Date;

        protected override void Set(IDbDataParameter parameter, LocalDate value)
        {
            if (parameter is NpgsqlParameter)
            {
                parameter.DbType = DbType.Date;
                parameter.Value = value.ToDateOnly();
                return;
            }
            parameter.DbType = DbType.String;
            parameter.Value = LocalDatePattern.Iso.Format(value);
        }

        protected override LocalDate Read(object value) => IsoDate.Of(value);
    }

    private sealed class YearMonthHandler : Handler<YearMonth>
    {
        protected override NpgsqlTypes.NpgsqlDbType PostgresType => NpgsqlTypes.NpgsqlDbType.Text;

        protected override void Set(IDbDataParameter parameter, YearMonth value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = YearMonthPattern.Iso.Format(value);
        }

        protected override YearMonth Read(object value) => YearMonthPattern.Iso.Parse((string)value).GetValueOrThrow();
    }

    private sealed class InstantHandler : Handler<Instant>
    {
        protected override NpgsqlTypes.NpgsqlDbType PostgresType => NpgsqlTypes.NpgsqlDbType.Text;

        protected override void Set(IDbDataParameter parameter, Instant value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = InstantPattern.ExtendedIso.Format(value);
        }

        protected override Instant Read(object value) => value switch
        {
            string s => InstantPattern.ExtendedIso.Parse(s).GetValueOrThrow(),
            DateTime d => Instant.FromDateTimeUtc(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            DateTimeOffset o => Instant.FromDateTimeOffset(o),
            _ => InstantPattern.ExtendedIso.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!).GetValueOrThrow(),
        };
    }

    /// <summary>Decimals go in and out as invariant text on SQLite (so no digit is lost to a double), as <c>numeric</c> on PostgreSQL.</summary>
    private sealed class DecimalHandler : Handler<decimal>
    {
        protected override NpgsqlTypes.NpgsqlDbType PostgresType => NpgsqlTypes.NpgsqlDbType.Numeric;

        protected override void Set(IDbDataParameter parameter, decimal value)
        {
            if (parameter is NpgsqlParameter)
            {
                parameter.DbType = DbType.Decimal;
                parameter.Value = value;
                return;
            }
            parameter.DbType = DbType.String;
            parameter.Value = value.ToString(CultureInfo.InvariantCulture);
        }

        protected override decimal Read(object value) => value switch
        {
            decimal m => m,
            string s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
            long l => l,
            double d => (decimal)d,
            _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        };
    }
}

/// <summary>
/// Typed reads from a data reader of either engine, for the hot paths that read column by column instead of through
/// Dapper: SQLite gives ISO text, decimal text and 0/1; PostgreSQL <c>date</c>, <c>numeric</c> and <c>boolean</c>.
/// </summary>
public static class StoreReader
{
    public static LocalDate GetLocalDate(this DbDataReader r, int i) =>
        r is NpgsqlDataReader ? LocalDate.FromDateOnly(r.GetFieldValue<DateOnly>(i)) : IsoDate.Parse(r.GetString(i));

    public static LocalDate? GetLocalDateOrNull(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetLocalDate(i);

    public static decimal GetExactDecimal(this DbDataReader r, int i) =>
        r is NpgsqlDataReader ? r.GetDecimal(i) : decimal.Parse(r.GetString(i), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static bool GetFlag(this DbDataReader r, int i) => r is NpgsqlDataReader ? r.GetBoolean(i) : r.GetInt64(i) != 0;

    /// <summary>A date parameter as the engine stores dates (ISO text on SQLite, <c>date</c> on PostgreSQL).</summary>
    public static object DateValue(this DbCommand command, LocalDate date) =>
        command is NpgsqlCommand ? date.ToDateOnly() : LocalDatePattern.Iso.Format(date);
}

/// <summary>Transactions on a store connection, named for what they do rather than for the engine's keywords.</summary>
public static class StoreTransactions
{
    /// <summary>True on a PostgreSQL connection: for the few statements whose SQL differs (<c>c.IsPostgreSql() ? … : …</c>).</summary>
    public static bool IsPostgreSql(this DbConnection c) => c is NpgsqlConnection;

    /// <summary>
    /// A write transaction that holds the write lock from its start: SQLite <c>BEGIN IMMEDIATE</c>; PostgreSQL READ
    /// COMMITTED with the advisory lock <see cref="Db.WriteLock"/> taken first (waiting at most the session's
    /// <c>lock_timeout</c>), and the audit trail's actor set for the transaction (see <see cref="Db"/>).
    /// </summary>
    public static DbTransaction BeginWrite(this DbConnection c)
    {
        if (c is SqliteConnection s)
        {
            return s.BeginTransaction(deferred: false);
        }
        var tx = c.BeginTransaction(IsolationLevel.ReadCommitted);
        try
        {
            c.Execute($"SELECT pg_advisory_xact_lock({Db.WriteLock}), set_config('finance.actor', @actor, true)", new { actor = Audit.AuditContext.Actor }, tx);
        }
        catch
        {
            tx.Dispose();
            throw;
        }
        return tx;
    }

    /// <summary>A read transaction: one consistent view of the store for several queries (SQLite <c>BEGIN DEFERRED</c>, PostgreSQL REPEATABLE READ).</summary>
    public static DbTransaction BeginRead(this DbConnection c) =>
        c is SqliteConnection s ? s.BeginTransaction(deferred: true) : c.BeginTransaction(IsolationLevel.RepeatableRead);

    /// <summary>
    /// True when <paramref name="e"/> (or an inner exception) says another writer held the store too long: answered with
    /// 503. SQLite: <c>SQLITE_BUSY</c>/<c>SQLITE_LOCKED</c>; PostgreSQL: lock timeout (<c>55P03</c>), serialization
    /// failure (<c>40001</c>), deadlock (<c>40P01</c>).
    /// </summary>
    public static bool IsBusy(Exception e) => e switch
    {
        DatabaseBusyException => true,
        SqliteException { SqliteErrorCode: 5 or 6 } => true,
        PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => true,
        _ => e.InnerException is { } inner && IsBusy(inner),
    };
}
