using System.Data.Common;
using System.Globalization;
using System.Text;
using Finance.Api.Fund;
using Finance.Api.Infrastructure;
using Finance.Core.Common;
using Finance.Core.Debt;
using Finance.Core.Policy;
using Finance.Data;
using Finance.Data.Debt;
using Finance.Data.Policy;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Finance.Api.Debt;

/// <summary>The debt portfolio (gjeldsporteføljen): the loan register, its history and the finance report's debt figures.</summary>
public static class DebtApi
{
    /// <summary>The columns of the loan CSV (import and export): the loan's JSON field names.</summary>
    public static readonly string[] CsvRequired = ["lender", "category", "rateType", "ratePct", "balanceNok", "balanceDate", "maturityDate", "amortisation"];
    public static readonly string[] CsvOptional = ["id", "product", "nextRateResetDate", "green", "rateRiskExclusion", "instalmentsPerYear", "note"];
    private static readonly string[] CsvColumns = ["id", "lender", "product", "category", "rateType", "ratePct", "balanceNok", "balanceDate", "maturityDate",
        "amortisation", "nextRateResetDate", "green", "rateRiskExclusion", "instalmentsPerYear", "note"];

    public static void MapDebtApi(this IEndpointRouteBuilder app)
    {
        var loansRead = app.MapGroup("/api/loans").WithTags("Debt").RequireAuthorization(Policies.Read);
        var loansWrite = app.MapGroup("/api/loans").WithTags("Debt").RequireAuthorization(Policies.Write);
        var read = app.MapGroup("/api/debt").WithTags("Debt").RequireAuthorization(Policies.Read);
        var write = app.MapGroup("/api/debt").WithTags("Debt").RequireAuthorization(Policies.Write);

        loansRead.MapGet("", ListLoans)
            .WithSummary("The loan register (låneoversikt, Note 25)")
            .WithDescription("Every loan with its latest balance, or with `asOf` the loans outstanding at that date, each at its latest balance on or before it. Leases (OPS) are listed with `isLease: true`. JSON comes in pages of `limit` loans (default 1 000, at most 10 000) in register order; when more follow, the answer has a `Link: <…>; rel=\"next\"` header whose URL (with `cursor`) gives the next page. `?format=csv` or `Accept: text/csv` exports the same rows as CSV with the import's columns; `?format=xlsx` or `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` as a one-sheet workbook with the same columns (numbers as numeric cells at full precision, dates as yyyy-MM-dd text), which the import reads back; the exports hold every loan and are streamed.")
            .Produces<List<LoanDto>>(StatusCodes.Status200OK, "application/json", "text/csv", Xlsx.ContentType)
            .WithMetadata(new Pages.Own());
        loansRead.MapGet("/{id}", GetLoan)
            .WithSummary("One loan with its balance history, events and instalment plan")
            .WithDescription("The loan as registered (lender, product, category investment or on-lending (videreutlån), fixed or floating rate in percent, outstanding balance in NOK at the balance date, maturity, amortisation, next rate reset (rentebindingstid ends), green loan, rate-risk exclusion), with its balance history and events (instalments, refinancing, rate resets) and the instalment plan (avdragsplan) to maturity. 404 when no loan has the id.");
        loansWrite.MapPost("", PostLoan)
            .WithSummary("Register a new loan (nytt låneopptak)")
            .WithDescription("Stores the loan and its balance at `balanceDate`, and records a `newLoan` event of that amount (it counts as new borrowing in /api/debt/changes). Without `id` the next free number is used. 409 when the id exists (use PUT).");
        loansWrite.MapPut("/{id}", PutLoan)
            .WithSummary("Create or update a loan")
            .WithDescription("Replaces the loan's attributes and stores its balance at `balanceDate` (a balance already stored for that date is replaced). Earlier balances stay in the history, so past dates keep reporting what they did.");
        loansWrite.MapPost("/import", ImportLoans)
            .WithSummary("Import a loan list (CSV or XLSX, all rows or none)")
            .WithDescription("`Content-Type: text/csv`, or an .xlsx workbook (`application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`, the first sheet is read), a header row of the loan's JSON field names (required: lender, category, rateType, ratePct, balanceNok, balanceDate, maturityDate, amortisation; optional: id, product, nextRateResetDate, green, rateRiskExclusion, instalmentsPerYear, note). Each row creates or updates the loan and its balance at `balanceDate`. Any bad row → 400 with `errors` [{line, field, reason}] for every bad row, and nothing is stored.")
            .Accepts<string>(CsvImport.ContentType, Xlsx.ContentType);
        loansWrite.MapPost("/{id}/events", PostEvent)
            .WithSummary("Record a loan event (avdrag, opptrekk, renteregulering, refinansiering)")
            .WithDescription("An instalment, redemption, drawdown, rate reset or refinancing, dated on or after the loan's latest balance. The loan's new state is stored at the event's date, so the balance history answers any past date.");

        read.MapGet("/summary", Summary)
            .WithSummary("Debt key figures at a date (gjeldsporteføljen)")
            .WithDescription("""
                Total borrowing and per lender (share, balance-weighted rate); weighted average rate; refinancing within 12 months (loans whose final maturity is < 365 days away) vs the 30 % limit; maturity buckets [0,1) [1,2) [2,3) [3,5) [5,10) [10,∞) years by final maturity (years = days/365, lower bound inclusive), split investment / on-lending; the rate-exposed base (on-lending, VAR, rate-compensated loans and leases excluded), fixed-rate share (fixing ≥ 1 year away) vs the 30–60 % band, interest-fixing buckets and the weighted average interest-fixing time (rentebindingstid); bullet and green shares; the stress test's floating base (all borrowing whose rate resets within 12 months); leases apart; the projected debt service for 12 months and 4 years and its sensitivity to +1 / +2 pp. Default `asOf`: today.
                """);
        read.MapGet("/changes", Changes)
            .WithSummary("Changes over a period per lender (nye lån, avdrag, netto endring)")
            .WithDescription("Opening balance at `from`, new loans and drawdowns, instalments and redemptions (events dated in (from, to]), loans reaching final maturity, closing balance at `to`, and the net change. `otherNok` is the part of the net change the recorded events do not explain (balances entered without events).");
        read.MapGet("/on-lending", OnLending)
            .WithSummary("On-lending (videreutlån, startlån)")
            .WithDescription("Borrowing for on-lending from the loan register, and the on-lending accounts' figures as loaded: lending by category (Note 6), disbursements, redemptions, arrears (restanser) and unused borrowed funds (ubrukte lånemidler).");
        write.MapPost("/on-lending", PostOnLending)
            .WithSummary("Load on-lending figures (upsert)")
            .WithDescription("Figures from the accounts per balance date (yyyy-MM-dd) or year (yyyy). All rows or none are stored.");
    }

