using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Finance.Api.Fund;
using Finance.Api.Infrastructure;
using Finance.Core.Common;
using Finance.Core.Policy;
using Finance.Core.Stress;
using Finance.Data;
using Finance.Data.Policy;
using Finance.Data.Stress;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Finance.Api.Stress;

/// <summary>The two-part stress test (stresstest): preview on explicit inputs, and stored runs from the registers.</summary>
public static class StressApi
{
    public static void MapStressApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/stress-tests").WithTags("Stress test").RequireAuthorization(Policies.Read);
        var write = app.MapGroup("/api/stress-tests").WithTags("Stress test").RequireAuthorization(Policies.Write);

        read.MapPost("/preview", Preview)
            .WithSummary("Stress test on explicit inputs (nothing stored)")
            .WithDescription("Part 1 (bank deposits and debt): +2 pp on floating debt is a cost, on the debt's offsetting items (motposter) and on short-term liquidity a gain, plus 3 % counterparty risk on deposits. Part 2 (the fund): interest-bearing holdings lose value × 2 pp × duration, equities 50 %. The total is compared with the risk frame (målsatt risiko / maksimal ramme); part 2 with the buffer capital (bufferkapital). Computed at full precision.");
        write.MapPost("", Run)
            .WithSummary("Run and store the stress test from the registers")
            .WithDescription("Computes the stress test at `asOf` from the loan register (floating debt: rate resets within 12 months), the offsetting items, the bank balances, the fund's holdings and durations, and the regulations in force; stores it immutably with every input, the regulations' version and a content hash. 201 with its `Location`.");
        read.MapGet("/{id:long}", Get)
            .WithSummary("A stored stress test")
            .WithDescription("Exactly the document stored when the test was run, byte for byte: part 1 and part 2 with their lines and totals in NOK, the buffer capital (bufferkapital), part 2 in percent of it, the total against the risk frame, the parameters (percent, years) and the inputs used, the regulations' version and the content hash.")
            .Produces<StoredStressTestDto>(StatusCodes.Status200OK, "application/json");
        read.MapGet("", List)
            .WithSummary("Stored stress tests of a year")
            .WithDescription("Every stored stress test whose as-of date is in `year` (all when omitted), oldest first, each exactly as stored.")
            .Produces<List<StoredStressTestDto>>(StatusCodes.Status200OK, "application/json");

