using System.Data.Common;
using System.Globalization;
using Dapper;
using Finance.Core.Common;
using Finance.Core.Debt;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Text;

namespace Finance.Data.Debt;

/// <summary>A loan's lasting attributes (table loans).</summary>
public sealed record LoanRow
{
    public required string LoanId { get; init; }
    public required string Lender { get; init; }
    public required string Product { get; init; }
    public required string Category { get; init; }
    public required string RateType { get; init; }
    public required string Amortisation { get; init; }
    public required long InstalmentsPerYear { get; init; }
    public required bool Green { get; init; }
    public required string RateRiskExclusion { get; init; }
    public string? Note { get; init; }
}

/// <summary>A loan as it stood at a date (table loan_states).</summary>
public sealed record LoanStateRow
{
    public required string LoanId { get; init; }
    public required LocalDate Date { get; init; }
    public required decimal BalanceNok { get; init; }
    public required decimal RatePct { get; init; }
    public LocalDate? NextRateResetDate { get; init; }
    public required LocalDate MaturityDate { get; init; }
}

/// <summary>A loan with the state that applies at the date asked for.</summary>
public sealed record LoanAtRow
{
    /// <summary>The loan's place in the register (rowid), where a page continues; 0 where not read.</summary>
    public long RowId { get; init; }

    public required string LoanId { get; init; }
    public required string Lender { get; init; }
    public required string Product { get; init; }
    public required string Category { get; init; }
    public required string RateType { get; init; }
    public required string Amortisation { get; init; }
    public required long InstalmentsPerYear { get; init; }
    public required bool Green { get; init; }
    public required string RateRiskExclusion { get; init; }
    public string? Note { get; init; }
    public required LocalDate BalanceDate { get; init; }
    public required decimal BalanceNok { get; init; }
    public required decimal RatePct { get; init; }
    public LocalDate? NextRateResetDate { get; init; }
    public required LocalDate MaturityDate { get; init; }

    /// <summary>The Core loan (the row was validated when stored).</summary>
    public Loan ToLoan() => new(LoanId, Lender, Product, DebtCodes.Parse<LoanCategory>(Category), DebtCodes.Parse<RateType>(RateType),
        Rate.FromPercent(RatePct), BalanceNok, BalanceDate, MaturityDate, DebtCodes.Parse<Amortisation>(Amortisation), NextRateResetDate, Green,
        DebtCodes.Parse<RateRiskExclusion>(RateRiskExclusion), (int)InstalmentsPerYear);
}

public sealed record LoanEventRow
{
    public long EventId { get; init; }
    public required string LoanId { get; init; }
    public required LocalDate Date { get; init; }
    public required string Kind { get; init; }
    public decimal? AmountNok { get; init; }
    public decimal? RatePct { get; init; }
    public LocalDate? NextRateResetDate { get; init; }
    public LocalDate? MaturityDate { get; init; }
    public string? Note { get; init; }
    public string? Lender { get; init; }
}

public sealed record ReportedFigureRow
{
    public required string Period { get; init; }
    public required string Metric { get; init; }
    public required string Value { get; init; }
    public string? Unit { get; init; }
    public string? Note { get; init; }
    public string? Source { get; init; }
}

/// <summary>The loan register and its history: SQL only, parameters always.</summary>
public static class DebtStore
{
    private const string LoanAtSelect = """
        SELECT l.loan_id AS LoanId, l.lender AS Lender, l.product AS Product, l.category AS Category, l.rate_type AS RateType,
               l.amortisation AS Amortisation, l.instalments_per_year AS InstalmentsPerYear, l.green AS Green,
               l.rate_risk_exclusion AS RateRiskExclusion, l.note AS Note,
               s.date AS BalanceDate, s.balance_nok AS BalanceNok, s.rate_pct AS RatePct,
               s.next_rate_reset_date AS NextRateResetDate, s.maturity_date AS MaturityDate
        FROM loans l JOIN loan_states s ON s.loan_id = l.loan_id
        """;