    // ---- loans ----

    private static IResult ListLoans(Db db, HttpRequest request, HttpResponse response, DateOnly? asOf, string? format, int? limit, string? cursor)
    {
        var at = asOf is { } a ? LocalDate.FromDateOnly(a) : (LocalDate?)null;
        if (CsvImport.WantsXlsx(request, format) || CsvImport.WantsCsv(request, format))
        {
            // The exports hold every loan, streamed from the database as the answer is written.
            IEnumerable<object?[]> Rows()
            {
                using var c = db.OpenRead();
                foreach (var r in DebtStore.LoansPage(c, at, 0, int.MaxValue, buffered: false))
                {
                    yield return LoanCells(r);
                }
            }
            return CsvImport.WantsXlsx(request, format) ? Export.Xlsx(CsvColumns, Rows, "loans") : Export.Csv(CsvColumns, Rows);
        }
        if (Pages.Read(limit, cursor) is not ({ } take, { } after))
        {
            return Pages.Problem(limit);
        }
        using var read = db.OpenRead();
        var page = DebtStore.LoansPage(read, at, after, take + 1, buffered: true).ToList();
        if (page.Count > take)
        {
            page.RemoveAt(take);
            Pages.Next(request, response, take, page[^1].RowId.ToString(CultureInfo.InvariantCulture));
        }
        return TypedResults.Ok(page.Select(ToDto).ToList());
    }