        var offsetsRead = app.MapGroup("/api/stress-tests/offsets").WithTags("Stress test").RequireAuthorization(Policies.Read);
        var offsetsWrite = app.MapGroup("/api/stress-tests/offsets").WithTags("Stress test").RequireAuthorization(Policies.Write);
        offsetsRead.MapGet("", Offsets)
            .WithSummary("The debt's offsetting items (motposter) in force at a date")
            .WithDescription("Items whose income rises with the rate and so offsets the cost of floating debt: floating on-lending income, state rate compensation (rentekompensasjon), fee-financed (VAR) investments. The latest set dated on or before `asOf`.");
        offsetsWrite.MapPut("/{asOf}", PutOffsets)
            .WithSummary("Set the offsetting items as at a date")
            .WithDescription("Replaces the set dated `asOf` (yyyy-MM-dd). Earlier sets stay, so a past stress test can always be recomputed.");
    }

    private static Results<Ok<StressResultDto>, ValidationProblem, UnprocessableEntity<ProblemDetails>> Preview(Db db, IClock clock, StressPreviewInput body)
    {
        var v = new Validation();
        Input.CheckAmount(v, "partOne.floatingDebtNok", body.PartOne.FloatingDebtNok, allowNegative: false);
        Input.CheckAmount(v, "partOne.offsetsNok", body.PartOne.OffsetsNok, allowNegative: false);
        Input.CheckAmount(v, "partOne.depositsNok", body.PartOne.DepositsNok, allowNegative: false);
        Input.CheckAmount(v, "bufferCapitalNok", body.BufferCapitalNok, allowNegative: true);
        CheckShock(v, "partOne.rateShockPct", body.PartOne.RateShockPct);
        CheckShock(v, "partOne.counterpartyLossPct", body.PartOne.CounterpartyLossPct);
        CheckShock(v, "partTwo.rateShockPct", body.PartTwo.RateShockPct);
        CheckShock(v, "partTwo.equityShockPct", body.PartTwo.EquityShockPct);
        for (var i = 0; i < body.PartTwo.Holdings.Count; i++)
        {
            var h = body.PartTwo.Holdings[i];
            Input.CheckAmount(v, $"partTwo.holdings[{i}].marketValueNok", h.MarketValueNok, allowNegative: false);
            v.When(h.DurationYears is < 0m or > 100m, $"partTwo.holdings[{i}].durationYears", "A duration from 0 to 100 years.");
            v.When(h.AssetClass == AssetClass.Bonds && h.DurationYears is null, $"partTwo.holdings[{i}].durationYears", "Bonds need a duration.");
        }
        if (body.RiskFrame is { } f)
        {
            Input.CheckAmount(v, "riskFrame.targetNok", f.TargetNok, allowNegative: false);
            Input.CheckAmount(v, "riskFrame.maxNok", f.MaxNok, allowNegative: false);
            v.When(f.TargetNok > f.MaxNok, "riskFrame.targetNok", "The target must not exceed the maximum.");
        }
        if (!v.Ok)
        {
            return v.Problem();
        }
        using var c = db.OpenRead();
        var policy = PolicyStore.InForce(c, body.AsOf ?? clock.Today());
        var inputs = new StressInputsDto(body.PartOne.FloatingDebtNok, body.PartOne.OffsetsNok, body.PartOne.DepositsNok,
            body.PartTwo.Holdings, body.BufferCapitalNok);
        var overrides = new Overrides(body.PartOne.RateShockPct, body.PartOne.CounterpartyLossPct, body.PartTwo.RateShockPct, body.PartTwo.EquityShockPct, body.RiskFrame);
        return Compute(inputs, policy, overrides, out var missing) is { } result
            ? TypedResults.Ok(result)
            : ProblemResults.Unprocessable(missing);
    }

    private static Results<Created<StoredStressTestDto>, ValidationProblem, UnprocessableEntity<ProblemDetails>> Run(Db db, IClock clock, ClaimsPrincipal user, StressRunInput body)
    {
        var v = new Validation();
        Input.CheckDate(v, "asOf", body.AsOf);
        if (!v.Ok)
        {
            return v.Problem();
        }
        return db.InTransaction<Results<Created<StoredStressTestDto>, ValidationProblem, UnprocessableEntity<ProblemDetails>>>((c, tx) =>
        {
            var policy = PolicyStore.InForce(c, body.AsOf, tx);
            if (policy is null)
            {
                return ProblemResults.Unprocessable($"No version of the regulations is in force on {body.AsOf:yyyy-MM-dd}.");
            }
            // The one computation from the registers (the snapshot's and the compliance check's); this only maps it.
            var run = StressFigures.FromRegisters(c, tx, body.AsOf, policy);
            if (run.Inputs is not { } registers)
            {
                return ProblemResults.Unprocessable(run.Problem!);
            }
            if (run.Parameters is not { } parameters || run.Result is not { } outcome)
            {
                return ProblemResults.Unprocessable(MissingParameters);
            }
            var inputs = new StressInputsDto(registers.FloatingDebtNok, registers.OffsetsNok, registers.DepositsNok,
                registers.Holdings.Select(h => new HoldingInput(h.AssetClass, h.MarketValueNok, h.DurationYears)).ToList(),
                registers.BufferCapitalNok,
                registers.OffsetItems.Select(o => new StressOffsetDto(o.Item, o.AmountNok, o.Note)).ToList(),
                registers.Sources);
            var result = ToDto(outcome, parameters, inputs, policy, Overrides.None);
            var hash = ContentHash(result);
            var createdAt = clock.GetCurrentInstant();
            StoredStressTestDto? stored = null;
            var id = StressStore.Insert(c, tx, body.AsOf, createdAt, user.CallerName(), policy.Version.Version, hash, id =>
            {
                stored = new StoredStressTestDto(id, body.AsOf, createdAt, user.CallerName(), policy.Version.Version, hash, result);
                return JsonSerializer.Serialize(stored, Json.Options);
            });
            return TypedResults.Created($"/api/stress-tests/{id}", stored!);
        });
    }

    private static Results<ContentHttpResult, NotFound<ProblemDetails>> Get(Db db, long id)
    {
        using var c = db.OpenRead();
        return StressStore.Get(c, id) is { } row
            ? TypedResults.Text(row.Document, "application/json", Encoding.UTF8)
            : ProblemResults.NotFound($"No stored stress test {id}.");
    }

    private static Results<ContentHttpResult, ValidationProblem> List(Db db, int? year)
    {
        if (year is < 1900 or > 2200)
        {
            return Validation.Problem("year", "A year from 1900 to 2200.");
        }
        using var c = db.OpenRead();
        // The stored documents verbatim, as a JSON array: what the auditor gets is what was stored.
        var documents = StressStore.ForYear(c, year).Select(r => r.Document);
        return TypedResults.Text("[" + string.Join(",", documents) + "]", "application/json", Encoding.UTF8);
    }

    private static Ok<StressOffsetsDto> Offsets(Db db, IClock clock, DateOnly? asOf, HttpResponse response)
    {
        using var c = db.OpenRead();
        var dto = OffsetsDto(StressStore.OffsetsAt(c, asOf is { } a ? LocalDate.FromDateOnly(a) : clock.Today()));
        if (dto.AsOf is not null)
        {
            response.Headers.ETag = ETags.For(dto);
        }
        return TypedResults.Ok(dto);
    }

    private static StressOffsetsDto OffsetsDto(IReadOnlyList<StressOffsetRow> rows) =>
        new(rows.FirstOrDefault()?.AsOf, rows.Sum(r => r.AmountNok), rows.Select(r => new StressOffsetDto(r.Item, r.AmountNok, r.Note)).ToList());

    private static Results<Ok<StressOffsetsDto>, ValidationProblem, ProblemHttpResult> PutOffsets(Db db, DateOnly asOf, StressOffsetsInput body, HttpRequest request, HttpResponse response)
    {
        var date = LocalDate.FromDateOnly(asOf);
        var v = new Validation();
        Input.CheckDate(v, "asOf", date);
        // A set is its rows: an empty one cannot be stored, and the date would silently fall back to an earlier set.
        v.When(body.Items.Count == 0, "items", "Send at least one item; for no offsets from this date, send one with amountNok 0.");
        for (var i = 0; i < body.Items.Count; i++)
        {
            var x = body.Items[i];
            v.When(string.IsNullOrWhiteSpace(x.Item) || x.Item.Length > 200, $"items[{i}].item", "A name of 1–200 characters.");
            Input.CheckAmount(v, $"items[{i}].amountNok", x.AmountNok, allowNegative: false);
        }
        Duplicates.Check(v, "items", body.Items, x => x.Item?.Trim(), "item");
        if (!v.Ok)
        {
            return v.Problem();
        }
        var rows = body.Items.Select(x => new StressOffsetRow { AsOf = date, Item = x.Item.Trim(), AmountNok = x.AmountNok, Note = x.Note })
            .OrderBy(r => r.Item, StringComparer.Ordinal).ToList();
        return db.InTransaction<Results<Ok<StressOffsetsDto>, ValidationProblem, ProblemHttpResult>>((c, tx) =>
        {
            var stored = StressStore.OffsetsAt(c, date, tx) is { Count: > 0 } s && s[0].AsOf == date ? s : null;
            if (!ETags.Matches(request, stored is null ? null : ETags.For(OffsetsDto(stored))))
            {
                return ETags.Stale();
            }
            // Only a real change is written (and logged): the same set again is no change.
            if (stored is null || !stored.Select(r => (r.Item, r.AmountNok, r.Note)).SequenceEqual(rows.Select(r => (r.Item, r.AmountNok, r.Note))))
            {
                StressStore.ReplaceOffsets(c, tx, date, rows);
            }
            var saved = OffsetsDto(StressStore.OffsetsAt(c, date, tx));
            response.Headers.ETag = ETags.For(saved);
            return TypedResults.Ok(saved);
        });
    }

    private sealed record Overrides(decimal? RateShockPct, decimal? CounterpartyLossPct, decimal? FundRateShockPct, decimal? EquityShockPct, RiskFrameInput? RiskFrame)
    {
        public static readonly Overrides None = new(null, null, null, null, null);
    }

    private const string MissingParameters =
        "The stress factors or the risk frame are neither given nor in the regulations in force (stress.rate_shock, stress.counterparty_loss, stress.equity_shock, stress.risk_frame).";

    /// <summary>Applies the regulations' parameters (unless overridden) to given inputs and runs the Core calculation (the preview).</summary>
    private static StressResultDto? Compute(StressInputsDto inputs, PolicyInForce? policy, Overrides o, out string missing)
    {
        var parameters = StressParameters.From(policy, FromPercent(o.RateShockPct), FromPercent(o.CounterpartyLossPct), FromPercent(o.FundRateShockPct), FromPercent(o.EquityShockPct),
            o.RiskFrame is { } f ? new RiskFrame(f.TargetNok, f.MaxNok) : null);
        if (parameters is null)
        {
            missing = MissingParameters;
            return null;
        }
        missing = "";
        var r = parameters.Run(inputs.FloatingDebtNok, inputs.OffsetsNok, inputs.DepositsNok,
            inputs.Holdings.Select(h => new StressHolding(h.AssetClass, h.MarketValueNok, h.DurationYears)), inputs.BufferCapitalNok);
        return ToDto(r, parameters, inputs, policy, o);
    }

    /// <summary>The answer of a run: its result, the parameters used (as written) and the inputs, holdings with the durations used.</summary>
    private static StressResultDto ToDto(StressResult r, StressParameters parameters, StressInputsDto inputs, PolicyInForce? policy, Overrides o)
    {
        var holdings = parameters.WithMoneyMarketDuration(inputs.Holdings.Select(h => new StressHolding(h.AssetClass, h.MarketValueNok, h.DurationYears)));
        return new StressResultDto(
            new PartOneDto(r.PartOne.Lines.Select(ToDto).ToList(), r.PartOne.NetRateEffectNok, r.PartOne.CounterpartyNok, r.PartOne.TotalNok),
            new PartTwoDto(r.PartTwo.Lines.Select(ToDto).ToList(), r.PartTwo.TotalNok, r.PartTwo.FundValueNok, r.PartTwo.ShareOfFund.Percent),
            r.BufferCapitalNok,
            r.PartTwoShareOfBuffer?.Percent,
            r.TotalNok,
            new RiskFrameDto(r.RiskFrame.TargetNok, r.RiskFrame.MaxNok, JsonNamingPolicy.CamelCase.ConvertName(r.RiskFrameStatus.ToString())),
            new StressParametersUsedDto(
                AsWritten(o.RateShockPct, policy, "stress.rate_shock"), AsWritten(o.CounterpartyLossPct, policy, "stress.counterparty_loss"),
                AsWritten(o.EquityShockPct, policy, "stress.equity_shock"), parameters.MoneyMarketDurationYears, parameters.PolicyVersion),
            inputs with { Holdings = holdings.Select(h => new HoldingInput(h.AssetClass, h.MarketValueNok, h.DurationYears)).ToList() });
    }

    private static Rate? FromPercent(decimal? percent) => percent is { } p ? Rate.FromPercent(p) : null;

    /// <summary>
    /// A factor used, as the request or else the regulations wrote it (2, 2.50) — the parameters' percent number digit for
    /// digit, which its rate (2.50 / 100 = 0.025) no longer tells. <see cref="StressParameters.From"/> took the same one.
    /// </summary>
    private static decimal AsWritten(decimal? given, PolicyInForce? policy, string limitId) => given ?? policy!.Number(limitId, l => l.Target)!.Value;

    private static StressLineDto ToDto(StressLine l) => new(l.Key, l.Label, l.Factor.Percent, l.DurationYears, l.BaseNok, l.Loss.Percent, l.LossNok);

    /// <summary>SHA-256 (hex) of the result's JSON as the API writes it.</summary>
    internal static string ContentHash<T>(T value) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value, Json.Options)));

    private static void CheckShock(Validation v, string field, decimal? pct) =>
        v.When(pct is < 0m or > 100m, field, "A percentage from 0 to 100.");
}