    /// <summary>
    /// Every loan with its latest state on or before <paramref name="asOf"/> (loans with no state by then are left out), in
    /// register order (<see cref="LoansAt(DbConnection, IEnumerable{LocalDate}, DbTransaction?)"/> for one date). Inside a
    /// transaction the list is kept as <see cref="Loans(DbConnection, LocalDate, DbTransaction?)"/> keeps it.
    /// </summary>
    public static IReadOnlyList<LoanAtRow> LoansAt(DbConnection c, LocalDate asOf, DbTransaction? tx = null) =>
        tx is null ? LoansAt(c, [asOf])[asOf] : Kept(c, tx, [asOf])[asOf].Rows;

    /// <summary>
    /// Every loan at each of <paramref name="dates"/> — its latest state on or before the date; loans with no state by then
    /// are left out; in register order — from one read of the balance history: each loan's states from its latest on or
    /// before the first date up to the last date, oldest first. A state serves every date from its own up to the next
    /// state's, as the same row. The rows are read column by column rather than through Dapper's type handlers, which box
    /// every value (a 20 000-loan register: ~4× faster, and this is the read behind every debt figure).
    /// </summary>
    public static IReadOnlyDictionary<LocalDate, IReadOnlyList<LoanAtRow>> LoansAt(DbConnection c, IEnumerable<LocalDate> dates, DbTransaction? tx = null)
    {
        var sorted = dates.Distinct().Order().ToArray();
        var lists = sorted.Select(_ => new List<LoanAtRow>()).ToArray();
        if (sorted.Length > 0)
        {
            using var command = c.CreateCommand();
            command.Transaction = tx;
            // CROSS JOIN: the loans stay the outer loop in SQLite (register order, each loan's states read through the primary
            // key in date order, no sort); it is the same join as JOIN … ON.
            command.CommandText = """
                SELECT l.loan_id, l.lender, l.product, l.category, l.rate_type, l.amortisation, l.instalments_per_year, l.green,
                       l.rate_risk_exclusion, l.note, s.date, s.balance_nok, s.rate_pct, s.next_rate_reset_date, s.maturity_date
                FROM loans l CROSS JOIN loan_states s
                WHERE s.loan_id = l.loan_id
                  AND s.date <= @last
                  AND s.date >= (SELECT COALESCE(MAX(x.date), @first) FROM loan_states x WHERE x.loan_id = l.loan_id AND x.date <= @first)
                ORDER BY l.rowid, s.date
                """;
            AddDate(command, "@first", sorted[0]);
            AddDate(command, "@last", sorted[^1]);
            using var reader = command.ExecuteReader();
            LoanAtRow? held = null;
            while (reader.Read())
            {
                var row = ReadLoanAt(reader);
                if (held is not null)
                {
                    // The held state serves the dates before this one's when this is the same loan's next state, else all after it.
                    Serve(held, held.LoanId == row.LoanId ? row.BalanceDate : null);
                }
                held = row;
            }
            if (held is not null)
            {
                Serve(held, null);
            }
        }
        var byDate = new Dictionary<LocalDate, IReadOnlyList<LoanAtRow>>(sorted.Length);
        for (var i = 0; i < sorted.Length; i++)
        {
            byDate.Add(sorted[i], lists[i]);
        }
        return byDate;

        void Serve(LoanAtRow state, LocalDate? nextState)
        {
            for (var i = 0; i < sorted.Length; i++)
            {
                if (sorted[i] >= state.BalanceDate && (nextState is not { } next || sorted[i] < next))
                {
                    lists[i].Add(state);
                }
            }
        }
    }

