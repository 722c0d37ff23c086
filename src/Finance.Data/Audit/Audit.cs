using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Finance.Data.Audit;

/// <summary>
/// Who is writing: set per HTTP request from the caller's key name (or per job run), read by the audit triggers through
/// the connection function <c>audit_actor()</c>. Defaults to <c>system</c>.
/// </summary>
public static class AuditContext
{
    private static readonly AsyncLocal<string?> Current = new();

    public static string Actor => Current.Value ?? "system";

    /// <summary>Sets the actor for the current async flow until disposed.</summary>
    public static IDisposable As(string actor)
    {
        var previous = Current.Value;
        Current.Value = actor;
        return new Restore(() => Current.Value = previous);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}

/// <summary>
/// The audit trail's mechanics. On every connection the service opens, <see cref="Attach"/> registers two functions
/// (<c>audit_actor()</c>, <c>audit_mac(text)</c>: HMAC-SHA-256 with the audit key, which the database does not hold) and,
/// once per physical connection and schema version, creates TEMP triggers on every register table that append to
/// <c>audit_log</c>. Each entry's <c>hash</c> is the HMAC of its content chained to the previous entry's hash, so nobody
/// without the key can add or change an entry that verifies; a change made outside the service is caught by
/// <see cref="Verify"/>. A trail written before the key existed (plain SHA-256 chain) is sealed by one keyed checkpoint
/// entry (<see cref="Seal"/>): its entries verify by SHA-256 up to the checkpoint, every later one only by the key.
/// </summary>
public static class AuditTrail
{
    /// <summary>Tables never audited: the log itself, the migration ledger, the scheduler's own tables and run log, and printed PDFs (a rendering of a frozen report, not a register).</summary>
    internal static bool Audited(string table) =>
        !table.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase)
        && !table.StartsWith("qrtz_", StringComparison.OrdinalIgnoreCase)
        && table is not ("audit_log" or "schema_migrations" or "job_executions" or "report_pdfs");

    public static void Attach(DbConnection connection, byte[] key)
    {
        var c = (SqliteConnection)connection;
        c.CreateFunction("audit_actor", () => AuditContext.Actor, isDeterministic: false);
        // One HMAC state per connection (a connection runs one statement at a time), reset after every entry.
        var mac = System.Security.Cryptography.IncrementalHash.CreateHMAC(System.Security.Cryptography.HashAlgorithmName.SHA256, key);
        c.CreateFunction("audit_mac", (string? text) => AuditKey.Mac(mac, text ?? ""), isDeterministic: true);
        var schema = c.ExecuteScalar<long>("PRAGMA schema_version");
        c.Execute("CREATE TEMP TABLE IF NOT EXISTS audit_ready (version INTEGER NOT NULL)");
        var ready = c.ExecuteScalar<long?>("SELECT version FROM temp.audit_ready");
        if (ready == schema)
        {
            return;
        }
        if (c.ExecuteScalar<long>("SELECT COUNT(*) FROM main.sqlite_master WHERE type = 'table' AND name = 'audit_log'") == 0)
        {
            return;
        }
        using var tx = c.BeginTransaction();
        foreach (var name in c.Query<string>("SELECT name FROM temp.sqlite_temp_master WHERE type = 'trigger' AND name LIKE 'audit\\_%' ESCAPE '\\'", transaction: tx).ToList())
        {
            c.Execute($"DROP TRIGGER temp.\"{name}\"", transaction: tx);
        }
        foreach (var table in Tables(c, tx))
        {
            var columns = c.Query<string>("SELECT name FROM pragma_table_info(@table)", new { table }, tx).ToList();
            // An update that leaves the row as it was (a PUT or an import of unchanged data) is no change: no entry.
            foreach (var (action, when, before, after, condition) in new[]
            {
                ("insert", "INSERT", "NULL", Image(columns, "NEW"), ""),
                ("update", "UPDATE", Image(columns, "OLD"), Image(columns, "NEW"), $"WHEN {Image(columns, "OLD")} IS NOT {Image(columns, "NEW")}"),
                ("delete", "DELETE", Image(columns, "OLD"), "NULL", ""),
            })
            {
                var rowId = action == "delete" ? "OLD.rowid" : "NEW.rowid";
                c.Execute($"""
                    CREATE TEMP TRIGGER "audit_{table}_{action}" AFTER {when} ON main."{table}" {condition}
                    BEGIN
                        INSERT INTO audit_log (at, actor, action, table_name, row_id, before, after, prev_hash, hash)
                        SELECT x.at, x.actor, '{action}', '{table}', {rowId}, x.before, x.after, x.prev,
                               audit_mac(x.prev || '|' || x.at || '|' || x.actor || '|{action}|{table}|' || {rowId} || '|' || COALESCE(x.before, '') || '|' || COALESCE(x.after, ''))
                        FROM (SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at, audit_actor() AS actor, {before} AS before, {after} AS after,
                                     COALESCE((SELECT hash FROM main.audit_log ORDER BY seq DESC LIMIT 1), '') AS prev) AS x;
                    END;
                    """, transaction: tx);
            }
        }
        c.Execute("DELETE FROM temp.audit_ready; INSERT INTO temp.audit_ready (version) VALUES (@schema)", new { schema }, tx);
        tx.Commit();
    }

