using System.Data.Common;
using Finance.Api.Infrastructure;
using Finance.Core.Common;
using Finance.Core.Fund;
using Finance.Data;
using Finance.Data.Fund;
using Finance.Data.Policy;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Finance.Api.Fund;

/// <summary>The managed fund (forvaltningsfondet): registers and figures.</summary>
public static class FundApi
{
    public static void MapFundApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/fund").WithTags("Fund").RequireAuthorization(Policies.Read);
        var write = app.MapGroup("/api/fund").WithTags("Fund").RequireAuthorization(Policies.Write);

        read.MapGet("/holdings", Holdings)
            .WithSummary("Holdings and allocation vs strategy (beholdning og allokering)")
            .WithDescription("Market value per asset class and placement at the latest valuation on or before `asOf`, each class's weight of the fund against the strategic weight and the permitted band (tillatt avvik) of the regulations in force. A weight outside the band is a deviation (avvik) to report.");
        read.MapGet("/placements", (Db db) => { using var c = db.OpenRead(); return TypedResults.Ok(FundStore.Placements(c).Select(ToDto).ToList()); })
            .WithSummary("List placements (plasseringer)")
            .WithDescription("The individual funds and the fund's bank account, each in one asset class.");
        read.MapGet("/placements/{placementId}", GetPlacement)
            .WithSummary("One placement")
            .WithDescription("The placement as registered. The `ETag` header names this version for an `If-Match` update with PUT; 404 when no placement has the id.");
        write.MapPut("/placements/{placementId}", PutPlacement)
            .WithSummary("Create or update a placement")
            .WithDescription("Adds a fund or account to the register, or updates its name, manager, class, benchmark or SFDR article. The placement as GET returns it can be sent back; with `If-Match` an update is applied only to that version (else 412). A PUT that changes nothing writes no audit entry.");
        read.MapGet("/valuations", Valuations)
            .WithSummary("List month-end valuations (markedsverdier)")
            .WithDescription("Stored month-end market values per placement and per asset class between `from` and `to` (inclusive). `?format=csv` or `Accept: text/csv` exports the same rows as CSV, `?format=xlsx` or `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` as a one-sheet workbook (numbers as numeric cells at full precision, dates as yyyy-MM-dd text); both have the import's columns and import back unchanged.")
            .Produces<List<ValuationDto>>(StatusCodes.Status200OK, "application/json", CsvImport.ContentType, Xlsx.ContentType);
        write.MapPost("/valuations", PostValuations)
            .WithSummary("Load month-end market values (upsert)")
            .WithDescription("Month-end market values per placement or per asset class, with the manager's reported income and bond durations where known. Upsert per date and placement (or class). All rows or none are stored.");
        write.MapPost("/valuations/import", ImportValuations)
            .WithSummary("Import month-end market values (CSV or XLSX, all rows or none)")
            .WithDescription("`Content-Type: text/csv`, or an .xlsx workbook (`application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`, the first sheet is read), with a header row of the valuation's JSON field names (required: date, marketValueNok; optional: placementId, assetClass, incomeNok, interestDurationYears, creditDurationYears) — the columns of the export. The rules of `POST /api/fund/valuations` apply; upsert per date and placement (or class). Any bad row → 400 with `errors` [{line, field, reason}] for every bad row, and nothing is stored.")
            .Accepts<string>(CsvImport.ContentType, Xlsx.ContentType);
        read.MapGet("/flows", Flows)
            .WithSummary("List flows (uttak, innskudd, overføringer)")
            .WithDescription("Withdrawals, deposits and rebalancing transfers dated in `year`, or all of them when `year` is omitted; a fund-level flow has no `assetClass`.");
        write.MapPost("/flows", PostFlows)
            .WithSummary("Record flows (uttak og innskudd)")
            .WithDescription("Withdrawals to the municipality (negative `amountNok`), deposits (positive) and rebalancing transfers between classes. A flow without `placementId` and `assetClass` is a fund-level flow: the total fund's return uses it exactly, and the class returns of its month say in their basis that it is not attributed (a class's return is only right when its own flows are known). `reference` (optional) is the bank's transaction id: a flow whose reference is already stored is answered with the stored flow, never a second row (200 when nothing new was stored; 409 if the reference's stored figures differ). A flow identical to a stored one (date, amount, kind, class and placement) without a reference is refused with 409 naming the stored flow's id (`existingId`). The same reference, or the same flow without one, twice in one request → 400. All rows or none are stored.")
            .Produces<List<FlowDto>>(StatusCodes.Status200OK);
        read.MapGet("/flows/{id:long}", GetFlow)
            .WithSummary("One flow")
            .WithDescription("A stored flow. The `ETag` header names this version for an `If-Match` correction with PUT or DELETE; 404 when no flow has the id.");
        write.MapPut("/flows/{id:long}", PutFlow)
            .WithSummary("Correct a flow")
            .WithDescription("Replaces a stored flow's date, amount, kind, class or placement, note and reference, by the rules of POST (the flow as GET returns it is accepted; its `id` is ignored). With `If-Match` the correction applies only to that version (else 412). The change is in the audit trail, and the figures move at once: the live returns and withdrawal, and every stored snapshot of the flow's year from its month on is taken again (a new, labelled version where its figures changed), so the reports show the correction. A PUT that changes nothing writes no audit entry.");
        write.MapDelete("/flows/{id:long}", DeleteFlow)
            .WithSummary("Delete a flow")
            .WithDescription("Removes a flow recorded by mistake and answers it as it was (200). The row before the delete stays in the audit trail (`GET /api/audit?table=fund_flows`); the figures move at once, the stored snapshots of the flow's year from its month on included (new versions). With `If-Match` only that version is deleted (else 412).");
        read.MapGet("/benchmark-returns", (Db db) => { using var c = db.OpenRead(); return TypedResults.Ok(FundStore.BenchmarkReturns(c).Select(b => new BenchmarkReturnDto(b.Period, Enum.Parse<BenchmarkSeries>(b.Series, true), b.ReturnPct)).ToList()); })
            .WithSummary("List benchmark returns (referanseindeks)")
            .WithDescription("Monthly and published annual returns of the composite benchmark (syntetisk indeks) and the class benchmarks (MSCI ACWI in NOK, Nordic Bond Pricing RM123D3).");
        write.MapPost("/benchmark-returns", PostBenchmarks)
            .WithSummary("Load benchmark returns (upsert)")
            .WithDescription("Monthly (`month`) or published annual (`year`) benchmark returns in percent, per series. All rows or none are stored.");
        read.MapGet("/returns", YearReturns)
            .WithSummary("Returns of a year, month by month (avkastning)")
            .WithDescription("Time-weighted returns per month for the fund and each class: income / market value at the previous month end (Modified Dietz when a flow is dated inside a month). Year to date chain-links the unrounded monthly returns. Excess return (meravkastning) = fund − benchmark, in percentage points.");
        read.MapGet("/returns/history", History)
            .WithSummary("Returns since inception (avkastning siden oppstart)")
            .WithDescription("Yearly returns since the fund started (June 2000), accumulated by chain-linking, and the geometric average annual return over the real elapsed time (2000 counts as half a year). Years with twelve months of data in the system are computed at full precision; earlier years come from the loaded history.");
        read.MapGet("/returns/history/{year:int}", GetHistoryYear)
            .WithSummary("A loaded year of history")
            .WithDescription("The yearly return (and benchmark) loaded for the year, as published. The `ETag` header names this version for an `If-Match` update with PUT; 404 when no history is loaded for the year.");
        write.MapPut("/returns/history/{year:int}", PutHistory)
            .WithSummary("Load a year of pre-system history")
            .WithDescription("A yearly return (and benchmark) from before the system held monthly data, as published. A year as `GET /api/fund/returns/history` (or `/history/{year}`) returns it is accepted: its computed members are ignored. With `If-Match` the update applies only to that version (else 412); a PUT that changes nothing writes no audit entry.");
        read.MapGet("/risk", Risk)
            .WithSummary("Risk figures (risikotall)")
            .WithDescription("Annualised standard deviation of the last 36 monthly returns (sample, × √12), tracking error (relativ risiko) on the monthly differences to the composite benchmark, and the bond portfolio's interest-rate duration (rentedurasjon) and credit duration (kredittdurasjon), weighted by market value.");
        read.MapGet("/real-value", RealValueFor)
            .WithSummary("Real-value target and buffer capital (realverdi og bufferkapital)")
            .WithDescription("The council's real-value target: the base amount in base-year kroner (1 804 MNOK in 2002-kroner) × CPI(year) / CPI(base year); the surplus (overdekning) = market value − target. Bufferkapital = market value − grunnkapital, and its share of the fund's value. Until the year's CPI is published, the target uses the latest published CPI (`cpiIndexYearOf` names its year) and `basis` says so — the same rule as compliance, the green zone and the snapshot.");
        read.MapGet("/parameters", Parameters)
            .WithSummary("Fund parameters (grunnkapital, realverdigrunnlag)")
            .WithDescription("The council's fixed parameters of the fund: grunnkapital in NOK (the nominal capital that is not to be spent; market value above it is the bufferkapital) and the real-value base (realverdigrunnlag) in NOK of its base year (1 804 000 000 in 2002-kroner), which the CPI carries forward to the real-value target. The `ETag` header names this version for an `If-Match` update.");
        write.MapPut("/parameters", PutParameters)
            .WithSummary("Set the fund parameters")
            .WithDescription("Grunnkapital (fixed nominal) and the real-value base with its base year.");

