using System.Data.Common;
using System.Globalization;
using Dapper;
using Finance.Core.Liquidity;
using Finance.Data.Debt;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Text;

namespace Finance.Data.Liquidity;

public sealed record BankAccountRow
{
    public required string AccountId { get; init; }
    public required string Bank { get; init; }
    public required string Name { get; init; }
    public required bool IsMainBank { get; init; }
    public required bool CountsTowardMainBankCap { get; init; }

    public BankAccount ToAccount() => new(AccountId, Bank, Name, IsMainBank, CountsTowardMainBankCap);
}

public sealed record DailyBalanceRow
{
    public required string AccountId { get; init; }
    public required LocalDate Date { get; init; }
    public required decimal BalanceNok { get; init; }
}

/// <summary>Bank accounts, daily balances and published liquidity figures: SQL only, parameters always.</summary>
public static class LiquidityStore
{
    /// <summary>Metric names of liquidity_reported that the figures use.</summary>
    public const string TertialAverageMetric = "average_liquidity_tertial";
    public const string BalanceMetric = "bank_deposits_ordinary";
    public const string DepositReturnMetric = "deposit_return";
    public const string NiborMetric = "benchmark_3m_nibor_average";

    public static IReadOnlyList<BankAccountRow> Accounts(DbConnection c, DbTransaction? tx = null) =>
        c.Query<BankAccountRow>("""
            SELECT account_id AS AccountId, bank AS Bank, name AS Name, is_main_bank AS IsMainBank,
                   counts_toward_main_bank_cap AS CountsTowardMainBankCap
            FROM bank_accounts ORDER BY account_id
            """, transaction: tx).ToList();

    public static void UpsertAccount(DbConnection c, DbTransaction tx, BankAccountRow a) => c.Execute("""
        INSERT INTO bank_accounts (account_id, bank, name, is_main_bank, counts_toward_main_bank_cap)
        VALUES (@AccountId, @Bank, @Name, @IsMainBank, @CountsTowardMainBankCap)
        ON CONFLICT (account_id) DO UPDATE SET bank = excluded.bank, name = excluded.name, is_main_bank = excluded.is_main_bank,
            counts_toward_main_bank_cap = excluded.counts_toward_main_bank_cap
        """, a, tx);

    public static void UpsertBalance(DbConnection c, DbTransaction tx, DailyBalanceRow b) => UpsertBalances(c, tx, [b]);

    /// <summary>Stores many balances with one prepared statement, executed once per row.</summary>
    public static void UpsertBalances(DbConnection c, DbTransaction tx, IEnumerable<DailyBalanceRow> rows) => c.Execute("""
        INSERT INTO daily_balances (account_id, date, balance_nok) VALUES (@AccountId, @Date, @BalanceNok)
        ON CONFLICT (account_id, date) DO UPDATE SET balance_nok = excluded.balance_nok
        """, rows, tx);

    /// <summary>Balances dated from <paramref name="from"/> to <paramref name="to"/> inclusive.</summary>
    public static IReadOnlyList<DailyBalanceRow> Balances(DbConnection c, LocalDate from, LocalDate to, DbTransaction? tx = null) =>
        c.Query<DailyBalanceRow>("""
            SELECT account_id AS AccountId, date AS Date, balance_nok AS BalanceNok
            FROM daily_balances WHERE date BETWEEN @from AND @to ORDER BY date, account_id
            """, new { from, to }, tx).ToList();

    /// <summary>The same balances (of one account, or all), read one by one as enumerated — for exports of any size.</summary>
    public static IEnumerable<DailyBalanceRow> BalancesStreamed(DbConnection c, LocalDate from, LocalDate to, string? accountId) =>
        c.Query<DailyBalanceRow>("""
            SELECT account_id AS AccountId, date AS Date, balance_nok AS BalanceNok
            FROM daily_balances WHERE date BETWEEN @from AND @to AND (@accountId IS NULL OR account_id = @accountId) ORDER BY date, account_id
            """, new { from, to, accountId }, buffered: false);

    /// <summary>
    /// The balances a year's figures need: every balance in the year plus each account's last balance before it (the value
    /// carried into January 1).
    /// </summary>
    public static IReadOnlyList<DailyBalance> BalancesForYear(DbConnection c, int year, DbTransaction? tx = null)
    {
        var first = new LocalDate(year, 1, 1);
        var last = new LocalDate(year, 12, 31);
        return c.Query<DailyBalanceRow>("""
            SELECT b.account_id AS AccountId, b.date AS Date, b.balance_nok AS BalanceNok
            FROM daily_balances b
            WHERE b.date BETWEEN @first AND @last
               OR b.date = (SELECT MAX(x.date) FROM daily_balances x WHERE x.account_id = b.account_id AND x.date < @first)
            ORDER BY b.date, b.account_id
            """, new { first, last }, tx)
            .Select(r => new DailyBalance(r.AccountId, r.Date, r.BalanceNok)).ToList();
    }