    /// <summary>
    /// Appends an <c>insert</c> entry for every row of <paramref name="table"/>, in rowid order, chained and keyed like the
    /// triggers' entries (through the connection's <c>audit_mac</c>). Used by the migration runner for rows a migration
    /// itself writes (reference data shipped in the schema), which no trigger could log.
    /// </summary>
    internal static void LogRows(DbConnection c, DbTransaction tx, string table, string actor)
    {
        if (!Audited(table))
        {
            return;
        }
        var columns = c.Query<string>("SELECT name FROM pragma_table_info(@table)", new { table }, tx).ToList();
        var rows = c.Query<(long, string)>($"SELECT rowid, {Image(columns)} FROM main.\"{table}\" ORDER BY rowid", transaction: tx).ToList();
        var prev = c.ExecuteScalar<string?>("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1", transaction: tx) ?? "";
        var at = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (rowId, image) in rows)
        {
            var entry = new Entry { Seq = 0, At = at, Actor = actor, Action = "insert", TableName = table, RowId = rowId, After = image, PrevHash = prev, Hash = "" };
            var hash = c.ExecuteScalar<string>("SELECT audit_mac(@content)", new { content = entry.Content }, tx)!;
            c.Execute("""
                INSERT INTO audit_log (at, actor, action, table_name, row_id, before, after, prev_hash, hash)
                VALUES (@At, @Actor, 'insert', @TableName, @RowId, NULL, @After, @PrevHash, @hash)
                """, new { entry.At, entry.Actor, entry.TableName, entry.RowId, entry.After, entry.PrevHash, hash }, tx);
            prev = hash;
        }
    }

    internal static IReadOnlyList<string> Tables(DbConnection c, DbTransaction? tx) =>
        c.Query<string>("SELECT name FROM main.sqlite_master WHERE type = 'table' ORDER BY name", transaction: tx).Where(Audited).ToList();

    /// <summary>The row as JSON: <c>json_object('col', NEW."col", …)</c>.</summary>
    private static string Image(IEnumerable<string> columns, string alias) =>
        "json_object(" + string.Join(", ", columns.Select(col => $"'{col}', {alias}.\"{col}\"")) + ")";

    private static string Image(IEnumerable<string> columns) =>
        "json_object(" + string.Join(", ", columns.Select(col => $"'{col}', \"{col}\"")) + ")";

    /// <summary>
    /// The registers' version: the last entry's sequence number (0 for an empty log). Every change the service or the
    /// job host makes to a register appends an entry in the same transaction, so an unchanged number means unchanged
    /// registers — a cache key for read results (a change made outside the service is not seen until the next write; the
    /// verification reports it).
    /// </summary>
    public static long Version(DbConnection c) => c.ExecuteScalar<long>("SELECT COALESCE(MAX(seq), 0) FROM audit_log");

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public sealed record Entry
    {
        public required long Seq { get; init; }
        public required string At { get; init; }
        public required string Actor { get; init; }
        public required string Action { get; init; }
        public required string TableName { get; init; }
        public required long RowId { get; init; }
        public string? Before { get; init; }
        public string? After { get; init; }
        public required string PrevHash { get; init; }
        public required string Hash { get; init; }

        /// <summary>The hashed content, exactly as the trigger builds it.</summary>
        public string Content => string.Join("|", PrevHash, At, Actor, Action, TableName, RowId.ToString(System.Globalization.CultureInfo.InvariantCulture), Before ?? "", After ?? "");
    }

    private const string EntryColumns = "seq AS Seq, at AS At, actor AS Actor, action AS Action, table_name AS TableName, row_id AS RowId, before AS Before, after AS After, prev_hash AS PrevHash, hash AS Hash";

    public static IReadOnlyList<Entry> Entries(DbConnection c, string? table, string? actor, string? from, string? to, long afterSeq, int limit) =>
        c.Query<Entry>($"""
            SELECT {EntryColumns} FROM audit_log
            WHERE seq > @afterSeq AND (@table IS NULL OR table_name = @table) AND (@actor IS NULL OR actor = @actor)
              AND (@from IS NULL OR at >= @from) AND (@to IS NULL OR at < @to)
            ORDER BY seq LIMIT @limit
            """, new { table, actor, from, to, afterSeq, limit }).ToList();

    public sealed record Finding(string Kind, string? TableName, long? RowId, long? Seq, string Detail);

    public sealed record Verification(bool Valid, long Entries, string? LastHash, IReadOnlyList<Finding> Findings)
    {
        /// <summary>The last entry's sequence number (0 for an empty log).</summary>
        public long LastSeq { get; init; }
    }

    /// <summary>The chain head: the last entry's sequence number and hash (0 and empty for an empty log).</summary>
    public sealed record Head(long Seq, string Hash)
    {
        /// <summary><c>seq:hash</c>, the form <c>/api/audit/verify?expectHead=</c> takes.</summary>
        public override string ToString() => $"{Seq.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{Hash}";
    }

    public static Head ChainHead(DbConnection c, DbTransaction? tx = null) =>
        c.Query<(long Seq, string Hash)>("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", transaction: tx)
            .Select(h => new Head(h.Seq, h.Hash)).FirstOrDefault() ?? new Head(0, "");

    /// <summary>
    /// Seals the trail with a keyed checkpoint when none exists yet: one row in <c>audit_checkpoints</c> naming the last
    /// entry, whose log entry the trigger authenticates with the key. Everything before it (a trail chained by plain
    /// SHA-256 before the key existed) is thereby fixed: changing it would change the hash the checkpoint continues.
    /// </summary>
    internal static void Seal(DbConnection c, string reason)
    {
        using var system = AuditContext.As("system");
        using var tx = c.BeginWrite();
        var hasCheckpoints = c.IsPostgreSql()
            ? PostgresAudit.HasTable(c, tx, "audit_checkpoints")
            : c.ExecuteScalar<long>("SELECT COUNT(*) FROM main.sqlite_master WHERE type = 'table' AND name = 'audit_checkpoints'", transaction: tx) > 0;
        if (!hasCheckpoints || c.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_checkpoints", transaction: tx) > 0)
        {
            return;
        }
        var head = ChainHead(c, tx);
        var at = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        c.Execute("INSERT INTO audit_checkpoints (at, sealed_seq, sealed_hash, reason) VALUES (@at, @Seq, @Hash, @reason)",
            new { at, head.Seq, head.Hash, reason }, tx);
        tx.Commit();
    }

    /// <summary>
    /// Checks the log and the registers: (1) every entry's hash is the HMAC (audit key) of its content chained to the
    /// previous entry's hash, with no gap — entries before the first keyed checkpoint may instead carry the plain SHA-256 of
    /// the trail written before the key existed, and such entries must be sealed by a checkpoint; (2) no entry was cut off
    /// the end: the log's <c>AUTOINCREMENT</c> counter is not ahead of the last entry and, given <paramref name="expectHead"/>
    /// (<c>seq:hash</c> kept elsewhere, e.g. printed on a report), that entry is still there with that hash; (3) every row of
    /// every audited table equals the log's last image of it, and every row the log says exists does. A finding names the
    /// entry or the row.
    /// </summary>
    public static Verification Verify(DbConnection c, byte[] key, string? expectHead = null, int maxFindings = 100)
    {
        var findings = new List<Finding>();
        var prev = "";
        long count = 0;
        long expectedSeq = 0;
        var sealedByKey = false;
        long legacyUnsealed = 0;
        var last = new Dictionary<(string, long), string?>();
        var expected = ParseHead(expectHead);
        var expectedFound = false;
        foreach (var e in c.Query<Entry>($"SELECT {EntryColumns} FROM audit_log ORDER BY seq", buffered: false))
        {
            count++;
            if (expectedSeq != 0 && e.Seq != expectedSeq + 1)
            {
                findings.Add(new Finding("gap", e.TableName, e.RowId, e.Seq, $"Entries {expectedSeq + 1}–{e.Seq - 1} are missing."));
            }
            if (e.PrevHash != prev)
            {
                findings.Add(new Finding("chainBroken", e.TableName, e.RowId, e.Seq, "The entry does not continue the previous entry's hash."));
            }
            var content = e.Content;
            if (AuditKey.Mac(key, content) == e.Hash)
            {
                if (e.TableName == "audit_checkpoints" && e.Action == "insert")
                {
                    sealedByKey = true;
                    legacyUnsealed = 0;
                }
            }
            else if (!sealedByKey && Sha256(content) == e.Hash)
            {
                legacyUnsealed++;
            }
            else
            {
                findings.Add(new Finding("entryAltered", e.TableName, e.RowId, e.Seq,
                    "The entry's hash is not the audit key's HMAC of its content: it was added or changed by someone without the key."));
            }
            if (expected is { } x && x.Seq == e.Seq)
            {
                expectedFound = true;
                if (x.Hash != e.Hash)
                {
                    findings.Add(new Finding("headMismatch", e.TableName, e.RowId, e.Seq, "The entry at the expected head has another hash: the trail was rewritten from here or before."));
                }
            }
            prev = e.Hash;
            expectedSeq = e.Seq;
            last[(e.TableName, e.RowId)] = e.After;
        }
        if (legacyUnsealed > 0)
        {
            findings.Add(new Finding("unsealed", null, null, expectedSeq,
                $"{legacyUnsealed} entries at the end are chained by plain SHA-256 with no keyed checkpoint after them."));
        }
        if (expected is { } head && !expectedFound)
        {
            findings.Add(new Finding("tailCut", null, null, head.Seq,
                head.Seq > expectedSeq ? $"The expected head {head.Seq} is missing: the log ends at {expectedSeq}; entries were cut off the end." : $"The expected head {head.Seq} is missing."));
        }
        var counter = c.IsPostgreSql() ? PostgresAudit.Counter(c) : c.ExecuteScalar<long?>("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'") ?? 0;
        if (counter > expectedSeq)
        {
            findings.Add(new Finding("tailCut", null, null, expectedSeq + 1, $"Entries {expectedSeq + 1}–{counter} were written and are gone."));
        }
        var pgTables = c.IsPostgreSql() ? PostgresAudit.Tables(c, null).ToDictionary(t => t.Name) : null;
        foreach (var table in pgTables?.Keys.Order(StringComparer.Ordinal).ToList() ?? Tables(c, null))
        {
            var seen = new HashSet<long>();
            foreach (var (rowId, image) in pgTables is null ? Rows(c, table) : PostgresAudit.Rows(c, pgTables[table]))
            {
                seen.Add(rowId);
                if (!last.TryGetValue((table, rowId), out var logged) || logged is null)
                {
                    findings.Add(new Finding("unloggedRow", table, rowId, null, "The row exists but the log has no record of it being written."));
                }
                else if (logged != image)
                {
                    findings.Add(new Finding("rowAltered", table, rowId, null, "The row differs from the last state the log recorded."));
                }
            }
            foreach (var ((t, rowId), after) in last.Where(kv => kv.Key.Item1 == table && kv.Value is not null && !seen.Contains(kv.Key.Item2)))
            {
                findings.Add(new Finding("rowDeleted", t, rowId, null, "The log says the row exists but it is gone."));
            }
        }
        return new Verification(findings.Count == 0, count, count == 0 ? null : prev, findings.Take(maxFindings).ToList()) { LastSeq = expectedSeq };
    }

    private static IEnumerable<(long, string)> Rows(DbConnection c, string table)
    {
        var columns = c.Query<string>("SELECT name FROM pragma_table_info(@table)", new { table }).ToList();
        return c.Query<(long, string)>($"SELECT rowid, {Image(columns)} FROM main.\"{table}\"", buffered: false);
    }

    /// <summary><c>seq:hash</c> → the head; null for null. <see cref="FormatException"/> when malformed.</summary>
    public static Head? ParseHead(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var parts = text.Split(':', 2);
        if (parts.Length != 2 || !long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq) || seq < 1
            || parts[1].Length != 64 || !parts[1].All(char.IsAsciiHexDigitLower))
        {
            throw new FormatException("Give the head as seq:hash, e.g. 1234:3f…(64 lower-case hex digits).");
        }
        return new Head(seq, parts[1]);
    }
}