    private static object?[] LoanCells(LoanAtRow r) =>
    [
        r.LoanId, r.Lender, r.Product, r.Category, r.RateType, r.RatePct, r.BalanceNok, r.BalanceDate, r.MaturityDate, r.Amortisation,
        r.NextRateResetDate, r.Green, r.RateRiskExclusion, r.InstalmentsPerYear, r.Note,
    ];

    private static LoanDto ToDto(LoanAtRow r) => new(r.LoanId, r.Lender, r.Product, DebtCodes.Parse<LoanCategory>(r.Category),
        DebtCodes.Parse<RateType>(r.RateType), r.RatePct, r.BalanceNok, r.BalanceDate, r.MaturityDate, DebtCodes.Parse<Amortisation>(r.Amortisation),
        r.NextRateResetDate, r.Green, DebtCodes.Parse<RateRiskExclusion>(r.RateRiskExclusion), (int)r.InstalmentsPerYear,
        r.RateRiskExclusion == "lease", r.Note);

    private static Results<Ok<LoanDetailDto>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>> GetLoan(Db db, string id, HttpResponse response)
    {
        using var c = db.OpenRead();
        if (DebtStore.LoanLatest(c, id) is not { } r)
        {
            return ProblemResults.NotFound($"No loan '{id}'.");
        }
        var d = ToDto(r);
        response.Headers.ETag = ETags.For(d);
        var history = DebtStore.History(c, id).Select(s => new LoanStateDto(s.Date, s.BalanceNok, s.RatePct, s.NextRateResetDate, s.MaturityDate)).ToList();
        var events = DebtStore.Events(c, id, new LocalDate(1900, 1, 1), new LocalDate(2200, 12, 31)).Select(ToDto).ToList();
        var plan = DebtService.Plan(r.ToLoan(), r.BalanceDate).Select(i => new InstalmentDto(i.Date, i.PrincipalNok)).ToList();
        return TypedResults.Ok(new LoanDetailDto(d.Id, d.Lender, d.Product, d.Category, d.RateType, d.RatePct, d.BalanceNok, d.BalanceDate,
            d.MaturityDate, d.Amortisation, d.NextRateResetDate, d.Green, d.RateRiskExclusion, d.InstalmentsPerYear, d.IsLease, d.Note,
            history, events, plan));
    }

    private static LoanEventDto ToDto(LoanEventRow e) => new(e.EventId, e.LoanId, e.Date, Enum.Parse<LoanEventKind>(e.Kind, true),
        e.AmountNok, e.RatePct, e.NextRateResetDate, e.MaturityDate, e.Note);

    private static bool IsLoanId(string? s) => s is { Length: >= 1 and <= 64 } && s.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.');

