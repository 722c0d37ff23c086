using System.Data.Common;
using System.Globalization;
using System.Text;
using Finance.Api.Debt;
using Finance.Api.Fund;
using Finance.Api.Infrastructure;
using Finance.Core.Common;
using Finance.Core.Liquidity;
using Finance.Data;
using Finance.Data.Debt;
using Finance.Data.Liquidity;
using Finance.Data.Policy;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Finance.Api.Liquidity;

/// <summary>Short-term liquidity (kortsiktig likviditet): bank accounts, daily balances, averages and the main-bank cap.</summary>
public static class LiquidityApi
{
    /// <summary>The main-bank cap when no regulations are in force: 2.0 bn NOK (finansreglement, L1715).</summary>

    private const string CarryForwardRule =
        "A day without a recorded balance carries the account's last known balance forward (also across a year end); days before an account's first balance count nothing for it.";

    /// <summary>The columns of the balance files (import and export): the JSON field names.</summary>
    private static readonly string[] BalanceColumns = ["accountId", "date", "balanceNok"];

    public static void MapLiquidityApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/liquidity").WithTags("Liquidity").RequireAuthorization(Policies.Read);
        var write = app.MapGroup("/api/liquidity").WithTags("Liquidity").RequireAuthorization(Policies.Write);