    private static void AddDate(DbCommand command, string name, LocalDate date)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = command.DateValue(date);
        command.Parameters.Add(parameter);
    }

    private static LoanAtRow ReadLoanAt(DbDataReader reader) => new()
    {
        LoanId = reader.GetString(0),
        Lender = reader.GetString(1),
        Product = reader.GetString(2),
        Category = reader.GetString(3),
        RateType = reader.GetString(4),
        Amortisation = reader.GetString(5),
        InstalmentsPerYear = reader.GetInt64(6),
        Green = reader.GetFlag(7),
        RateRiskExclusion = reader.GetString(8),
        Note = reader.IsDBNull(9) ? null : reader.GetString(9),
        BalanceDate = reader.GetLocalDate(10),
        BalanceNok = reader.GetExactDecimal(11),
        RatePct = reader.GetExactDecimal(12),
        NextRateResetDate = reader.GetLocalDateOrNull(13),
        MaturityDate = reader.GetLocalDate(14),
    };

    /// <summary>
    /// The Core loans as they stand at <paramref name="asOf"/> (<see cref="LoansAt(DbConnection, LocalDate, DbTransaction?)"/>):
    /// what every debt figure is computed from. Inside a transaction the list is read once per date and kept for that
    /// transaction while it writes nothing (a monthly snapshot asks for the loans at its date from the debt section, the
    /// stress test, three compliance limits and the loan list: one read instead of six); without one it is read each time.
    /// </summary>
    public static IReadOnlyList<Loan> Loans(DbConnection c, LocalDate asOf, DbTransaction? tx = null) =>
        tx is null ? LoansAt(c, asOf).Select(r => r.ToLoan()).ToList() : Kept(c, tx, [asOf])[asOf].Loans;

    /// <summary>
    /// The Core loans at each of <paramref name="dates"/>, kept for the transaction as <see cref="Loans(DbConnection, LocalDate, DbTransaction?)"/>
    /// keeps them; the dates not kept yet are read together (<see cref="LoansAt(DbConnection, IEnumerable{LocalDate}, DbTransaction?)"/>:
    /// the snapshot's period ends of Tabell 3.1 and its date, one read).
    /// </summary>
    public static IReadOnlyDictionary<LocalDate, IReadOnlyList<Loan>> Loans(DbConnection c, IEnumerable<LocalDate> dates, DbTransaction tx) =>
        Kept(c, tx, dates).ToDictionary(x => x.Key, x => x.Value.Loans);

    /// <summary>The loans of each date as kept for <paramref name="tx"/>, the missing dates read in one pass.</summary>
    private static Dictionary<LocalDate, KeptDate> Kept(DbConnection c, DbTransaction tx, IEnumerable<LocalDate> dates)
    {
        var kept = ReadInTransaction.GetOrCreateValue(tx);
        // total_changes(): rows this connection has written since it opened; a write in between makes the kept lists stale.
        // PostgreSQL has no such count: the audit log's last entry moves with every write to a register (loans among them).
        var changes = c.ExecuteScalar<long>(c.IsPostgreSql() ? "SELECT COALESCE(MAX(seq), 0) FROM audit_log" : "SELECT total_changes()", transaction: tx);
        lock (kept)
        {
            if (kept.Changes != changes)
            {
                kept.ByDate.Clear();
                kept.Changes = changes;
            }
            var wanted = dates.Distinct().ToList();
            var missing = wanted.Where(d => !kept.ByDate.ContainsKey(d)).ToList();
            if (missing.Count > 0)
            {
                foreach (var (date, rows) in LoansAt(c, missing, tx))
                {
                    kept.ByDate.Add(date, new KeptDate(rows));
                }
            }
            return wanted.ToDictionary(d => d, d => kept.ByDate[d]);
        }
    }

    private sealed class KeptLoans
    {
        public long Changes { get; set; } = -1;
        public Dictionary<LocalDate, KeptDate> ByDate { get; } = [];
    }

    /// <summary>The rows of a date and, made when first asked for, their Core loans.</summary>
    private sealed class KeptDate(IReadOnlyList<LoanAtRow> rows)
    {
        private readonly Lazy<IReadOnlyList<Loan>> _loans = new(() => rows.Select(r => r.ToLoan()).ToList());

        public IReadOnlyList<LoanAtRow> Rows { get; } = rows;

        public IReadOnlyList<Loan> Loans => _loans.Value;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbTransaction, KeptLoans> ReadInTransaction = new();

    /// <summary>Every loan with its latest state (the register as it stands).</summary>
    public static IReadOnlyList<LoanAtRow> LoansLatest(DbConnection c, DbTransaction? tx = null) =>
        c.Query<LoanAtRow>(LoanAtSelect + """

            WHERE s.date = (SELECT MAX(x.date) FROM loan_states x WHERE x.loan_id = l.loan_id)
            ORDER BY l.rowid
            """, transaction: tx).ToList();

    /// <summary>
    /// A page of the register in its order (rowid): loans after <paramref name="afterRowId"/>, at most <paramref name="take"/>,
    /// each with its latest state — or, with <paramref name="asOf"/>, the loans outstanding then (a state on or before it,
    /// final maturity after it, a balance above zero), each at its latest state by then. Unbuffered, it reads as enumerated.
    /// </summary>
    public static IEnumerable<LoanAtRow> LoansPage(DbConnection c, LocalDate? asOf, long afterRowId, int take, bool buffered) =>
        // Two statements rather than "@asOf IS NULL OR …": PostgreSQL cannot type a date parameter that is only tested for NULL.
        c.Query<LoanAtRow>(LoanAtSelect.Replace("SELECT l.loan_id AS LoanId", "SELECT l.rowid AS RowId, l.loan_id AS LoanId") + (asOf is null
            ? """

            WHERE l.rowid > @afterRowId
              AND s.date = (SELECT MAX(x.date) FROM loan_states x WHERE x.loan_id = l.loan_id)
            ORDER BY l.rowid
            LIMIT @take
            """
            : """

            WHERE l.rowid > @afterRowId
              AND s.date = (SELECT MAX(x.date) FROM loan_states x WHERE x.loan_id = l.loan_id AND x.date <= @asOf)
              AND s.maturity_date > @asOf AND CAST(s.balance_nok AS NUMERIC) > 0
            ORDER BY l.rowid
            LIMIT @take
            """), new { asOf, afterRowId, take }, buffered: buffered);

    public static LoanAtRow? LoanLatest(DbConnection c, string loanId, DbTransaction? tx = null) =>
        c.QuerySingleOrDefault<LoanAtRow>(LoanAtSelect + """

            WHERE l.loan_id = @loanId AND s.date = (SELECT MAX(x.date) FROM loan_states x WHERE x.loan_id = l.loan_id)
            """, new { loanId }, tx);

    /// <summary>Stores a loan: its attributes (replacing earlier ones) and its state at its balance date.</summary>
    public static void Save(DbConnection c, DbTransaction tx, Loan loan, string? note) => SaveAll(c, tx, [(loan.Id, loan, note)]);

    /// <summary>
    /// Stores many loans as <see cref="Save"/> does, each under the id given with it. The rows go to SQLite as JSON arrays
    /// of up to <see cref="Batch"/> rows, one parameter per statement, read by <c>json_each</c>: binding ten parameters per
    /// row cost more than SQLite's own insert. The audit triggers still log every row, loans first, then their states.
    /// </summary>
    public static void SaveAll(DbConnection c, DbTransaction tx, IEnumerable<(string Id, Loan Loan, string? Note)> loans)
    {
        var list = loans as IReadOnlyList<(string Id, Loan Loan, string? Note)> ?? loans.ToList();
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var pg = c.IsPostgreSql();
        ExecuteBatches(c, tx, pg ? UpsertLoansJsonSqlPostgres : UpsertLoansJsonSql, list, (w, x) =>
        {
            w.WriteStringValue(x.Id);
            w.WriteStringValue(x.Loan.Lender);
            w.WriteStringValue(x.Loan.Product);
            w.WriteStringValue(x.Loan.Category.Code());
            w.WriteStringValue(x.Loan.RateType.Code());
            w.WriteStringValue(x.Loan.Amortisation.Code());
            w.WriteNumberValue(x.Loan.InstalmentsPerYear);
            w.WriteNumberValue(x.Loan.Green ? 1 : 0);
            w.WriteStringValue(x.Loan.RateRiskExclusion.Code());
            if (x.Note is null) w.WriteNullValue(); else w.WriteStringValue(x.Note);
        });
        ExecuteBatches(c, tx, pg ? UpsertStatesJsonSqlPostgres : UpsertStatesJsonSql, list, (w, x) =>
        {
            w.WriteStringValue(x.Id);
            w.WriteStringValue(NodaTime.Text.LocalDatePattern.Iso.Format(x.Loan.BalanceDate));
            w.WriteStringValue(x.Loan.BalanceNok.ToString(inv));
            w.WriteStringValue(WithoutTrailingZeros(x.Loan.Rate.Percent).ToString(inv));
            if (x.Loan.NextRateResetDate is { } reset) w.WriteStringValue(NodaTime.Text.LocalDatePattern.Iso.Format(reset)); else w.WriteNullValue();
            w.WriteStringValue(NodaTime.Text.LocalDatePattern.Iso.Format(x.Loan.MaturityDate));
        });
    }

    private const int Batch = 1000;

    /// <summary>Runs <paramref name="sql"/> once per batch of rows, its <c>@rows</c> a JSON array of the rows, each an array of its values.</summary>
    private static void ExecuteBatches<T>(DbConnection c, DbTransaction tx, string sql, IReadOnlyList<T> rows, Action<System.Text.Json.Utf8JsonWriter, T> write)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@rows";
        parameter.DbType = System.Data.DbType.String;
        command.Parameters.Add(parameter);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        for (var start = 0; start < rows.Count; start += Batch)
        {
            buffer.ResetWrittenCount();
            using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                w.WriteStartArray();
                for (var i = start; i < Math.Min(start + Batch, rows.Count); i++)
                {
                    w.WriteStartArray();
                    write(w, rows[i]);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            parameter.Value = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
            command.ExecuteNonQuery();
        }
    }

    private const string UpsertLoansJsonSql = """
        INSERT INTO loans (loan_id, lender, product, category, rate_type, amortisation, instalments_per_year, green, rate_risk_exclusion, note)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8, value ->> 9
        FROM json_each(@rows) WHERE true
        ON CONFLICT (loan_id) DO UPDATE SET lender = excluded.lender, product = excluded.product, category = excluded.category,
            rate_type = excluded.rate_type, amortisation = excluded.amortisation, instalments_per_year = excluded.instalments_per_year,
            green = excluded.green, rate_risk_exclusion = excluded.rate_risk_exclusion, note = excluded.note
        """;

    private const string UpsertStatesJsonSql = """
        INSERT INTO loan_states (loan_id, date, balance_nok, rate_pct, next_rate_reset_date, maturity_date)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
        FROM json_each(@rows) WHERE true
        ON CONFLICT (loan_id, date) DO UPDATE SET balance_nok = excluded.balance_nok, rate_pct = excluded.rate_pct,
            next_rate_reset_date = excluded.next_rate_reset_date, maturity_date = excluded.maturity_date
        """;

    // The same on PostgreSQL: json_array_elements, and each value cast to its column's type.
    private const string UpsertLoansJsonSqlPostgres = """
        INSERT INTO loans (loan_id, lender, product, category, rate_type, amortisation, instalments_per_year, green, rate_risk_exclusion, note)
        SELECT v ->> 0, v ->> 1, v ->> 2, v ->> 3, v ->> 4, v ->> 5, CAST(v ->> 6 AS bigint), v ->> 7 = '1', v ->> 8, v ->> 9
        FROM json_array_elements(CAST(@rows AS json)) AS v
        ON CONFLICT (loan_id) DO UPDATE SET lender = excluded.lender, product = excluded.product, category = excluded.category,
            rate_type = excluded.rate_type, amortisation = excluded.amortisation, instalments_per_year = excluded.instalments_per_year,
            green = excluded.green, rate_risk_exclusion = excluded.rate_risk_exclusion, note = excluded.note
        """;

    private const string UpsertStatesJsonSqlPostgres = """
        INSERT INTO loan_states (loan_id, date, balance_nok, rate_pct, next_rate_reset_date, maturity_date)
        SELECT v ->> 0, CAST(v ->> 1 AS date), CAST(v ->> 2 AS numeric), CAST(v ->> 3 AS numeric), CAST(v ->> 4 AS date), CAST(v ->> 5 AS date)
        FROM json_array_elements(CAST(@rows AS json)) AS v
        ON CONFLICT (loan_id, date) DO UPDATE SET balance_nok = excluded.balance_nok, rate_pct = excluded.rate_pct,
            next_rate_reset_date = excluded.next_rate_reset_date, maturity_date = excluded.maturity_date
        """;

    /// <summary>How many of <paramref name="loanIds"/> are registered already.</summary>
    public static int CountExisting(DbConnection c, DbTransaction tx, IEnumerable<string> loanIds)
    {
        var wanted = loanIds.ToHashSet(StringComparer.Ordinal);
        return c.Query<string>("SELECT loan_id FROM loans", transaction: tx).Count(wanted.Contains);
    }

    /// <summary>4.00 → 4: the percent → fraction → percent round trip adds scale; store the number as entered.</summary>
    private static decimal WithoutTrailingZeros(decimal d) =>
        decimal.Parse(d.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

    public static bool Exists(DbConnection c, string loanId, DbTransaction? tx = null) =>
        c.ExecuteScalar<long>("SELECT COUNT(*) FROM loans WHERE loan_id = @loanId", new { loanId }, tx) > 0;

    /// <summary>
    /// The next free numeric id (the largest all-digit id of up to 18 digits + 1), for loans posted without one: one
    /// aggregate in the database, whatever the register's size (the digit test is the one place the engines' SQL differs).
    /// </summary>
    public static string NextId(DbConnection c, DbTransaction? tx = null) =>
        (c.ExecuteScalar<long?>(c.IsPostgreSql()
            ? "SELECT MAX(CAST(loan_id AS bigint)) FROM loans WHERE loan_id ~ '^[0-9]{1,18}$'"
            : "SELECT MAX(CAST(loan_id AS INTEGER)) FROM loans WHERE loan_id GLOB '[0-9]*' AND loan_id NOT GLOB '*[^0-9]*' AND length(loan_id) <= 18",
            transaction: tx) is { } max ? max + 1 : 1)
        .ToString(CultureInfo.InvariantCulture);

    public static void UpsertLoan(DbConnection c, DbTransaction tx, LoanRow l) => c.Execute(UpsertLoanSql, l, tx);

    private const string UpsertLoanSql = """
        INSERT INTO loans (loan_id, lender, product, category, rate_type, amortisation, instalments_per_year, green, rate_risk_exclusion, note)
        VALUES (@LoanId, @Lender, @Product, @Category, @RateType, @Amortisation, @InstalmentsPerYear, @Green, @RateRiskExclusion, @Note)
        ON CONFLICT (loan_id) DO UPDATE SET lender = excluded.lender, product = excluded.product, category = excluded.category,
            rate_type = excluded.rate_type, amortisation = excluded.amortisation, instalments_per_year = excluded.instalments_per_year,
            green = excluded.green, rate_risk_exclusion = excluded.rate_risk_exclusion, note = excluded.note
        """;

    /// <summary>Stores the loan's state at its date; a state already stored for that date is replaced (a corrected balance).</summary>
    public static void UpsertState(DbConnection c, DbTransaction tx, LoanStateRow s) => c.Execute(UpsertStateSql, s, tx);

    private const string UpsertStateSql = """
        INSERT INTO loan_states (loan_id, date, balance_nok, rate_pct, next_rate_reset_date, maturity_date)
        VALUES (@LoanId, @Date, @BalanceNok, @RatePct, @NextRateResetDate, @MaturityDate)
        ON CONFLICT (loan_id, date) DO UPDATE SET balance_nok = excluded.balance_nok, rate_pct = excluded.rate_pct,
            next_rate_reset_date = excluded.next_rate_reset_date, maturity_date = excluded.maturity_date
        """;

    public static IReadOnlyList<LoanStateRow> History(DbConnection c, string loanId, DbTransaction? tx = null) =>
        c.Query<LoanStateRow>("""
            SELECT loan_id AS LoanId, date AS Date, balance_nok AS BalanceNok, rate_pct AS RatePct,
                   next_rate_reset_date AS NextRateResetDate, maturity_date AS MaturityDate
            FROM loan_states WHERE loan_id = @loanId ORDER BY date
            """, new { loanId }, tx).ToList();

    public static long AddEvent(DbConnection c, DbTransaction tx, LoanEventRow e) => c.ExecuteScalar<long>("""
        INSERT INTO loan_events (loan_id, date, kind, amount_nok, rate_pct, next_rate_reset_date, maturity_date, note)
        VALUES (@LoanId, @Date, @Kind, @AmountNok, @RatePct, @NextRateResetDate, @MaturityDate, @Note) RETURNING event_id
        """, e, tx);

    /// <summary>Has the loan recorded its creation (a newLoan event) already?</summary>
    public static bool HasNewLoanEvent(DbConnection c, string loanId, DbTransaction? tx = null) =>
        c.ExecuteScalar<long>("SELECT COUNT(*) FROM loan_events WHERE loan_id = @loanId AND kind = 'newLoan'", new { loanId }, tx) > 0;

    /// <summary>Events of one loan, or of all loans dated in [from, to], with each loan's lender.</summary>
    public static IReadOnlyList<LoanEventRow> Events(DbConnection c, string? loanId, LocalDate from, LocalDate to, DbTransaction? tx = null) =>
        c.Query<LoanEventRow>("""
            SELECT e.event_id AS EventId, e.loan_id AS LoanId, e.date AS Date, e.kind AS Kind, e.amount_nok AS AmountNok, e.rate_pct AS RatePct,
                   e.next_rate_reset_date AS NextRateResetDate, e.maturity_date AS MaturityDate, e.note AS Note, l.lender AS Lender
            FROM loan_events e JOIN loans l ON l.loan_id = e.loan_id
            WHERE (@loanId IS NULL OR e.loan_id = @loanId) AND e.date BETWEEN @from AND @to
            ORDER BY e.date, e.event_id
            """, new { loanId, from, to }, tx).ToList();

    public static void UpsertReported(DbConnection c, DbTransaction tx, ReportedFigureRow r) => c.Execute("""
        INSERT INTO debt_reported (as_of, metric, value, unit, note, source) VALUES (@Period, @Metric, @Value, @Unit, @Note, @Source)
        ON CONFLICT (as_of, metric) DO UPDATE SET value = excluded.value, unit = excluded.unit, note = excluded.note, source = excluded.source
        """, r, tx);

    /// <summary>Published figures for an as-of date or its year.</summary>
    public static IReadOnlyList<ReportedFigureRow> Reported(DbConnection c, LocalDate asOf, DbTransaction? tx = null) =>
        c.Query<ReportedFigureRow>("""
            SELECT as_of AS Period, metric AS Metric, value AS Value, unit AS Unit, note AS Note, source AS Source
            FROM debt_reported WHERE as_of = @date OR as_of = @year ORDER BY rowid
            """, new { date = asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), year = asOf.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) }, tx).ToList();

    public static void UpsertOnLending(DbConnection c, DbTransaction tx, ReportedFigureRow r) => c.Execute("""
        INSERT INTO on_lending_figures (period, item, amount_nok, note, source) VALUES (@Period, @Metric, @Value, @Note, @Source)
        ON CONFLICT (period, item) DO UPDATE SET amount_nok = excluded.amount_nok, note = excluded.note, source = excluded.source
        """, r, tx);

    /// <summary>On-lending figures for a balance date and its year (flows).</summary>
    public static IReadOnlyList<ReportedFigureRow> OnLending(DbConnection c, LocalDate asOf, DbTransaction? tx = null) =>
        c.Query<ReportedFigureRow>("""
            SELECT period AS Period, item AS Metric, amount_nok AS Value, 'NOK' AS Unit, note AS Note, source AS Source
            FROM on_lending_figures WHERE period = @date OR period = @year ORDER BY rowid
            """, new { date = asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), year = asOf.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) }, tx).ToList();
}
