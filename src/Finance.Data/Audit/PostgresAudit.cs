using System.Data.Common;
using System.Security.Cryptography;
using Dapper;

namespace Finance.Data.Audit;

/// <summary>
/// The audit trail on PostgreSQL: the same entries, chain and verification as on SQLite (<see cref="AuditTrail"/>), written
/// by ordinary row triggers instead of per-connection TEMP triggers. After every migration <see cref="Install"/> (re)creates,
/// for each register table, a trigger function that builds the row's image (<see cref="Image"/>) and calls
/// <c>audit_append</c> (db/migrations-postgresql/0050_audit.sql), which appends the entry in the same transaction, chained
/// to the previous entry and keyed with HMAC-SHA-256. The key is not in the database: <see cref="Db.Open"/> hands the
/// HMAC's two padded keys to its own session (<see cref="Pads"/>), so a write by anyone else on an audited table fails,
/// and a change made behind the service's back (triggers disabled) is found by the verification as on SQLite.
/// A row's id in the trail is its <c>rowid</c> column (tables keyed by text) or its integer key, as SQLite's rowid is.
/// </summary>
public static class PostgresAudit
{
    /// <summary>The HMAC's inner and outer padded keys, hex: (K xor 0x36…, K xor 0x5c…) over 64 bytes, K hashed first when longer (RFC 2104).</summary>
    public static (string Inner, string Outer) Pads(byte[] key)
    {
        var k = new byte[64];
        (key.Length > 64 ? SHA256.HashData(key) : key).CopyTo(k, 0);
        var inner = new byte[64];
        var outer = new byte[64];
        for (var i = 0; i < 64; i++)
        {
            inner[i] = (byte)(k[i] ^ 0x36);
            outer[i] = (byte)(k[i] ^ 0x5c);
        }
        return (Convert.ToHexStringLower(inner), Convert.ToHexStringLower(outer));
    }

    /// <summary>An audited table: its columns in their order (without the <c>rowid</c> identity, which is not part of the row's
    /// image) and the column that is a row's id in the trail (<c>rowid</c> where the table has one, else its one-column key).</summary>
    internal sealed record Table(string Name, IReadOnlyList<string> Columns, string? RowId, IReadOnlySet<string> Numeric);