        read.MapGet("/accounts", (Db db) => { using var c = db.OpenRead(); return TypedResults.Ok(LiquidityStore.Accounts(c).Select(ToDto).ToList()); })
            .WithSummary("Bank accounts (bankkontoer)")
            .WithDescription("The municipality's bank accounts whose daily balances make up short-term liquidity (likviditet): bank, name, whether the account is at the main bank (hovedbank) and whether it counts toward the main-bank cap of the financial regulations.");
        write.MapPost("/accounts", PostAccount)
            .WithSummary("Create or update a bank account")
            .WithDescription("Bank, name, whether it is at the main bank (hovedbank) and whether it counts toward the main-bank cap (default: same as `isMainBank`). 201 when new, 200 when updated.");
        read.MapGet("/balances", Balances)
            .WithSummary("Daily balances (daglige saldoer)")
            .WithDescription("Recorded end-of-day balances between `from` and `to` (inclusive), optionally of one account. `?format=csv` or `Accept: text/csv` exports them with the import's columns; `?format=xlsx` or `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` as a one-sheet workbook with the same columns, which the import reads back.")
            .Produces<List<DailyBalanceDto>>(StatusCodes.Status200OK, "application/json", "text/csv", Xlsx.ContentType);
        write.MapPost("/balances", PostBalances)
            .WithSummary("Load daily balances (bulk upsert)")
            .WithDescription("An array of {accountId, date, balanceNok}; upsert per account and date. Negative balances (overdraft) are allowed, |x| ≤ 10^15. All rows or none are stored.");
        write.MapPost("/balances/import", ImportBalances)
            .WithSummary("Import daily balances from a bank export (CSV or XLSX, all rows or none)")
            .WithDescription("`Content-Type: text/csv`, or an .xlsx workbook (`application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`, the first sheet is read), header `accountId,date,balanceNok`. Any bad row → 400 with `errors` [{line, field, reason}] and nothing stored.")
            .Accepts<string>(CsvImport.ContentType, Xlsx.ContentType);
        read.MapGet("/summary", Summary)
            .WithSummary("Liquidity of a year (gjennomsnittlig daglig likviditet, hovedbankgrense)")
            .WithDescription("Average daily liquidity per tertial (T1 Jan–Apr, T2 May–Aug, T3 Sep–Dec) and for the year = mean of the daily totals; a missing day carries the last known balance forward. Balances at tertial ends. The main-bank cap (policy in force, default 2.0 bn) with every day above it. Where no daily balances exist, the published figures are shown and marked `reported` (the year's average is then the day-weighted mean of the tertial averages); computed figures win wherever daily balances exist. Deposit return vs 3-month Nibor when the rates are loaded.");
        read.MapGet("/reported/{year:int}", GetReported)
            .WithSummary("A year's published liquidity figures")
            .WithDescription("The tertial averages and balances at dates stored as published for the year. The `ETag` header names this version for an `If-Match` update with PUT.");
        write.MapPut("/reported/{year:int}", PutReported)
            .WithSummary("Load a year's published liquidity figures")
            .WithDescription("Tertial averages and balances at dates as published (Figur 2.1, Tabell 2.1), used only where no daily balances exist; upsert per tertial and date, one date or tertial twice → 400 naming it. With `If-Match` the update applies only to the version GET returned (else 412); figures sent unchanged are not written, so a PUT that changes nothing writes no audit entry.");
        read.MapGet("/rates/{year:int}", GetRates)
            .WithSummary("A year's deposit return and 3-month Nibor average")
            .WithDescription("The rates stored for the year, in percent. The `ETag` header names this version for an `If-Match` update with PUT; 404 when the year has none.");
        write.MapPut("/rates/{year:int}", PutRates)
            .WithSummary("Set a year's deposit return and 3-month Nibor average")
            .WithDescription("The return on bank deposits and the benchmark (3 md. Nibor, yearly average), in percent. With `If-Match` the update applies only to that version (else 412); a PUT that changes nothing writes no audit entry.");
    }

    private static BankAccountDto ToDto(BankAccountRow a) => new(a.AccountId, a.Bank, a.Name, a.IsMainBank, a.CountsTowardMainBankCap);

    private static bool IsId(string? s) => s is { Length: >= 1 and <= 64 } && s.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.');

    private static Results<Created<BankAccountDto>, Ok<BankAccountDto>, ValidationProblem> PostAccount(Db db, BankAccountInput body)
    {
        var v = new Validation()
            .When(!IsId(body.AccountId), "accountId", "1–64 letters, digits, '-', '_' or '.'.")
            .When(string.IsNullOrWhiteSpace(body.Bank) || body.Bank.Length > 200, "bank", "1–200 characters.")
            .When(string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 200, "name", "1–200 characters.");
        if (!v.Ok)
        {
            return v.Problem();
        }
        var row = new BankAccountRow
        {
            AccountId = body.AccountId, Bank = body.Bank.Trim(), Name = body.Name.Trim(), IsMainBank = body.IsMainBank,
            CountsTowardMainBankCap = body.CountsTowardMainBankCap ?? body.IsMainBank,
        };
        var existed = db.InTransaction((c, tx) =>
        {
            var exists = LiquidityStore.Accounts(c, tx).Any(a => a.AccountId == row.AccountId);
            LiquidityStore.UpsertAccount(c, tx, row);
            return exists;
        });
        return existed ? TypedResults.Ok(ToDto(row)) : TypedResults.Created($"/api/liquidity/accounts/{Uri.EscapeDataString(row.AccountId)}", ToDto(row));
    }

    private static Results<Ok<List<DailyBalanceDto>>, Export, ValidationProblem> Balances(Db db, HttpRequest request, DateOnly? from, DateOnly? to, string? accountId, string? format)
    {
        var f = from is { } a ? LocalDate.FromDateOnly(a) : new LocalDate(1900, 1, 1);
        var t = to is { } b ? LocalDate.FromDateOnly(b) : new LocalDate(2200, 12, 31);
        if (f > t)
        {
            return Validation.Problem("from", "`from` must be on or before `to`.");
        }
        // The exports stream every balance of the period, read one by one while the answer is written.
        IEnumerable<object?[]> Rows()
        {
            using var c = db.OpenRead();
            foreach (var r in LiquidityStore.BalancesStreamed(c, f, t, accountId))
            {
                yield return [r.AccountId, r.Date, r.BalanceNok];
            }
        }
        if (CsvImport.WantsXlsx(request, format))
        {
            return Export.Xlsx(BalanceColumns, Rows, "balances");
        }
        if (CsvImport.WantsCsv(request, format))
        {
            return Export.Csv(BalanceColumns, Rows);
        }
        using var read = db.OpenRead();
        return TypedResults.Ok(LiquidityStore.Balances(read, f, t).Where(r => accountId is null || r.AccountId == accountId)
            .Select(r => new DailyBalanceDto(r.AccountId, r.Date, r.BalanceNok)).ToList());
    }

    private static void CheckBalance(Action<string, string> error, HashSet<string> accounts, string? accountId, LocalDate? date, decimal? amount)
    {
        if (accountId is null) { }
        else if (!accounts.Contains(accountId)) error("accountId", $"Unknown account '{accountId}' (create it with POST /api/liquidity/accounts).");
        if (date is { Year: < 1900 or > 2200 }) error("date", "A date from 1900 to 2200.");
        if (amount is { } x && Math.Abs(x) > Input.MaxAmountNok) error("balanceNok", "Out of range (|x| ≤ 10^15 NOK).");
    }

    private static Results<Ok<BalancesStored>, ValidationProblem> PostBalances(Db db, List<DailyBalanceInput> body)
    {
        var v = new Validation().When(body.Count == 0, "body", "Send at least one balance.").When(body.Count > 400_000, "body", "At most 400 000 rows per request.");
        using (var c = db.Open())
        {
            var accounts = LiquidityStore.Accounts(c).Select(a => a.AccountId).ToHashSet(StringComparer.Ordinal);
            var seen = new HashSet<(string, LocalDate)>();
            for (var i = 0; i < body.Count; i++)
            {
                var x = body[i];
                var at = $"[{i}].";
                CheckBalance((f, m) => v.Add(at + f, m), accounts, x.AccountId, x.Date, x.BalanceNok);
                v.When(!seen.Add((x.AccountId, x.Date)), at + "date", $"The same account and date appear twice in the request: '{x.AccountId} {x.Date:yyyy-MM-dd}'.");
            }
        }
        if (!v.Ok)
        {
            return v.Problem();
        }
        Store(db, body.Select(x => new DailyBalanceRow { AccountId = x.AccountId, Date = x.Date, BalanceNok = x.BalanceNok }).ToList());
        return TypedResults.Ok(new BalancesStored(body.Count, body.Min(x => x.Date), body.Max(x => x.Date)));
    }

    private static void Store(Db db, IReadOnlyList<DailyBalanceRow> rows) => db.InTransaction((c, tx) => LiquidityStore.UpsertBalances(c, tx, rows));

    private static async Task<Results<Ok<BalancesStored>, ProblemHttpResult>> ImportBalances(Db db, HttpRequest request)
    {
        var errors = new List<CsvError>();
        if (await CsvImport.ReadRows(request, BalanceColumns, [], errors) is not { } rows)
        {
            return CsvImport.UnsupportedMediaType();
        }
        var parsed = new List<DailyBalanceRow>();
        using (var c = db.Open())
        {
            var accounts = LiquidityStore.Accounts(c).Select(a => a.AccountId).ToHashSet(StringComparer.Ordinal);
            var seen = new Dictionary<(string, LocalDate), int>();
            foreach (var (line, cells) in rows)
            {
                var r = new CsvImport.RowReader(line, cells, errors);
                var before = errors.Count;
                var account = r.Text("accountId", true);
                var date = r.Date("date", true);
                var amount = r.Decimal("balanceNok", true);
                CheckBalance(r.Error, accounts, account, date, amount);
                if (account is not null && date is { } d)
                {
                    if (seen.TryGetValue((account, d), out var first)) r.Error("date", $"Account '{account}' on {CsvImport.Date(d)} appears again (first on line {first}).");
                    seen.TryAdd((account, d), line);
                }
                if (errors.Count == before && account is not null && date is { } dd && amount is { } x)
                {
                    parsed.Add(new DailyBalanceRow { AccountId = account, Date = dd, BalanceNok = x });
                }
            }
        }
        if (errors.Count > 0)
        {
            return CsvImport.Problem(errors.OrderBy(e => e.Line).ToList(), "The balance file has invalid rows.");
        }
        Store(db, parsed);
        return TypedResults.Ok(new BalancesStored(parsed.Count, parsed.Min(x => x.Date), parsed.Max(x => x.Date)));
    }

    private static Results<Ok<LiquiditySummaryDto>, ValidationProblem> Summary(Db db, IClock clock, int year)
    {
        if (year is < 1900 or > 2200)
        {
            return Validation.Problem("year", "A year from 1900 to 2200.");
        }
        var today = clock.Today();
        using var c = db.OpenRead();
        var accounts = LiquidityStore.Accounts(c).Select(a => a.ToAccount()).ToList();
        var current = Year(c, accounts, year, today);
        var prior = Year(c, accounts, year - 1, today);
        var (limit, limitFromPolicy) = LiquidityFigures.MainBankCapLimit(PolicyStore.InForce(c, current.Through));
        if (limit != current.MainBankCap.LimitNok)
        {
            current = Year(c, accounts, year, today, limit);
        }

        var depositDto = LiquidityYears.DepositReturn(LiquidityStore.ReportedForYear(c, year)) is { } d
            ? new DepositReturnDto(d.DepositReturnPct, d.Nibor3mPct, d.ExcessPp, d.Source)
            : null;

        var notes = new List<string>();
        if (current.AverageSource is "reported" or "mixed")
        {
            notes.Add("No daily balances for (part of) the year: the published tertial averages are used, and the year's average is their day-weighted mean (120/123/122 days; 121 for T1 in a leap year). Published figures are marked `reported`.");
        }
        if (current.MainBankCap.DaysChecked == 0)
        {
            notes.Add("The main-bank cap cannot be checked without daily balances of the accounts that count toward it.");
        }
        var capLimitSource = limitFromPolicy ? "finansreglement in force" : "default 2.0 bn (no limit in the regulations in force)";
        notes.Add($"Main-bank cap limit: {capLimitSource}; a breach is a day strictly above the limit.");

        return TypedResults.Ok(new LiquiditySummaryDto(
            year, current.Through, current.AverageDailyNok, current.AverageSource,
            prior.AverageDailyNok, current.AverageDailyNok - prior.AverageDailyNok,
            current.Tertials.Select(t => new TertialDto(t.Tertial, t.From, t.To, t.Days, t.AverageNok, t.AverageSource, t.EndBalanceNok, t.EndBalanceSource, t.DaysCovered, t.DaysCarriedForward)).ToList(),
            new MainBankCapDto(current.MainBankCap.LimitNok, current.MainBankCap.MaxObservedNok, current.MainBankCap.MaxObservedDate, current.MainBankCap.DaysChecked,
                current.MainBankCap.Breaches.Select(b => new CapBreachDto(b.Date, b.BalanceNok, b.ExcessNok, b.CarriedForward)).ToList(),
                current.MainBankCap.DaysChecked > 0 ? "computed" : "none"),
            depositDto,
            current.DaysCovered, current.DaysCarriedForward, CarryForwardRule, notes));
    }

    /// <summary>A year's figures as they stand today (<see cref="LiquidityYears.Live"/>).</summary>
    private static LiquidityYear Year(System.Data.Common.DbConnection c, IReadOnlyList<BankAccount> accounts, int year, LocalDate today, decimal limit = LiquidityFigures.DefaultMainBankCapNok) =>
        LiquidityYears.Live(c, accounts, year, today, limit);

    /// <summary>The year's published tertial averages and balances, as PUT takes them.</summary>
    private static ReportedLiquidityInput Reported(System.Data.Common.DbConnection c, int year, System.Data.Common.DbTransaction? tx = null)
    {
        var rows = LiquidityStore.ReportedForYear(c, year, tx);
        static decimal? Number(string text) => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        var tertials = new List<TertialAverageInput>();
        foreach (var t in new[] { 1, 2, 3 })
        {
            var (first, last) = Tertials.Range(year, t);
            if (rows.FirstOrDefault(r => r.Metric == LiquidityStore.TertialAverageMetric && r.Period == $"{first:yyyy-MM}/{last:yyyy-MM}") is { } row && Number(row.Value) is { } average)
            {
                tertials.Add(new TertialAverageInput(t, average));
            }
        }
        var balances = rows.Where(r => r.Metric == LiquidityStore.BalanceMetric)
            .Select(r => (Date: NodaTime.Text.LocalDatePattern.Iso.Parse(r.Period), Value: Number(r.Value)))
            .Where(x => x.Date.Success && x.Value is not null && x.Date.Value.Year == year)
            .OrderBy(x => x.Date.Value)
            .Select(x => new ReportedBalanceInput(x.Date.Value, x.Value!.Value)).ToList();
        return new ReportedLiquidityInput(tertials, balances);
    }

    private static Ok<ReportedLiquidityInput> GetReported(Db db, int year, HttpResponse response)
    {
        using var c = db.Open();
        var dto = Reported(c, year);
        response.Headers.ETag = ETags.For(dto);
        return TypedResults.Ok(dto);
    }

    private static Results<Ok<ReportedLiquidityInput>, ValidationProblem, ProblemHttpResult> PutReported(Db db, int year, ReportedLiquidityInput body, HttpRequest request, HttpResponse response)
    {
        var v = new Validation().When(year is < 1900 or > 2200, "year", "A year from 1900 to 2200.");
        var tertials = body.TertialAverages ?? [];
        var balances = body.Balances ?? [];
        for (var i = 0; i < tertials.Count; i++)
        {
            v.When(tertials[i].Tertial is < 1 or > 3, $"tertialAverages[{i}].tertial", "1, 2 or 3.");
            Input.CheckAmount(v, $"tertialAverages[{i}].averageNok", tertials[i].AverageNok, allowNegative: true);
        }
        for (var i = 0; i < balances.Count; i++)
        {
            v.When(balances[i].Date.Year != year, $"balances[{i}].date", "A date in the year of the path.");
            Input.CheckAmount(v, $"balances[{i}].balanceNok", balances[i].BalanceNok, allowNegative: true);
        }
        Duplicates.Check(v, "tertialAverages", tertials, t => t.Tertial.ToString(CultureInfo.InvariantCulture), "tertial");
        Duplicates.Check(v, "balances", balances, b => CsvImport.Date(b.Date), "date");
        if (!v.Ok)
        {
            return v.Problem();
        }
        return db.InTransaction<Results<Ok<ReportedLiquidityInput>, ValidationProblem, ProblemHttpResult>>((c, tx) =>
        {
            var stored = Reported(c, year, tx);
            if (!ETags.Matches(request, ETags.For(stored)))
            {
                return ETags.Stale();
            }
            // Only figures that change are written (and logged): the same figure again is no change.
            tertials = tertials.Where(t => !stored.TertialAverages!.Any(s => s.Tertial == t.Tertial && s.AverageNok == t.AverageNok)).ToList();
            balances = balances.Where(b => !stored.Balances!.Any(s => s.Date == b.Date && s.BalanceNok == b.BalanceNok)).ToList();
            foreach (var t in tertials)
            {
                var (first, last) = Tertials.Range(year, t.Tertial);
                LiquidityStore.UpsertReported(c, tx, new ReportedFigureRow
                {
                    Period = $"{first:yyyy-MM}/{last:yyyy-MM}", Metric = LiquidityStore.TertialAverageMetric,
                    Value = t.AverageNok.ToString(CultureInfo.InvariantCulture), Unit = "NOK", Source = "entered",
                });
            }
            foreach (var b in balances)
            {
                LiquidityStore.UpsertReported(c, tx, new ReportedFigureRow
                {
                    Period = CsvImport.Date(b.Date), Metric = LiquidityStore.BalanceMetric,
                    Value = b.BalanceNok.ToString(CultureInfo.InvariantCulture), Unit = "NOK", Source = "entered",
                });
            }
            var saved = Reported(c, year, tx);
            response.Headers.ETag = ETags.For(saved);
            return TypedResults.Ok(saved);
        });
    }

    /// <summary>The year's stored rates, or null when either is missing.</summary>
    private static LiquidityRatesInput? Rates(System.Data.Common.DbConnection c, int year, System.Data.Common.DbTransaction? tx = null)
    {
        var period = $"{year:D4}-01/{year:D4}-12";
        var rows = LiquidityStore.ReportedForYear(c, year, tx).Where(r => r.Period == period).ToList();
        decimal? Value(string metric) => rows.FirstOrDefault(r => r.Metric == metric) is { } r
            && decimal.TryParse(r.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        return Value(LiquidityStore.DepositReturnMetric) is { } deposit && Value(LiquidityStore.NiborMetric) is { } nibor
            ? new LiquidityRatesInput(deposit, nibor)
            : null;
    }

    private static Results<Ok<LiquidityRatesInput>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>> GetRates(Db db, int year, HttpResponse response)
    {
        using var c = db.Open();
        if (Rates(c, year) is not { } rates)
        {
            return ProblemResults.NotFound($"No deposit return and Nibor average stored for {year}.");
        }
        response.Headers.ETag = ETags.For(rates);
        return TypedResults.Ok(rates);
    }

    private static Results<Ok<LiquidityRatesInput>, ValidationProblem, ProblemHttpResult> PutRates(Db db, int year, LiquidityRatesInput body, HttpRequest request, HttpResponse response)
    {
        var v = new Validation()
            .When(year is < 1900 or > 2200, "year", "A year from 1900 to 2200.")
            .When(body.DepositReturnPct is < -20m or > 50m, "depositReturnPct", "A rate from −20 to 50 percent.")
            .When(body.Nibor3mPct is < -20m or > 50m, "nibor3mPct", "A rate from −20 to 50 percent.");
        if (!v.Ok)
        {
            return v.Problem();
        }
        var period = $"{year:D4}-01/{year:D4}-12";
        return db.InTransaction<Results<Ok<LiquidityRatesInput>, ValidationProblem, ProblemHttpResult>>((c, tx) =>
        {
            var stored = Rates(c, year, tx);
            if (!ETags.Matches(request, stored is null ? null : ETags.For(stored)))
            {
                return ETags.Stale();
            }
            // The same rates again are no change (the stored row keeps its source).
            if (stored?.DepositReturnPct != body.DepositReturnPct)
            {
                LiquidityStore.UpsertReported(c, tx, new ReportedFigureRow { Period = period, Metric = LiquidityStore.DepositReturnMetric, Value = body.DepositReturnPct.ToString(CultureInfo.InvariantCulture), Unit = "pct", Source = "entered" });
            }
            if (stored?.Nibor3mPct != body.Nibor3mPct)
            {
                LiquidityStore.UpsertReported(c, tx, new ReportedFigureRow { Period = period, Metric = LiquidityStore.NiborMetric, Value = body.Nibor3mPct.ToString(CultureInfo.InvariantCulture), Unit = "pct", Source = "entered" });
            }
            var saved = Rates(c, year, tx)!;
            response.Headers.ETag = ETags.For(saved);
            return TypedResults.Ok(saved);
        });
    }
}