        var cpiRead = app.MapGroup("/api/market-data/cpi").WithTags("Market data").RequireAuthorization(Policies.Read);
        var cpiWrite = app.MapGroup("/api/market-data/cpi").WithTags("Market data").RequireAuthorization(Policies.Write);
        cpiRead.MapGet("", (Db db) => { using var c = db.OpenRead(); return TypedResults.Ok(FundStore.CpiSeries(c).Select(x => new CpiDto((int)x.Year, x.Index)).ToList()); })
            .WithSummary("Consumer price index series (KPI)")
            .WithDescription("The annual-average consumer price index (SSB KPI, årsgjennomsnitt) per year, oldest first: the series that carries the real-value base (realverdigrunnlag) forward to a year's real-value target (realverdi).");
        cpiRead.MapGet("/{year:int}", GetCpi)
            .WithSummary("A year's CPI")
            .WithDescription("The annual-average consumer price index of the year. The `ETag` header names this version for an `If-Match` update with PUT; 404 when the year's CPI is not published (loaded) yet.");
        cpiWrite.MapPut("/{year:int}", PutCpi)
            .WithSummary("Set a year's CPI (KPI, årsgjennomsnitt)")
            .WithDescription("The annual-average consumer price index (SSB KPI) for the year; one base for the whole series. The CPI as GET returns it is accepted (`year` is read-only); with `If-Match` the update applies only to that version (else 412). A PUT that changes nothing writes no audit entry.");
    }

    private static PlacementDto ToDto(PlacementRow p) =>
        new(p.PlacementId, p.Name, AssetClasses.Parse(p.AssetClass), p.Manager, p.BenchmarkIndex, (int?)p.SfdrArticle);

    private static Results<Ok<HoldingsDto>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>> Holdings(Db db, RegisterCache cache, DateOnly asOf)
    {
        var date = LocalDate.FromDateOnly(asOf);
        // Read-only: no audit attach; the figures are kept until a register changes (the most requested read).
        using var c = db.OpenRead();
        // A date matters only through the valuation it reads and the policy version in force: both are looked up in two
        // small lists kept per register version, and the figures are kept under that pair, so a date never asked before
        // (any day after the last valuation) still finds them.
        var version = RegisterCache.Version(c);
        var dates = cache.GetOrAdd(version, c, "valuation-dates", c => FundStore.ValuationDates(c))!;
        var policies = cache.GetOrAdd(version, c, "policy-versions", c => PolicyStore.Versions(c))!;
        var at = dates.Count == 0 || dates[0] > date ? (LocalDate?)null : dates[LastOnOrBefore(dates, date)];
        var policy = policies.LastOrDefault(p => p.ValidFrom <= date)?.Version;
        var holdings = at is { } valuationDate
            ? cache.GetOrAdd(version, c, $"holdings|{valuationDate:yyyy-MM-dd}|{policy}", c => HoldingsAt(c, valuationDate, date))
            : null;
        return holdings is null ? ProblemResults.NotFound($"No valuation on or before {date:yyyy-MM-dd}.") : TypedResults.Ok(holdings with { AsOf = date });
    }

    /// <summary>The index of the last of the sorted <paramref name="dates"/> on or before <paramref name="date"/> (the first is on or before it).</summary>
    private static int LastOnOrBefore(IReadOnlyList<LocalDate> dates, LocalDate date)
    {
        int lo = 0, hi = dates.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (dates[mid] <= date) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    /// <summary>The holdings at the valuation of <paramref name="valuationDate"/> against the policy in force at <paramref name="date"/> (<see cref="FundFigures.Holdings"/>, mapped).</summary>
    private static HoldingsDto? HoldingsAt(System.Data.Common.DbConnection c, LocalDate valuationDate, LocalDate date)
    {
        if (FundFigures.ValuationAt(c, valuationDate) is not { } valuation)
        {
            return null;
        }
        var h = FundFigures.Holdings(c, valuation, PolicyStore.InForce(c, date));
        var total = valuation.TotalNok;
        var placements = h.Placements
            .Select(p => new PlacementHoldingDto(p.Valuation.PlacementId, p.Name, AssetClasses.Parse(p.Valuation.AssetClass), p.Valuation.MarketValueNok,
                Rate.Share(p.Valuation.MarketValueNok, total).Percent, p.Valuation.InterestDurationYears, p.Valuation.CreditDurationYears))
            .ToList();
        return new HoldingsDto(date, valuation.Date, total,
            h.Classes.Select(ToDto).ToList(),
            placements, h.PolicyVersion);
    }

    /// <summary>
    /// A class against the strategy, in percent. The deviation is the difference of the two percent numbers shown
    /// (weight − strategic weight, in percentage points), so it adds up with them to the last digit.
    /// </summary>
    private static ClassHoldingDto ToDto(ClassAllocation a)
    {
        var weight = a.Weight.Percent;
        var strategic = a.Band?.Strategic.WrittenPercent;
        return new ClassHoldingDto(a.AssetClass, a.MarketValueNok, weight, strategic, a.Band?.Min?.WrittenPercent, a.Band?.Max?.WrittenPercent, a.WithinBand, weight - strategic);
    }

    private static Results<Ok<PlacementDto>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>> GetPlacement(Db db, string placementId, HttpResponse response)
    {
        using var c = db.Open();
        if (FundStore.Placements(c).FirstOrDefault(p => p.PlacementId == placementId) is not { } row)
        {
            return ProblemResults.NotFound($"No placement '{placementId}'.");
        }
        var dto = ToDto(row);
        response.Headers.ETag = ETags.For(dto);
        return TypedResults.Ok(dto);
    }

    private static Results<Ok<PlacementDto>, ValidationProblem, ProblemHttpResult> PutPlacement(Db db, string placementId, PlacementDto body, HttpRequest request, HttpResponse response)
    {
        var v = new Validation()
            .When(body.PlacementId != placementId, "placementId", "The body's placementId must equal the one in the path.")
            .When(!IsId(placementId), "placementId", "Use 1–64 lower-case letters, digits and dashes.")
            .When(string.IsNullOrWhiteSpace(body.Name), "name", "A name is required.")
            .When(body.SfdrArticle is not (null or 6 or 8 or 9), "sfdrArticle", "SFDR article is 6, 8 or 9.");
        if (!v.Ok)
        {
            return v.Problem();
        }
        return db.InTransaction<Results<Ok<PlacementDto>, ValidationProblem, ProblemHttpResult>>((c, tx) =>
        {
            var current = FundStore.Placements(c, tx).FirstOrDefault(p => p.PlacementId == placementId);
            if (!ETags.Matches(request, current is null ? null : ETags.For(ToDto(current))))
            {
                return ETags.Stale();
            }
            FundStore.UpsertPlacement(c, tx, new PlacementRow
            {
                PlacementId = body.PlacementId,
                Name = body.Name.Trim(),
                Manager = body.Manager,
                AssetClass = body.AssetClass.Code(),
                BenchmarkIndex = body.BenchmarkIndex,
                SfdrArticle = body.SfdrArticle,
            });
            var saved = ToDto(FundStore.Placements(c, tx).First(p => p.PlacementId == placementId));
            response.Headers.ETag = ETags.For(saved);
            return TypedResults.Ok(saved);
        });
    }

    /// <summary>The columns of the valuation files (import and export): the valuation's JSON field names.</summary>
    public static readonly string[] ValuationRequired = ["date", "marketValueNok"];
    public static readonly string[] ValuationOptional = ["placementId", "assetClass", "incomeNok", "interestDurationYears", "creditDurationYears"];

    private static Results<Ok<List<ValuationDto>>, Export, ValidationProblem> Valuations(Db db, HttpRequest request, DateOnly? from, DateOnly? to, string? format)
    {
        var f = from is { } a ? LocalDate.FromDateOnly(a) : new LocalDate(1900, 1, 1);
        var t = to is { } b ? LocalDate.FromDateOnly(b) : new LocalDate(2200, 12, 31);
        if (f > t)
        {
            return Validation.Problem("from", "`from` must be on or before `to`.");
        }
        using var c = db.OpenRead();
        var rows = FundStore.PlacementValuations(c, f, t)
            .Select(p => new ValuationDto(p.Date, p.PlacementId, AssetClasses.Parse(p.AssetClass), p.MarketValueNok, p.IncomeNok, p.InterestDurationYears, p.CreditDurationYears))
            .Concat(FundStore.ClassValuations(c, f, t).Select(k => new ValuationDto(k.Date, null, AssetClasses.Parse(k.AssetClass), k.MarketValueNok, k.IncomeNok, null, null)))
            .OrderBy(x => x.Date).ThenBy(x => x.AssetClass).ThenBy(x => x.PlacementId)
            .ToList();
        if (CsvImport.WantsXlsx(request, format) || CsvImport.WantsCsv(request, format))
        {
            var table = Table.FromItems(rows);
            return CsvImport.WantsXlsx(request, format) ? Export.Xlsx(table.Columns, () => table.Rows, "valuations") : Export.Csv(table.Columns, () => table.Rows);
        }
        return TypedResults.Ok(rows);
    }

    private static Results<Ok<List<ValuationDto>>, ValidationProblem> PostValuations(Db db, List<ValuationInput> body)
    {
        var v = new Validation().When(body.Count == 0, "body", "Send at least one valuation.").When(body.Count > 100_000, "body", "At most 100 000 rows per request.");
        using var c = db.Open();
        var rows = CheckValuations(body, FundStore.Placements(c).ToDictionary(p => p.PlacementId), (i, field, reason) => v.Add($"[{i}].{field}", reason), i => $"[{i}]");
        if (!v.Ok)
        {
            return v.Problem();
        }
        StoreValuations(db, rows);
        return TypedResults.Ok(rows);
    }

    /// <summary>
    /// <c>POST /api/fund/valuations/import</c>: the same rows as <see cref="PostValuations"/> from a CSV file or the first sheet of
    /// an .xlsx workbook, checked by the same rules; any bad row → 400 naming every line and field, and nothing is stored.
    /// </summary>
    private static async Task<Results<Ok<List<ValuationDto>>, ProblemHttpResult>> ImportValuations(Db db, HttpRequest request)
    {
        var errors = new List<CsvError>();
        if (await CsvImport.ReadRows(request, ValuationRequired, ValuationOptional, errors) is not { } cells)
        {
            return CsvImport.UnsupportedMediaType();
        }
        var inputs = new List<ValuationInput>();
        var lines = new List<int>();
        foreach (var (line, row) in cells)
        {
            var r = new CsvImport.RowReader(line, row, errors);
            var before = errors.Count;
            var date = r.Date("date", true);
            var marketValue = r.Decimal("marketValueNok", true);
            AssetClass? assetClass = null;
            if (r.Text("assetClass") is { } code)
            {
                if (AssetClasses.TryParse(code, out var k)) assetClass = k;
                else r.Error("assetClass", $"'{code}' is not one of equities, bonds, cash.");
            }
            var income = r.Decimal("incomeNok");
            var interest = r.Decimal("interestDurationYears");
            var credit = r.Decimal("creditDurationYears");
            if (errors.Count == before && date is { } d && marketValue is { } mv)
            {
                inputs.Add(new ValuationInput(d, mv, r.Text("placementId"), assetClass, income, interest, credit));
                lines.Add(line);
            }
        }
        using var c = db.Open();
        var rows = CheckValuations(inputs, FundStore.Placements(c).ToDictionary(p => p.PlacementId),
            (i, field, reason) => errors.Add(new CsvError(lines[i], field, reason)), i => $"line {lines[i]}");
        if (errors.Count > 0)
        {
            return CsvImport.Problem(errors.OrderBy(e => e.Line).ToList(), "The valuation file has invalid rows.");
        }
        StoreValuations(db, rows);
        return TypedResults.Ok(rows);
    }

    /// <summary>
    /// The rules of a month-end valuation, for JSON and file loads alike: every problem goes to <paramref name="error"/> as
    /// (row index, field, reason); <paramref name="where"/> names a row in the caller's terms (<c>[3]</c>, <c>line 5</c>).
    /// Returns the rows to store, each with its asset class resolved from the placement.
    /// </summary>
    private static List<ValuationDto> CheckValuations(IReadOnlyList<ValuationInput> body, IReadOnlyDictionary<string, PlacementRow> placements,
        Action<int, string, string> error, Func<int, string> where)
    {
        var rows = new List<ValuationDto>();
        var first = new Dictionary<(LocalDate, string?, AssetClass), int>();
        for (var i = 0; i < body.Count; i++)
        {
            var x = body[i];
            var index = i;
            void Error(string field, string reason) => error(index, field, reason);
            Input.CheckDate(Error, "date", x.Date);
            if (x.Date != x.Date.With(DateAdjusters.EndOfMonth)) Error("date", "A month-end value must be dated the last day of a month.");
            Input.CheckAmount(Error, "marketValueNok", x.MarketValueNok, allowNegative: false);
            if (x.IncomeNok is { } inc)
            {
                Input.CheckAmount(Error, "incomeNok", inc, allowNegative: true);
            }
            CheckDuration(Error, "interestDurationYears", x.InterestDurationYears);
            CheckDuration(Error, "creditDurationYears", x.CreditDurationYears);
            AssetClass assetClass = default;
            if (x.PlacementId is { } pid)
            {
                if (placements.TryGetValue(pid, out var p))
                {
                    assetClass = AssetClasses.Parse(p.AssetClass);
                    if (x.AssetClass is { } given && given != assetClass) Error("assetClass", "Does not match the placement's asset class.");
                }
                else
                {
                    Error("placementId", $"Unknown placement '{pid}'.");
                }
            }
            else if (x.AssetClass is { } k)
            {
                assetClass = k;
                if (x.InterestDurationYears is not null || x.CreditDurationYears is not null) Error("interestDurationYears", "Durations are reported per placement.");
            }
            else
            {
                Error("placementId", "Give a placementId or an assetClass.");
            }
            if (first.TryGetValue((x.Date, x.PlacementId, assetClass), out var earlier))
            {
                Error("date", $"The same date and placement (or class) appears twice: '{x.Date:yyyy-MM-dd} {x.PlacementId ?? assetClass.Code()}' (first at {where(earlier)}).");
            }
            first.TryAdd((x.Date, x.PlacementId, assetClass), i);
            rows.Add(new ValuationDto(x.Date, x.PlacementId, assetClass, x.MarketValueNok, x.IncomeNok, x.InterestDurationYears, x.CreditDurationYears));
        }
        return rows;
    }

    /// <summary>Upserts the checked rows in one transaction: per date and placement, or per date and class.</summary>
    private static void StoreValuations(Db db, IReadOnlyList<ValuationDto> rows) => db.InTransaction((c, tx) =>
    {
        FundStore.UpsertPlacementValuations(c, tx, rows.Where(r => r.PlacementId is not null).Select(r => new PlacementValuationRow
        {
            Date = r.Date, PlacementId = r.PlacementId!, AssetClass = r.AssetClass.Code(), MarketValueNok = r.MarketValueNok,
            IncomeNok = r.IncomeNok, InterestDurationYears = r.InterestDurationYears, CreditDurationYears = r.CreditDurationYears,
        }));
        FundStore.UpsertClassValuations(c, tx, rows.Where(r => r.PlacementId is null).Select(r => new ClassValuationRow
        {
            Date = r.Date, AssetClass = r.AssetClass.Code(), MarketValueNok = r.MarketValueNok, IncomeNok = r.IncomeNok,
        }));
    });

    private static Results<Ok<List<FlowDto>>, ValidationProblem> Flows(Db db, int? year)
    {
        if (year is < 1900 or > 2200)
        {
            return Validation.Problem("year", "A year from 1900 to 2200.");
        }
        var (from, to) = year is { } y ? (new LocalDate(y, 1, 1), new LocalDate(y, 12, 31)) : (new LocalDate(1900, 1, 1), new LocalDate(2200, 12, 31));
        using var c = db.OpenRead();
        return TypedResults.Ok(FundStore.Flows(c, from, to).Select(ToDto).ToList());
    }

    private static FlowDto ToDto(FlowRow f) => new(f.FlowId, f.Date, f.PlacementId, f.AssetClass is { } k ? AssetClasses.Parse(k) : null, f.AmountNok,
        Enum.Parse<FlowKind>(f.Kind, true), f.Note, f.Reference);

    /// <summary>Checks one flow and builds its row; problems go to <paramref name="v"/> under <paramref name="at"/>.</summary>
    private static FlowRow CheckFlow(Validation v, string at, FlowInput x, IReadOnlyDictionary<string, PlacementRow> placements)
    {
        Input.CheckDate(v, at + "date", x.Date);
        Input.CheckAmount(v, at + "amountNok", x.AmountNok, allowNegative: true);
        v.When(x.AmountNok == 0m, at + "amountNok", "A flow of 0 NOK is not a flow.");
        var kind = x.Kind ?? (x.AmountNok < 0m ? FlowKind.Withdrawal : FlowKind.Deposit);
        v.When(kind == FlowKind.Withdrawal && x.AmountNok > 0m, at + "amountNok", "A withdrawal is negative (money out of the fund).");
        v.When(kind == FlowKind.Deposit && x.AmountNok < 0m, at + "amountNok", "A deposit is positive (money into the fund).");
        string? assetClass = null;
        if (x.PlacementId is { } pid)
        {
            if (placements.TryGetValue(pid, out var p))
            {
                assetClass = p.AssetClass;
                v.When(x.AssetClass is { } k && k.Code() != p.AssetClass, at + "assetClass", "Does not match the placement's asset class.");
            }
            else
            {
                v.Add(at + "placementId", $"Unknown placement '{pid}'.");
            }
        }
        else if (x.AssetClass is { } k)
        {
            assetClass = k.Code();
        }
        else
        {
            // A fund-level flow: the whole fund's withdrawal or deposit as the bank states it. A transfer moves money
            // between classes, so it needs its class.
            v.When(kind == FlowKind.Transfer, at + "assetClass", "A transfer moves money between classes: give its placementId or assetClass.");
        }
        v.When(x.Note is { Length: > 1000 }, at + "note", "At most 1 000 characters.");
        v.When(x.Reference is { } r && (string.IsNullOrWhiteSpace(r) || r.Length > 200), at + "reference", "The bank's transaction id: 1–200 characters.");
        return new FlowRow { Date = x.Date, PlacementId = x.PlacementId, AssetClass = assetClass, AmountNok = x.AmountNok, Kind = kind.ToString().ToLowerInvariant(), Note = x.Note, Reference = x.Reference?.Trim() };
    }

    /// <summary>The key by which two flows are "the same": date, amount, kind, class and placement.</summary>
    private static string FlowKey(FlowRow f) => string.Join("|", f.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        f.AmountNok.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture), f.Kind, f.AssetClass ?? "fund", f.PlacementId ?? "");

    private static FlowRow? Identical(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, FlowRow f, long? except = null) =>
        FundStore.FlowsLike(c, f, tx).FirstOrDefault(s => s.FlowId != except && s.AmountNok == f.AmountNok);

    private static Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails> FlowConflict(string detail, long existingId) =>
        TypedResults.Conflict(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = 409, Title = "The flow is already registered.", Detail = detail, Extensions = { ["existingId"] = existingId },
        });

    private static Results<Created<List<FlowDto>>, Ok<List<FlowDto>>, ValidationProblem, Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails>> PostFlows(
        Db db, Finance.Reports.Snapshots.MonthlySnapshot snapshots, System.Security.Claims.ClaimsPrincipal user, List<FlowInput> body)
    {
        var v = new Validation().When(body.Count == 0, "body", "Send at least one flow.").When(body.Count > 100_000, "body", "At most 100 000 rows per request.");
        Dictionary<string, PlacementRow> placements;
        using (var read = db.OpenRead())
        {
            placements = FundStore.Placements(read).ToDictionary(p => p.PlacementId);
        }
        var rows = body.Select((x, i) => CheckFlow(v, $"[{i}].", x, placements)).ToList();
        Duplicates.Check(v, "body", rows, r => r.Reference, "reference");
        Duplicates.Check(v, "body", rows.Where(r => r.Reference is null), FlowKey, "flow without a reference (date|amount|kind|class|placement)");
        if (!v.Ok)
        {
            return v.Problem();
        }
        List<FlowDto> stored;
        int created;
        try
        {
            (stored, created) = db.InTransaction((c, tx) => StoreFlows(c, tx, rows));
        }
        catch (FlowRefused refused)
        {
            return refused.Answer;
        }
        // Also when every flow was stored before: a repeated request (same references) then finishes the refreezing that
        // failed after its first commit (a busy store answers 503). Refreezing unchanged figures stores nothing.
        Refreeze(db, snapshots, user.CallerName(), stored.Select(f => f.Date).Distinct().ToArray());
        return created == 0 ? TypedResults.Ok(stored) : TypedResults.Created("/api/fund/flows", stored);
    }

    /// <summary>
    /// Stores the new flows of one request; a flow already registered under its bank reference is returned, not stored
    /// twice. A conflict refuses the whole request: <see cref="FlowRefused"/> leaves the transaction, which rolls back
    /// the rows this request had already added.
    /// </summary>
    private static (List<FlowDto> Stored, int Created) StoreFlows(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, List<FlowRow> rows)
    {
        var stored = new List<FlowDto>();
        var created = 0;
        foreach (var r in rows)
        {
            if (r.Reference is { } reference && FundStore.FlowByReference(c, reference, tx) is { } known)
            {
                // The same bank transaction again: the stored flow, never a second row.
                if (FlowKey(known) != FlowKey(r))
                {
                    throw new FlowRefused(FlowConflict($"Reference '{reference}' is flow {known.FlowId}, with other figures: correct it with PUT /api/fund/flows/{known.FlowId}.", known.FlowId));
                }
                stored.Add(ToDto(known));
                continue;
            }
            if (r.Reference is null && Identical(c, tx, r) is { } same)
            {
                throw new FlowRefused(FlowConflict($"Flow {same.FlowId} has the same date, amount, kind and class/placement. If this is a second, real flow, give each its bank `reference`; to correct flow {same.FlowId} use PUT /api/fund/flows/{same.FlowId}.", same.FlowId));
            }
            stored.Add(ToDto(r with { FlowId = FundStore.AddFlow(c, tx, r) }));
            created++;
        }
        return (stored, created);
    }

    /// <summary>A request's flows refused with <see cref="Answer"/>: thrown inside the write transaction so nothing of it is stored.</summary>
    private sealed class FlowRefused(Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails> answer) : Exception(answer.Value?.Detail)
    {
        public Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails> Answer { get; } = answer;
    }

    /// <summary>
    /// A corrected flow moves the frozen figures at once: every stored snapshot of the flow's year from its month on is
    /// taken again — a new, labelled version where the figures changed (a report built from it moves), none where not.
    /// </summary>
    private static void Refreeze(Db db, Finance.Reports.Snapshots.MonthlySnapshot snapshots, string actor, params LocalDate[] dates)
    {
        List<YearMonth> months;
        using (var c = db.Open())
        {
            months = dates.SelectMany(d => Finance.Data.Snapshots.SnapshotStore.List(c, d.Year).Select(s => s.Month).Where(m => m >= d.ToYearMonth()))
                .Distinct().OrderBy(m => m).ToList();
        }
        foreach (var month in months)
        {
            snapshots.Run(month, actor);
        }
    }

    private static Results<Ok<FlowDto>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>> GetFlow(Db db, long id, HttpResponse response)
    {
        using var c = db.Open();
        if (FundStore.Flow(c, id) is not { } f)
        {
            return ProblemResults.NotFound($"No flow {id}.");
        }
        var dto = ToDto(f);
        response.Headers.ETag = ETags.For(dto);
        return TypedResults.Ok(dto);
    }

    private static Results<Ok<FlowDto>, ValidationProblem, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>, Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails>, ProblemHttpResult> PutFlow(
        Db db, Finance.Reports.Snapshots.MonthlySnapshot snapshots, System.Security.Claims.ClaimsPrincipal user, long id, FlowInput body, HttpRequest request, HttpResponse response)
    {
        var v = new Validation();
        FlowRow row;
        using (var read = db.OpenRead())
        {
            row = CheckFlow(v, "", body, FundStore.Placements(read).ToDictionary(p => p.PlacementId)) with { FlowId = id };
        }
        if (!v.Ok)
        {
            return v.Problem();
        }
        FlowDto? before = null;
        var answer = db.InTransaction<Results<Ok<FlowDto>, ValidationProblem, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>, Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails>, ProblemHttpResult>>((c, tx) =>
        {
            if (FundStore.Flow(c, id, tx) is not { } current)
            {
                return ProblemResults.NotFound($"No flow {id}: record a new flow with POST /api/fund/flows.");
            }
            before = ToDto(current);
            if (!ETags.Matches(request, ETags.For(before)))
            {
                return ETags.Stale();
            }
            if (row.Reference is { } reference && FundStore.FlowByReference(c, reference, tx) is { } other && other.FlowId != id)
            {
                return FlowConflict($"Reference '{reference}' is already flow {other.FlowId}.", other.FlowId);
            }
            if (row.Reference is null && Identical(c, tx, row, except: id) is { } same)
            {
                return FlowConflict($"Flow {same.FlowId} has the same date, amount, kind and class/placement.", same.FlowId);
            }
            FundStore.UpdateFlow(c, tx, row);
            return TypedResults.Ok(ToDto(FundStore.Flow(c, id, tx)!));
        });
        if (answer.Result is Ok<FlowDto> { Value: { } saved })
        {
            if (saved != before)
            {
                Refreeze(db, snapshots, user.CallerName(), before!.Date, saved.Date);
            }
            response.Headers.ETag = ETags.For(saved);
        }
        return answer;
    }

    private static Results<Ok<FlowDto>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>, ProblemHttpResult> DeleteFlow(
        Db db, Finance.Reports.Snapshots.MonthlySnapshot snapshots, System.Security.Claims.ClaimsPrincipal user, long id, HttpRequest request)
    {
        var answer = db.InTransaction<Results<Ok<FlowDto>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>, ProblemHttpResult>>((c, tx) =>
        {
            if (FundStore.Flow(c, id, tx) is not { } current)
            {
                return ProblemResults.NotFound($"No flow {id}.");
            }
            var dto = ToDto(current);
            if (!ETags.Matches(request, ETags.For(dto)))
            {
                return ETags.Stale();
            }
            FundStore.DeleteFlow(c, tx, id);
            return TypedResults.Ok(dto);
        });
        if (answer.Result is Ok<FlowDto> { Value: { } deleted })
        {
            Refreeze(db, snapshots, user.CallerName(), deleted.Date);
        }
        return answer;
    }

    private static Results<Ok<List<BenchmarkReturnDto>>, ValidationProblem> PostBenchmarks(Db db, List<BenchmarkReturnInput> body)
    {
        var v = new Validation().When(body.Count == 0, "body", "Send at least one benchmark return.").When(body.Count > 100_000, "body", "At most 100 000 rows per request.");
        var rows = new List<BenchmarkReturnDto>();
        for (var i = 0; i < body.Count; i++)
        {
            var x = body[i];
            var at = $"[{i}].";
            v.When((x.Month is null) == (x.Year is null), at + "month", "Give exactly one of `month` (a monthly return) or `year` (a published annual return).");
            v.When(x.Month is { } m && (m.Year < 1900 || m.Year > 2200), at + "month", "A month from 1900-01 to 2200-12.");
            v.When(x.Year is < 1900 or > 2200, at + "year", "A year from 1900 to 2200.");
            Input.CheckPct(v, at + "returnPct", x.ReturnPct);
            var period = x.Month is { } mm ? NodaTime.Text.YearMonthPattern.Iso.Format(mm) : x.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
            rows.Add(new BenchmarkReturnDto(period, x.Series, x.ReturnPct));
        }
        Duplicates.Check(v, "body", rows, r => $"{r.Period} {r.Series.ToString().ToLowerInvariant()}", "period and series");
        if (!v.Ok)
        {
            return v.Problem();
        }
        db.InTransaction((c, tx) =>
        {
            foreach (var r in rows)
            {
                FundStore.UpsertBenchmarkReturn(c, tx, new BenchmarkReturnRow { Period = r.Period, Series = r.Series.ToString().ToLowerInvariant(), ReturnPct = r.ReturnPct });
            }
        });
        return TypedResults.Ok(rows);
    }

    private static Results<Ok<FundReturnsDto>, ValidationProblem> YearReturns(Db db, RegisterCache cache, int year)
    {
        if (year is < 1900 or > 2200)
        {
            return Validation.Problem("year", "A year from 1900 to 2200.");
        }
        using var c = db.OpenRead();
        // Kept per register version (RegisterCache): a year's returns change only with a write.
        return TypedResults.Ok(cache.GetOrAdd(c, "returns|" + year.ToString(System.Globalization.CultureInfo.InvariantCulture), c => ReturnsOf(c, year))!);
    }

    private static FundReturnsDto ReturnsOf(System.Data.Common.DbConnection c, int year)
    {
        var r = FundFigures.YearReturns(c, year);
        var months = r.Months.Select(m => new MonthReturnDto(
            m.Month,
            Pct(m.Total.Return),
            Pct(m.Classes.GetValueOrDefault(AssetClass.Equities)?.Return),
            Pct(m.Classes.GetValueOrDefault(AssetClass.Bonds)?.Return),
            Pct(m.Classes.GetValueOrDefault(AssetClass.Cash)?.Return),
            Pct(m.BenchmarkReturn),
            m.Total.Return is { } t && m.BenchmarkReturn is { } b ? (t - b) * 100m : null,
            m.Total.IncomeNok,
            m.Total.IncomeReported,
            m.UnattributedFlowsNok,
            m.ClassBasis)).ToList();
        decimal? equities = r.ClassYtd.TryGetValue(AssetClass.Equities, out var e) ? e * 100m : null;
        decimal? bonds = r.ClassYtd.TryGetValue(AssetClass.Bonds, out var bo) ? bo * 100m : null;
        decimal? eqB = r.ClassBenchmarkYtd.TryGetValue(AssetClass.Equities, out var eb) ? eb * 100m : null;
        decimal? boB = r.ClassBenchmarkYtd.TryGetValue(AssetClass.Bonds, out var bb) ? bb * 100m : null;
        var ytd = new YtdReturnDto(
            r.Ytd * 100m, equities, bonds, Pct(r.BenchmarkYtd), r.BenchmarkYtd is { } bm ? (r.Ytd - bm) * 100m : null,
            eqB, boB, equities - eqB, bonds - boB, r.IncomeNok, r.Months.Count, r.BenchmarkSource,
            FundFigures.NetWithdrawalNok(c, new LocalDate(year, 1, 1), new LocalDate(year, 12, 31)));
        return new FundReturnsDto(year, months, ytd,
            "Time-weighted: monthly return = income / market value at the previous month end (Modified Dietz for flows inside a month); income is the manager's reported figure where loaded, else change in value − flows; year to date chain-links the unrounded monthly returns.");
    }

    private static Ok<ReturnHistoryDto> History(Db db)
    {
        using var c = db.OpenRead();
        var (h, loaded) = FundFigures.History(c);
        var years = h.Rows.Select(r => new HistoryYearDto(
            r.Year.Year, r.Year.PeriodYears, r.Year.Return * 100m, Pct(r.Year.BenchmarkReturn),
            r.Year.BenchmarkReturn is { } b ? (r.Year.Return - b) * 100m : null,
            r.Accumulated * 100m, Pct(r.BenchmarkAccumulated), r.Year.ReturnNok,
            r.Year.Source == HistorySource.Computed ? "computed" : "loaded",
            r.Year.Source == HistorySource.Computed && loaded.TryGetValue(r.Year.Year, out var l) ? l.ReturnPct : null)).ToList();
        return TypedResults.Ok(new ReturnHistoryDto(years, h.TotalYears, Pct(h.AverageAnnual), Pct(h.BenchmarkAverageAnnual),
            "Accumulated = chain of the yearly returns; average = (1 + accumulated)^(1 / years) − 1 over the real elapsed years. " +
            "A year with all twelve months in the system is computed from them at full precision; its benchmark is the published annual " +
            "figure when loaded (the index provider's own, unrounded), otherwise the chain of the monthly benchmark returns."));
    }

    private static HistoryInput ToInput(HistoryRowData h) => new(h.PeriodYears, h.ReturnPct, h.BenchmarkPct, h.ReturnNok);

    private static Results<Ok<HistoryInput>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>> GetHistoryYear(Db db, int year, HttpResponse response)
    {
        using var c = db.Open();
        if (FundStore.History(c).FirstOrDefault(h => h.Year == year) is not { } row)
        {
            return ProblemResults.NotFound($"No history loaded for {year}.");
        }
        var dto = ToInput(row);
        response.Headers.ETag = ETags.For(dto);
        return TypedResults.Ok(dto);
    }

    private static Results<Ok<HistoryInput>, ValidationProblem, ProblemHttpResult> PutHistory(Db db, int year, HistoryInput body, HttpRequest request, HttpResponse response)
    {
        var v = new Validation()
            .When(year is < 1900 or > 2200, "year", "A year from 1900 to 2200.")
            .When(body.PeriodYears <= 0m || body.PeriodYears > 1m, "periodYears", "Between 0 (exclusive) and 1 year.");
        Input.CheckPct(v, "returnPct", body.ReturnPct);
        if (body.BenchmarkPct is { } bp)
        {
            Input.CheckPct(v, "benchmarkPct", bp);
        }
        if (body.ReturnNok is { } rn)
        {
            Input.CheckAmount(v, "returnNok", rn, allowNegative: true);
        }
        if (!v.Ok)
        {
            return v.Problem();
        }
        return db.InTransaction<Results<Ok<HistoryInput>, ValidationProblem, ProblemHttpResult>>((c, tx) =>
        {
            var current = FundStore.History(c, tx).FirstOrDefault(h => h.Year == year) is { } stored ? ETags.For(ToInput(stored)) : null;
            if (!ETags.Matches(request, current))
            {
                return ETags.Stale();
            }
            // Stored as entered, without the trailing zeros a computed list adds (5.300 → 5.3): the same figure is no change.
            FundStore.UpsertHistory(c, tx, new HistoryRowData
            {
                Year = year, PeriodYears = Plain(body.PeriodYears), ReturnPct = Plain(body.ReturnPct), BenchmarkPct = body.BenchmarkPct is { } bp ? Plain(bp) : null,
                ReturnNok = body.ReturnNok is { } rn ? Plain(rn) : null,
            });
            var saved = ToInput(FundStore.History(c, tx).First(h => h.Year == year));
            response.Headers.ETag = ETags.For(saved);
            return TypedResults.Ok(saved);
        });
    }

    private static Ok<RiskDto> Risk(Db db, DateOnly asOf)
    {
        var date = LocalDate.FromDateOnly(asOf);
        using var c = db.OpenRead();
        var r = FundFigures.Risk(c, date);
        var notes = new List<string>();
        if (!r.FullWindow)
        {
            notes.Add($"Standard deviation and tracking error need the 36 monthly returns up to {r.LastMonth}; the system holds {r.MonthsAvailable}.");
        }
        else if (!r.BenchmarkComplete)
        {
            notes.Add("Tracking error needs the composite benchmark for each of the 36 months.");
        }
        if (r.Durations.InterestYears is null)
        {
            notes.Add("No bond placement reports a duration at the latest valuation.");
        }
        return TypedResults.Ok(new RiskDto(date, r.StdDev36m?.Percent, r.TrackingError36m?.Percent, r.MonthsAvailable,
            r.Durations.InterestYears, r.Durations.CreditYears, r.Durations.ValuedAt, notes));
    }

    private static Results<Ok<RealValueDto>, ValidationProblem, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>, UnprocessableEntity<Microsoft.AspNetCore.Mvc.ProblemDetails>> RealValueFor(Db db, int year)
    {
        if (year is < 1900 or > 2200)
        {
            return Validation.Problem("year", "A year from 1900 to 2200.");
        }
        using var c = db.OpenRead();
        var parameters = FundStore.Parameters(c);
        if (parameters is null)
        {
            return ProblemResults.Unprocessable("The fund parameters (grunnkapital, real-value base) are not set: PUT /api/fund/parameters.");
        }
        var valuation = FundFigures.LatestValuation(c, new LocalDate(year, 12, 31));
        if (valuation is null || valuation.Date.Year != year)
        {
            return ProblemResults.NotFound($"No valuation of the fund in {year}.");
        }
        if (FundFigures.RealValueOf(c, year, valuation.TotalNok, parameters) is not var (r, cpi))
        {
            return ProblemResults.Unprocessable($"The CPI for {parameters.RealValueBaseYear} or for a year up to {year} is missing: PUT /api/market-data/cpi/{{year}}.");
        }
        return TypedResults.Ok(new RealValueDto(year, valuation.Date, r.TargetNok, r.Factor, r.MarketValueNok, r.SurplusNok, r.GrunnkapitalNok,
            r.BufferCapitalNok, r.BufferShare.Percent, parameters.RealValueBaseNok, (int)parameters.RealValueBaseYear, cpi.CpiIndexBaseYear, cpi.CpiIndexYear,
            cpi.CpiIndexYearOf, cpi.Basis));
    }

    private static FundParametersDto ToDto(FundParametersRow p) => new(p.GrunnkapitalNok, p.RealValueBaseNok, (int)p.RealValueBaseYear);

    private static Results<Ok<FundParametersDto>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>> Parameters(Db db, HttpResponse response)
    {
        using var c = db.OpenRead();
        if (FundStore.Parameters(c) is not { } p)
        {
            return ProblemResults.NotFound("The fund parameters are not set.");
        }
        response.Headers.ETag = ETags.For(ToDto(p));
        return TypedResults.Ok(ToDto(p));
    }

    private static Results<Ok<FundParametersDto>, ValidationProblem, ProblemHttpResult> PutParameters(Db db, FundParametersDto body, HttpRequest request, HttpResponse response)
    {
        var v = new Validation().When(body.RealValueBaseNok <= 0m, "realValueBaseNok", "Must be positive.")
            .When(body.RealValueBaseYear is < 1900 or > 2200, "realValueBaseYear", "A year from 1900 to 2200.");
        Input.CheckAmount(v, "grunnkapitalNok", body.GrunnkapitalNok, allowNegative: false);
        Input.CheckAmount(v, "realValueBaseNok", body.RealValueBaseNok, allowNegative: false);
        if (!v.Ok)
        {
            return v.Problem();
        }
        return db.InTransaction<Results<Ok<FundParametersDto>, ValidationProblem, ProblemHttpResult>>((c, tx) =>
        {
            if (!ETags.Matches(request, FundStore.Parameters(c, tx) is { } current ? ETags.For(ToDto(current)) : null))
            {
                return ETags.Stale();
            }
            FundStore.SetParameters(c, tx, new FundParametersRow
            {
                GrunnkapitalNok = body.GrunnkapitalNok, RealValueBaseNok = body.RealValueBaseNok, RealValueBaseYear = body.RealValueBaseYear,
            });
            response.Headers.ETag = ETags.For(body);
            return TypedResults.Ok(body);
        });
    }

    private static Results<Ok<CpiDto>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>> GetCpi(Db db, int year, HttpResponse response)
    {
        using var c = db.Open();
        if (FundStore.Cpi(c, year) is not { } index)
        {
            return ProblemResults.NotFound($"No CPI for {year}: PUT /api/market-data/cpi/{year} once SSB publishes it.");
        }
        var dto = new CpiDto(year, index);
        response.Headers.ETag = ETags.For(dto);
        return TypedResults.Ok(dto);
    }

    private static Results<Ok<CpiDto>, ValidationProblem, ProblemHttpResult> PutCpi(Db db, int year, CpiInput body, HttpRequest request, HttpResponse response)
    {
        var v = new Validation().When(year is < 1900 or > 2200, "year", "A year from 1900 to 2200.")
            .When(body.Index <= 0m || body.Index > 100_000m, "index", "A positive index level (at most 100 000).");
        if (!v.Ok)
        {
            return v.Problem();
        }
        return db.InTransaction<Results<Ok<CpiDto>, ValidationProblem, ProblemHttpResult>>((c, tx) =>
        {
            var current = FundStore.Cpi(c, year, tx) is { } stored ? ETags.For(new CpiDto(year, stored)) : null;
            if (!ETags.Matches(request, current))
            {
                return ETags.Stale();
            }
            FundStore.UpsertCpi(c, tx, year, body.Index);
            var saved = new CpiDto(year, FundStore.Cpi(c, year, tx)!.Value);
            response.Headers.ETag = ETags.For(saved);
            return TypedResults.Ok(saved);
        });
    }

    private static decimal? Pct(decimal? fraction) => fraction * 100m;

    /// <summary>The number without trailing zeros (5.300 → 5.3).</summary>
    private static decimal Plain(decimal d) =>
        decimal.Parse(d.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsId(string s) => s.Length is >= 1 and <= 64 && s.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    private static void CheckDuration(Action<string, string> error, string field, decimal? years)
    {
        if (years is < 0m or > 100m) error(field, "A duration from 0 to 100 years.");
    }
}