    /// <summary>
    /// Bank deposits at a date: the sum over accounts of each account's latest daily balance on or before it (a missing day
    /// carries the last balance forward); where no daily balance exists up to the date, the published balance at exactly
    /// that date (Tabell 2.1). Null when neither exists.
    /// </summary>
    public static (decimal TotalNok, string Source)? DepositsAt(DbConnection c, LocalDate asOf, DbTransaction? tx = null)
    {
        var latest = c.Query<DailyBalanceRow>("""
            SELECT b.account_id AS AccountId, b.date AS Date, b.balance_nok AS BalanceNok
            FROM daily_balances b
            WHERE b.date = (SELECT MAX(x.date) FROM daily_balances x WHERE x.account_id = b.account_id AND x.date <= @asOf)
            """, new { asOf }, tx).ToList();
        if (latest.Count > 0)
        {
            var carried = latest.Count(b => b.Date < asOf);
            return (latest.Sum(b => b.BalanceNok), $"Bank deposits: daily balances of {latest.Count} accounts at {asOf:yyyy-MM-dd}" +
                (carried > 0 ? $" ({carried} carried forward from an earlier day)." : "."));
        }
        // Without daily balances: the published balance at the date, or — inside a period, until the next one is
        // published — the latest published balance before it, labelled as carried forward.
        var reported = c.QueryFirstOrDefault<(string Period, string Value)?>(
            "SELECT period, value FROM liquidity_reported WHERE period <= @period AND metric = @metric ORDER BY period DESC LIMIT 1",
            new { period = LocalDatePattern.Iso.Format(asOf), metric = BalanceMetric }, tx);
        if (reported is not { } r || !decimal.TryParse(r.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }
        return r.Period == LocalDatePattern.Iso.Format(asOf)
            ? (value, $"Bank deposits: the published balance at {asOf:yyyy-MM-dd} (no daily balances held).")
            : (value, $"Bank deposits: the latest published balance, at {r.Period}, carried forward to {asOf:yyyy-MM-dd} (no daily balances held).");
    }

    /// <summary>The latest balance date in the store, if any.</summary>
    public static LocalDate? LastBalanceDate(DbConnection c, DbTransaction? tx = null) =>
        // No row (not a NULL from MAX) when there is none: the date handler cannot read a NULL.
        c.QueryFirstOrDefault<LocalDate?>("SELECT date FROM daily_balances ORDER BY date DESC LIMIT 1", transaction: tx);

    public static void UpsertReported(DbConnection c, DbTransaction tx, ReportedFigureRow r) => c.Execute("""
        INSERT INTO liquidity_reported (period, metric, value, unit, note, source) VALUES (@Period, @Metric, @Value, @Unit, @Note, @Source)
        ON CONFLICT (period, metric) DO UPDATE SET value = excluded.value, unit = excluded.unit, note = excluded.note, source = excluded.source
        """, r, tx);

    /// <summary>Every published figure whose period lies in <paramref name="year"/> (dates, yyyy-MM/yyyy-MM, yyyy).</summary>
    public static IReadOnlyList<ReportedFigureRow> ReportedForYear(DbConnection c, int year, DbTransaction? tx = null) =>
        c.Query<ReportedFigureRow>("""
            SELECT period AS Period, metric AS Metric, value AS Value, unit AS Unit, note AS Note, source AS Source
            FROM liquidity_reported WHERE substr(period, 1, 4) = @year ORDER BY rowid
            """, new { year = year.ToString(CultureInfo.InvariantCulture) }, tx).ToList();

    /// <summary>
    /// The published tertial averages (period <c>yyyy-01/yyyy-04</c> → T1, <c>-05/-08</c> → T2, <c>-09/-12</c> → T3) and the
    /// published balances at dates, as the Core figures take them.
    /// </summary>
    public static ReportedLiquidity Reported(IEnumerable<ReportedFigureRow> rows)
    {
        var tertials = new Dictionary<int, decimal>();
        var balances = new Dictionary<LocalDate, decimal>();
        foreach (var r in rows)
        {
            if (!decimal.TryParse(r.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) continue;
            if (r.Metric == TertialAverageMetric && r.Period.Length == 15 && int.TryParse(r.Period.AsSpan(5, 2), out var month))
            {
                tertials[(month - 1) / 4 + 1] = value;
            }
            else if (r.Metric == BalanceMetric && LocalDatePattern.Iso.Parse(r.Period) is { Success: true } d)
            {
                balances[d.Value] = value;
            }
        }
        return new ReportedLiquidity(tertials, balances);
    }
}

/// <summary>
/// The liquidity reference data of the annual report 2025 (db/seed/liquidity_reported.csv): Tabell 2.1 balances, Figur 2.1
/// tertial averages 2023–2025, the deposit return and 3-month Nibor, and the two banks the text names. The report prints
/// no daily balances, so none are loaded: the summaries of those years show the published figures (source reported).
/// </summary>
public static class LiquidityDemoData
{
    public static void Load(DbConnection c, DbTransaction tx)
    {
        foreach (var r in SeedFiles.Read("liquidity_reported.csv"))
        {
            LiquidityStore.UpsertReported(c, tx, new ReportedFigureRow
            {
                Period = r["as_of_or_period"],
                Metric = r["metric"],
                Value = r["value"],
                Unit = r.TextOrNull("unit"),
                Note = r.TextOrNull("note"),
                Source = r.TextOrNull("source"),
            });
        }
        LiquidityStore.UpsertAccount(c, tx, new BankAccountRow
        {
            AccountId = "dnb-main", Bank = "DNB", Name = "Hovedbankkonto (DNB er kommunens hovedbank, L1713)", IsMainBank = true, CountsTowardMainBankCap = true,
        });
        LiquidityStore.UpsertAccount(c, tx, new BankAccountRow
        {
            AccountId = "danske-secondary", Bank = "Danske Bank", Name = "Innskuddskonto (sekundærbank i perioder med høy likviditet, L1713)", IsMainBank = false, CountsTowardMainBankCap = false,
        });
    }
}