    /// <summary>The audited tables of the database's schema, by name (binary order, as SQLite's), read from the catalog in one query; the log's counter is the log's own.</summary>
    internal static IReadOnlyList<Table> Tables(DbConnection c, DbTransaction? tx) =>
        c.Query<(string Name, string Columns, string? RowId, string? Numeric)>("""
            SELECT t.relname,
                   string_agg(a.attname, ',' ORDER BY a.attnum) FILTER (WHERE a.attname <> 'rowid'),
                   COALESCE(MAX(a.attname) FILTER (WHERE a.attname = 'rowid'),
                            (SELECT k.attname FROM pg_index i JOIN pg_attribute k ON k.attrelid = i.indrelid AND k.attnum = i.indkey[0]
                             WHERE i.indrelid = t.oid AND i.indisprimary AND i.indnatts = 1)),
                   string_agg(a.attname, ',') FILTER (WHERE a.atttypid = 'numeric'::regtype)
            FROM pg_class t
            JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE t.relkind IN ('r', 'p')
            GROUP BY t.oid, t.relname
            ORDER BY t.relname COLLATE "C"
            """, transaction: tx)
            .Where(t => AuditTrail.Audited(t.Name) && t.Name != "audit_log_counter")
            .Select(t => new Table(t.Name, t.Columns.Split(','), t.RowId, (t.Numeric ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet()))
            .ToList();

    private static Table Named(DbConnection c, DbTransaction? tx, string table) =>
        Tables(c, tx).SingleOrDefault(t => t.Name == table) ?? throw new InvalidOperationException($"{table} is not an audited table.");

    private static string RowIdOf(Table t) =>
        t.RowId ?? throw new InvalidOperationException($"Table {t.Name} has neither a rowid column nor a one-column key: the audit trail cannot name its rows.");

    /// <summary>
    /// The row as JSON text, the same expression in the trigger and in the verification:
    /// <c>json_build_object('col', r."col", …)::text</c> over the columns in their order. A <c>numeric</c> goes in as its
    /// exact text (<c>"137.7"</c>), as SQLite's image has it, so the audit API shows an amount the same way on both engines.
    /// </summary>
    internal static string Image(Table t, string alias) =>
        "json_build_object(" + string.Join(", ", t.Columns.Select(col => $"'{col}', {alias}.\"{col}\"{(t.Numeric.Contains(col) ? "::text" : "")}")) + ")::text";

    /// <summary>(Re)creates the audit trigger of every audited table, in one batch; run after each migration, in its transaction.</summary>
    internal static void Install(DbConnection c, DbTransaction tx)
    {
        if (!HasTable(c, tx, "audit_log"))
        {
            return;
        }
        // An update that leaves the row's image as it was (a PUT or an import of unchanged data) is no change: no entry.
        var sql = string.Concat(Tables(c, tx).Select(t => $"""
            CREATE OR REPLACE FUNCTION "audit_{t.Name}"() RETURNS trigger LANGUAGE plpgsql AS $f$
            DECLARE
                before text;
                after  text;
                row_id bigint;
            BEGIN
                IF TG_OP <> 'INSERT' THEN before := {Image(t, "OLD")}; row_id := OLD."{RowIdOf(t)}"; END IF;
                IF TG_OP <> 'DELETE' THEN after := {Image(t, "NEW")}; row_id := NEW."{RowIdOf(t)}"; END IF;
                IF TG_OP = 'UPDATE' AND before IS NOT DISTINCT FROM after THEN RETURN NULL; END IF;
                PERFORM audit_append(lower(TG_OP), '{t.Name}', row_id, before, after);
                RETURN NULL;
            END
            $f$;
            CREATE OR REPLACE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON "{t.Name}"
            FOR EACH ROW EXECUTE FUNCTION "audit_{t.Name}"();

            """));
        if (sql.Length > 0)
        {
            c.Execute(sql, transaction: tx);
        }
    }

    /// <summary>
    /// An <c>insert</c> entry for every row of <paramref name="table"/>, in row-id order, through <c>audit_append</c> like
    /// the triggers' entries: rows a migration wrote itself (reference data), which no trigger logged.
    /// </summary>
    internal static void LogRows(DbConnection c, DbTransaction tx, string table, string actor)
    {
        var t = Named(c, tx, table);
        c.Execute($"""
            SELECT set_config('finance.actor', @actor, true);
            SELECT audit_append('insert', @table, r.id, NULL, r.image)
            FROM (SELECT t."{RowIdOf(t)}" AS id, {Image(t, "t")} AS image FROM "{table}" t ORDER BY t."{RowIdOf(t)}") r;
            SELECT set_config('finance.actor', @current, true);
            """, new { actor, table, current = AuditContext.Actor }, tx);
    }

    /// <summary>Every row of an audited table as (row id, image), for the verification.</summary>
    internal static IEnumerable<(long, string)> Rows(DbConnection c, Table t) =>
        c.Query<(long, string)>($"SELECT t.\"{RowIdOf(t)}\", {Image(t, "t")} FROM \"{t.Name}\" t");

    /// <summary>The last sequence number ever given out (SQLite's <c>sqlite_sequence</c> counter of the log).</summary>
    internal static long Counter(DbConnection c) =>
        c.ExecuteScalar<long?>("SELECT last_seq FROM audit_log_counter WHERE id = 1") ?? 0;

    internal static bool HasTable(DbConnection c, DbTransaction? tx, string table) =>
        c.ExecuteScalar<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @table",
            new { table }, tx) > 0;
}