    /// <summary>
    /// Checks a loan (from JSON or a CSV row) and builds it; every problem goes to <paramref name="error"/> as (field, reason).
    /// Null when anything is wrong.
    /// </summary>
    internal static Loan? ToLoan(string? id, string? lender, string? product, LoanCategory? category, RateType? rateType, decimal? ratePct,
        decimal? balanceNok, LocalDate? balanceDate, LocalDate? maturityDate, Amortisation? amortisation, LocalDate? nextReset, bool? green,
        RateRiskExclusion? exclusion, int? instalmentsPerYear, string? note, Action<string, string> error)
    {
        var ok = true;
        void Fail(string field, string reason) { ok = false; error(field, reason); }

        if (!IsLoanId(id)) Fail("id", "1–64 letters, digits, '-', '_' or '.'.");
        if (string.IsNullOrWhiteSpace(lender)) Fail("lender", "A lender is required.");
        else if (lender.Length > 200) Fail("lender", "At most 200 characters.");
        if (product is { Length: > 200 }) Fail("product", "At most 200 characters.");
        if (note is { Length: > 2000 }) Fail("note", "At most 2 000 characters.");
        if (ratePct is { } r && (r < -5m || r > 50m)) Fail("ratePct", "A rate from −5 to 50 percent.");
        if (balanceNok is { } b && b < 0m) Fail("balanceNok", "Must not be negative.");
        if (balanceNok is { } b2 && b2 > Input.MaxAmountNok) Fail("balanceNok", "Out of range (at most 10^15 NOK).");
        foreach (var (field, date) in new[] { ("balanceDate", balanceDate), ("maturityDate", maturityDate), ("nextRateResetDate", nextReset) })
        {
            if (date is { Year: < 1900 or > 2200 }) Fail(field, "A date from 1900 to 2200.");
        }
        if (balanceDate is { } bd && maturityDate is { } md && md <= bd) Fail("maturityDate", "Final maturity must be after the balance date.");
        if (nextReset is { } nr)
        {
            if (maturityDate is { } m && nr > m) Fail("nextRateResetDate", "Must not be after final maturity.");
            if (balanceDate is { } b3 && nr < b3) Fail("nextRateResetDate", "Must not be before the balance date (a reset already passed: give the next one).");
        }
        if (instalmentsPerYear is { } n && n is not (1 or 2 or 4 or 12)) Fail("instalmentsPerYear", "1, 2, 4 or 12.");
        if (category is null || rateType is null || ratePct is null || balanceNok is null || balanceDate is null || maturityDate is null || amortisation is null || !ok)
        {
            return null;
        }
        var excl = exclusion ?? (category == LoanCategory.OnLending ? RateRiskExclusion.OnLending : RateRiskExclusion.None);
        return new Loan(id!, lender!.Trim(), product?.Trim() ?? "", category.Value, rateType.Value, Rate.FromPercent(ratePct.Value), balanceNok.Value,
            balanceDate.Value, maturityDate.Value, amortisation.Value, nextReset, green ?? false, excl, instalmentsPerYear ?? 1);
    }

    private static Loan? FromInput(LoanInput x, string id, Validation v) => ToLoan(id, x.Lender, x.Product, x.Category, x.RateType, x.RatePct, x.BalanceNok,
        x.BalanceDate, x.MaturityDate, x.Amortisation, x.NextRateResetDate, x.Green, x.RateRiskExclusion, x.InstalmentsPerYear, x.Note, (f, m) => v.Add(f, m));

    private static Results<Created<LoanDto>, ValidationProblem, Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails>> PostLoan(Db db, LoanInput body)
    {
        return db.InTransaction<Results<Created<LoanDto>, ValidationProblem, Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails>>>((c, tx) =>
        {
            var id = body.Id ?? DebtStore.NextId(c, tx);
            var v = new Validation();
            var loan = FromInput(body, id, v);
            if (loan is null)
            {
                return v.Problem();
            }
            if (DebtStore.Exists(c, id, tx))
            {
                return TypedResults.Conflict(new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = 409, Title = "The loan exists.", Detail = $"Loan '{id}' is already registered: use PUT /api/loans/{id} or record an event.",
                });
            }
            DebtStore.Save(c, tx, loan, body.Note);
            DebtStore.AddEvent(c, tx, new LoanEventRow { LoanId = id, Date = loan.BalanceDate, Kind = "newLoan", AmountNok = loan.BalanceNok, RatePct = loan.Rate.Percent, Note = "registered" });
            return TypedResults.Created($"/api/loans/{Uri.EscapeDataString(id)}", ToDto(DebtStore.LoanLatest(c, id, tx)!));
        });
    }

    private static Results<Ok<LoanDto>, ValidationProblem, ProblemHttpResult> PutLoan(Db db, string id, LoanInput body, HttpRequest request, HttpResponse response)
    {
        var v = new Validation().When(body.Id is not null && body.Id != id, "id", "The body's id must equal the one in the path.");
        var loan = FromInput(body, id, v);
        if (loan is null || !v.Ok)
        {
            return v.Problem();
        }
        return db.InTransaction<Results<Ok<LoanDto>, ValidationProblem, ProblemHttpResult>>((c, tx) =>
        {
            var current = DebtStore.LoanLatest(c, id, tx) is { } existing ? ETags.For(ToDto(existing)) : null;
            if (!ETags.Matches(request, current))
            {
                return ETags.Stale();
            }
            DebtStore.Save(c, tx, loan, body.Note);
            var saved = ToDto(DebtStore.LoanLatest(c, id, tx)!);
            response.Headers.ETag = ETags.For(saved);
            return TypedResults.Ok(saved);
        });
    }

    private static async Task<Results<Ok<LoanImportResult>, ProblemHttpResult>> ImportLoans(Db db, HttpRequest request)
    {
        var errors = new List<CsvError>();
        if (await CsvImport.ReadRows(request, CsvRequired, CsvOptional, errors) is not { } rows)
        {
            return CsvImport.UnsupportedMediaType();
        }
        // Every row is checked before the write lock is taken (a placeholder stands for a missing id), so a large file
        // holds the lock only while it is stored. New ids are handed out inside the write transaction, so a loan
        // registered at the same time cannot take one of them, and the file is stored whole or not at all.
        const string NoId = "0";
        var loans = new List<(Loan Loan, string? Note, bool NewId)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, cells) in rows)
        {
            var r = new CsvImport.RowReader(line, cells, errors);
            var given = r.Text("id");
            if (given is not null)
            {
                if (seen.TryGetValue(given, out var first))
                {
                    r.Error("id", $"Loan '{given}' appears again (first on line {first}).");
                }
                seen.TryAdd(given, line);
            }
            var perYear = r.Decimal("instalmentsPerYear");
            if (perYear is { } p && p != decimal.Truncate(p))
            {
                r.Error("instalmentsPerYear", "A whole number.");
            }
            var loan = ToLoan(given ?? NoId, r.Text("lender", true), r.Text("product"), r.Enum<LoanCategory>("category", true), r.Enum<RateType>("rateType", true),
                r.Decimal("ratePct", true), r.Decimal("balanceNok", true), r.Date("balanceDate", true), r.Date("maturityDate", true),
                r.Enum<Amortisation>("amortisation", true), r.Date("nextRateResetDate"), r.Bool("green"), r.Enum<RateRiskExclusion>("rateRiskExclusion"),
                // A whole number out of int's range is clamped, so ToLoan names it ("1, 2, 4 or 12") instead of defaulting it.
                perYear is { } q && q == decimal.Truncate(q) ? (int)Math.Clamp(q, int.MinValue, int.MaxValue) : null, r.Text("note"), r.Error);
            if (loan is not null)
            {
                loans.Add((loan, r.Text("note"), given is null));
            }
        }
        if (errors.Count > 0)
        {
            return CsvImport.Problem(errors.OrderBy(e => e.Line).ToList(), "The loan list has invalid rows.");
        }
        var (created, updated, ids) = db.InTransaction((c, tx) =>
        {
            // New ids: the next free numbers, skipping any the file gives itself.
            var next = long.Parse(DebtStore.NextId(c, tx), CultureInfo.InvariantCulture);
            var stored = loans.Select(l =>
            {
                if (!l.NewId)
                {
                    return (l.Loan.Id, l.Loan, l.Note);
                }
                string id;
                do
                {
                    id = (next++).ToString(CultureInfo.InvariantCulture);
                }
                while (seen.ContainsKey(id));
                return (Id: id, l.Loan, l.Note);
            }).ToList();
            var existing = DebtStore.CountExisting(c, tx, stored.Select(l => l.Id));
            DebtStore.SaveAll(c, tx, stored);
            return (stored.Count - existing, existing, stored.Select(l => l.Id).ToList());
        });
        return TypedResults.Ok(new LoanImportResult(loans.Count, created, updated, ids));
    }

    private static Results<Created<LoanEventDto>, ValidationProblem, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>, UnprocessableEntity<Microsoft.AspNetCore.Mvc.ProblemDetails>> PostEvent(
        Db db, string id, LoanEventInput body)
    {
        var v = new Validation().When(body.Kind == LoanEventKind.NewLoan, "kind", "Register a new loan with POST /api/loans.");
        Input.CheckDate(v, "date", body.Date);
        if (body.AmountNok is { } a) Input.CheckAmount(v, "amountNok", a, allowNegative: false);
        v.When(body.RatePct is < -5m or > 50m, "ratePct", "A rate from −5 to 50 percent.")
            .When(body.Kind is LoanEventKind.Instalment or LoanEventKind.Redemption or LoanEventKind.Drawdown && body.AmountNok is null or <= 0m, "amountNok", "A positive amount is required.")
            .When(body.Kind == LoanEventKind.RateReset && body.RatePct is null, "ratePct", "The new rate is required.")
            .When(body.Note is { Length: > 2000 }, "note", "At most 2 000 characters.");
        if (!v.Ok)
        {
            return v.Problem();
        }
        return db.InTransaction<Results<Created<LoanEventDto>, ValidationProblem, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>, UnprocessableEntity<Microsoft.AspNetCore.Mvc.ProblemDetails>>>((c, tx) =>
        {
            if (DebtStore.LoanLatest(c, id, tx) is not { } current)
            {
                return ProblemResults.NotFound($"No loan '{id}'.");
            }
            var e = new LoanEvent(id, body.Date, body.Kind, body.AmountNok, body.RatePct is { } rp ? Rate.FromPercent(rp) : null, body.NextRateResetDate, body.MaturityDate);
            Loan after;
            try
            {
                after = LoanEvents.Apply(current.ToLoan(), e);
            }
            catch (ArgumentException ex)
            {
                return TypedResults.UnprocessableEntity(new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = 422, Title = "The event does not fit the loan.", Detail = ex.Message.Split(" (Parameter", 2)[0],
                });
            }
            DebtStore.Save(c, tx, after, current.Note);
            var eventId = DebtStore.AddEvent(c, tx, new LoanEventRow
            {
                LoanId = id, Date = body.Date, Kind = JsonCode(body.Kind), AmountNok = body.AmountNok, RatePct = body.RatePct,
                NextRateResetDate = body.NextRateResetDate, MaturityDate = body.MaturityDate, Note = body.Note,
            });
            var row = DebtStore.Events(c, id, body.Date, body.Date, tx).Single(x => x.EventId == eventId);
            return TypedResults.Created($"/api/loans/{Uri.EscapeDataString(id)}", ToDto(row));
        });
    }

    private static string JsonCode(LoanEventKind k) => char.ToLowerInvariant(k.ToString()[0]) + k.ToString()[1..];

    // ---- figures ----

    private static Results<Ok<DebtSummaryDto>, ValidationProblem> Summary(Db db, RegisterCache cache, IClock clock, DateOnly? asOf)
    {
        var date = asOf is { } a ? LocalDate.FromDateOnly(a) : clock.Today();
        if (date.Year is < 1900 or > 2200)
        {
            return Validation.Problem("asOf", "A date from 1900 to 2200.");
        }
        using var c = db.OpenRead();
        // Kept per register version: the figures change only with a write (RegisterCache).
        return TypedResults.Ok(cache.GetOrAdd(c, "debt-summary|" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c => SummaryAt(c, date))!);
    }

    /// <summary>
    /// Computes today's debt summary once while the service starts, before it takes requests: the register read and the
    /// figures are then compiled (fully optimised, see Finance.Api.csproj) before the first summary is asked, which after a
    /// large import otherwise pays for the compilation too. Nothing is stored or kept.
    /// </summary>
    public static void WarmUp(Db db, IClock clock)
    {
        using var c = db.OpenRead();
        SummaryAt(c, clock.Today());
    }

    /// <summary>The summary at a date: <see cref="DebtPositions.At"/>, mapped.</summary>
    private static DebtSummaryDto SummaryAt(System.Data.Common.DbConnection c, LocalDate date)
    {
        var p = DebtPositions.At(c, date, PolicyStore.InForce(c, date));
        var f = p.Figures;
        var notes = new List<string>
        {
            "Each loan counts at its latest balance on or before asOf; a loan whose final maturity is on or before asOf is repaid.",
            "Buckets: years = days/365 from asOf, lower bound inclusive (365 days → 1-2, 730 days → 2-3).",
            "Refinancing within 12 months: balances of loans whose final maturity is less than 365 days away; scheduled instalments of amortising loans are budget-financed and not counted.",
            "Interest fixing: a floating loan fixes until its next reset (none given: resets now); a fixed loan until the end of its fixed period (none given: final maturity). Fixed share = fixing 1 year or more away.",
        };
        if (!p.RateExposed && f.TotalNok > 0m)
        {
            notes.Add("Every loan carries a rate-risk exclusion: the fixed share and fixing time have no base (shown as 0).");
        }

        return new DebtSummaryDto(
            date, f.LoanCount, f.TotalNok, f.InvestmentNok, f.OnLendingNok,
            f.ByLender.Select(l => new LenderDto(l.Lender, l.BalanceNok, l.Share.Percent, l.AverageRate.Percent, l.Loans)).ToList(),
            f.WeightedAverageRate.Percent,
            f.Refinancing12mNok, f.Refinancing12mShare.Percent, ToDto(p.Refinancing12mLimit),
            f.MaturityBuckets.Select(b => new MaturityBucketDto(b.Bucket, b.InvestmentNok, b.OnLendingNok, b.TotalNok,
                b.InvestmentShare.Percent, b.OnLendingShare.Percent)).ToList(),
            f.RateExposedNok, f.FixedNok, f.FixedShare.Percent, ToDto(p.FixedShareBand),
            f.FixingBuckets.Select(b => new FixingBucketDto(b.Bucket, b.TotalNok, b.Share.Percent)).ToList(),
            f.AverageFixingYears, ToDto(p.AverageFixingYearsBand),
            f.BulletNok, f.BulletShare.Percent, f.GreenNok, f.GreenShare.Percent,
            f.FloatingWithin12mNok, f.LeasesNok,
            Service(p.Service),
            DebtStore.Reported(c, date).Select(ToDto).ToList(),
            notes);
    }

    private static BandDto ToDto(PolicyBand b) => new(b.Min, b.Max, b.Within);

    private static ReportedFigureDto ToDto(ReportedFigureRow r) => new(r.Period, r.Metric, r.Value, r.Unit, r.Note, r.Source);

    private static DebtServiceDto Service(DebtServiceOutlook outlook)
    {
        DebtServicePeriodDto Dto(DebtServicePeriod p) => new(p.Year, p.From, p.To, p.InterestNok, p.InstalmentsNok, p.TotalNok, p.MaturitiesNok);
        return new DebtServiceDto(Dto(outlook.Years[0]), outlook.Years.Select(Dto).ToList(), outlook.TotalNok,
            outlook.Sensitivity.Select(x => new RateSensitivityDto(x.ShockPoints, x.ExtraInterest12mNok, x.ExtraInterestTotalNok)).ToList(),
            "Interest actual/365 on the outstanding balance; serial/annuity instalments on the final maturity date and every 12/n months before it; bullet maturities refinanced at the same rate (listed as maturitiesNok, not debt service); a shock raises a loan's rate from its next reset (fixing end) on. Leases are not projected.");
    }

    private static Results<Ok<DebtChangesDto>, ValidationProblem> Changes(Db db, DateOnly from, DateOnly to)
    {
        var (f, t) = (LocalDate.FromDateOnly(from), LocalDate.FromDateOnly(to));
        if (f.Year is < 1900 or > 2200 || t.Year is < 1900 or > 2200)
        {
            return Validation.Problem(f.Year is < 1900 or > 2200 ? "from" : "to", "A date from 1900 to 2200.");
        }
        if (t < f)
        {
            return Validation.Problem("to", "`to` must be on or after `from`.");
        }
        using var c = db.OpenRead();
        var atFrom = DebtStore.Loans(c, f);
        var atTo = DebtStore.Loans(c, t);
        var events = DebtStore.Events(c, null, f.PlusDays(1), t)
            .Select(e => (e.Lender ?? "", new LoanEvent(e.LoanId, e.Date, Enum.Parse<LoanEventKind>(e.Kind, true), e.AmountNok)))
            .ToList();
        var changes = PortfolioChanges.Between(atFrom, atTo, events, f, t);
        LenderChangeDto Dto(LenderChange x) => new(x.Lender, x.OpeningNok, x.NewLoansNok, x.InstalmentsNok, x.MaturedNok, x.NetChangeNok, x.OtherNok, x.ClosingNok);
        var total = new LenderChange("Sum innlån", changes.Sum(x => x.OpeningNok), changes.Sum(x => x.NewLoansNok), changes.Sum(x => x.InstalmentsNok),
            changes.Sum(x => x.MaturedNok), changes.Sum(x => x.ClosingNok));
        return TypedResults.Ok(new DebtChangesDto(f, t, changes.Select(Dto).ToList(), Dto(total),
            "Opening = borrowing outstanding at `from`, closing = at `to` (each loan at its latest balance); new loans = newLoan + drawdown events, instalments = instalment + redemption events dated in (from, to]; matured = the last balance of loans whose final maturity falls in the period; other = net change not explained by events. Leases excluded."));
    }

    private static Results<Ok<OnLendingDto>, ValidationProblem> OnLending(Db db, IClock clock, DateOnly? asOf)
    {
        var date = asOf is { } a ? LocalDate.FromDateOnly(a) : clock.Today();
        if (date.Year is < 1900 or > 2200)
        {
            return Validation.Problem("asOf", "A date from 1900 to 2200.");
        }
        using var c = db.OpenRead();
        var loans = DebtStore.Loans(c, date).Where(l => l.Category == LoanCategory.OnLending).ToList();
        var byLender = DebtMetrics.ByLender(loans, date);
        var figures = DebtStore.OnLending(c, date);
        decimal? Find(string item) => figures.FirstOrDefault(x => x.Metric == item) is { } r ? decimal.Parse(r.Value, CultureInfo.InvariantCulture) : null;
        var total = figures.FirstOrDefault(x => x.Metric.StartsWith("note6: Totale", StringComparison.Ordinal)) is { } t ? decimal.Parse(t.Value, CultureInfo.InvariantCulture) : (decimal?)null;
        var arrears = Find("text: restanser");
        return TypedResults.Ok(new OnLendingDto(
            date,
            byLender.Sum(l => l.BalanceNok),
            byLender.Select(l => new LenderDto(l.Lender, l.BalanceNok, l.Share.Percent, l.AverageRate.Percent, l.Loans)).ToList(),
            figures.Where(x => x.Metric.StartsWith("note6: ", StringComparison.Ordinal) && !x.Metric.StartsWith("note6: Totale", StringComparison.Ordinal)).Select(ToDto).ToList(),
            total,
            Find("text: utbetalt lån") ?? Find("investment statement: Videreutlån"),
            Find("text: innfridde lån og tilskudd"),
            arrears,
            arrears is { } ar && total is { } tl && tl != 0m ? ar / tl * 100m : null,
            Find("memo: Ubrukte lånemidler Startlån Husbanken"),
            figures.Select(ToDto).ToList()));
    }

    private static Results<Ok<int>, ValidationProblem> PostOnLending(Db db, List<OnLendingFigureInput> body)
    {
        var v = new Validation().When(body.Count == 0, "body", "Send at least one figure.").When(body.Count > 10_000, "body", "At most 10 000 rows per request.");
        for (var i = 0; i < body.Count; i++)
        {
            var x = body[i];
            var isYear = x.Period.Length == 4 && int.TryParse(x.Period, out var y) && y is >= 1900 and <= 2200;
            var isDate = NodaTime.Text.LocalDatePattern.Iso.Parse(x.Period) is { Success: true } d && d.Value.Year is >= 1900 and <= 2200;
            v.When(!isYear && !isDate, $"[{i}].period", "A date yyyy-MM-dd or a year yyyy (1900–2200).")
                .When(string.IsNullOrWhiteSpace(x.Item) || x.Item.Length > 200, $"[{i}].item", "1–200 characters.");
            Input.CheckAmount(v, $"[{i}].amountNok", x.AmountNok, allowNegative: true);
        }
        Duplicates.Check(v, "body", body, x => x.Item is null || x.Period is null ? null : $"{x.Period} {x.Item.Trim()}", "period and item");
        if (!v.Ok)
        {
            return v.Problem();
        }
        db.InTransaction((c, tx) =>
        {
            foreach (var x in body)
            {
                DebtStore.UpsertOnLending(c, tx, new ReportedFigureRow
                {
                    Period = x.Period, Metric = x.Item.Trim(), Value = x.AmountNok.ToString(CultureInfo.InvariantCulture), Note = x.Note, Source = "entered",
                });
            }
        });
        return TypedResults.Ok(body.Count);
    }
}
