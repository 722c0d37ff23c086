using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Finance.Api.Infrastructure;
using Finance.Core.Common;
using Finance.Core.Fund;
using Finance.Core.GreenZone;
using Finance.Data;
using Finance.Data.Fund;
using Finance.Data.GreenZone;
using Finance.Data.Policy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Finance.Api.GreenZone;

/// <summary>
/// The green zone (grønn sone): the Monte Carlo run that tells whether the fund's risk is acceptable, stored for the
/// auditor, and the versioned capital-market assumptions it runs on.
/// </summary>
public static class GreenZoneApi
{
    private const string JsonContentType = "application/json; charset=utf-8";


    public static void MapGreenZoneApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/fund/green-zone").WithTags("Green zone").RequireAuthorization(Policies.Read);
        var write = app.MapGroup("/api/fund/green-zone").WithTags("Green zone").RequireAuthorization(Policies.Write);

        write.MapPost("", PostRun)
            .Produces<GreenZoneRunDto>(StatusCodes.Status201Created)
            .WithSummary("Run the green-zone simulation (grønn sone) and store it")
            .WithDescription("""
                Monte Carlo simulation of the managed fund over the horizon (15 years): correlated lognormal returns per asset
                class, the yearly withdrawal (uttak) and rebalancing to the strategy. The fund's risk is in the **green zone**
                while the probability that it keeps its **real value (realverdi)** — market value above the council's
                real-value target grown by inflation — is over the regulations' threshold (80 %). Also reported: the probability
                that the **buffer capital (bufferkapital)** is lost (market value below grunnkapital) at the horizon and at any
                year end, expected and median values, and yearly percentile bands, in NOK and in today's kroner.
                Every field is optional; defaults come from the stored fund data at `asOf` and the capital-market assumptions
                in force. The run is stored with its inputs, seed, assumptions version and engine version: the same inputs and
                seed always give the same id and byte-identical JSON (posting them again returns the stored run).
                """);
        read.MapGet("/assumptions", GetAssumptionsInForce)
            .WithSummary("Capital-market assumptions in force (kapitalmarkedsforutsetninger)")
            .WithDescription("The version in force at `asOf` (default today): per asset class the expected simple annual return and the volatility (annual standard deviation of log returns), correlations, inflation, the withdrawal rule, rebalancing, costs, and where each number comes from.");
        read.MapGet("/assumptions/{version:int}", GetAssumptionsVersion)
            .WithSummary("A version of the capital-market assumptions")
            .WithDescription("One stored version of the capital-market assumptions (kapitalmarkedsforutsetninger) by its number, as it was stored: expected returns and volatilities in percent per asset class, correlations, inflation, the withdrawal rule (uttaksregel), rebalancing, costs, and the sources. Versions are never edited, so a past green-zone run can always be reproduced from the version it names.");
        write.MapPost("/assumptions", PostAssumptions)
            .WithSummary("Store a new version of the capital-market assumptions")
            .WithDescription("A new version in force from `validFrom`. Fields, classes and correlation pairs left out carry over from the version in force at that date. Versions are never changed, so every stored run can be traced to the numbers it used.");
        read.MapGet("/{id}", GetRun)
            .Produces<GreenZoneRunDto>()
            .WithSummary("A stored green-zone run")
            .WithDescription("Exactly the bytes the run returned when it was made (the `Repr-Digest` header carries their SHA-256).");
    }

    private static Results<ContentHttpResult, ValidationProblem, UnprocessableEntity<ProblemDetails>> PostRun(
        HttpContext http, Db db, IClock clock, ClaimsPrincipal user, GreenZoneRequest? request)
    {
        // The body is optional: no body at all means "all defaults".
        var body = request ?? new GreenZoneRequest();

        GreenZoneRuns.Resolved resolved;
        using (var c = db.Open())
        {
            var outcome = GreenZoneRuns.Resolve(c, null, body, body.AsOf ?? clock.Today());
            if (outcome.Errors.Count > 0)
            {
                var invalid = new Validation();
                foreach (var (field, message) in outcome.Errors)
                {
                    invalid.Add(field, message);
                }
                return invalid.Problem();
            }
            if (outcome.Unprocessable is { } unprocessable)
            {
                return ProblemResults.Unprocessable(unprocessable.Detail, unprocessable.Title);
            }
            resolved = outcome.Value!;
        }
        var errors = resolved.Inputs.Validate();
        if (errors.Count > 0)
        {
            var v = new Validation();
            foreach (var e in errors)
            {
                v.Add(e.Field, e.Message);
            }
            return v.Problem();
        }

        var id = RunId(resolved);
        using (var c = db.Open())
        {
            if (GreenZoneStore.Run(c, id) is { } existing)
            {
                return Stored(http, existing, StatusCodes.Status201Created);
            }
        }

        GreenZoneOutcome result;
        try
        {
            result = GreenZoneSimulation.Run(resolved.Inputs);
        }
        catch (OverflowException e)
        {
            return ProblemResults.Unprocessable(e.Message, "The simulated values are out of range.");
        }
        var dto = ToDto(id, clock.GetCurrentInstant(), resolved, result);
        var json = JsonSerializer.Serialize(dto, Json.Options);
        var stored = db.InTransaction((c, tx) => GreenZoneStore.InsertOrGet(c, tx, new GreenZoneRunRow
        {
            Id = id,
            CreatedAt = dto.CreatedAt,
            CreatedBy = user.CallerName(),
            AsOf = resolved.Start.AsOf,
            Seed = resolved.Inputs.Seed,
            Paths = resolved.Inputs.Paths,
            EngineVersion = GreenZoneSimulation.EngineVersion,
            AssumptionsVersion = resolved.AssumptionsVersion,
            RequestJson = JsonSerializer.Serialize(body, Json.Options),
            ResultJson = json,
            ResultSha256 = Sha256Hex(json),
        }));
        return Stored(http, stored, StatusCodes.Status201Created);
    }

    private static Results<ContentHttpResult, NotFound<ProblemDetails>> GetRun(HttpContext http, Db db, string id)
    {
        using var c = db.OpenRead();
        return GreenZoneStore.Run(c, id) is { } run
            ? Stored(http, run, StatusCodes.Status200OK)
            : ProblemResults.NotFound($"No green-zone run with id '{id}'.");
    }

    private static ContentHttpResult Stored(HttpContext http, GreenZoneRunRow run, int status)
    {
        http.Response.Headers.Location = $"/api/fund/green-zone/{run.Id}";
        http.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(run.ResultSha256))}:";
        return TypedResults.Content(run.ResultJson, JsonContentType, Encoding.UTF8, status);
    }

    /// <summary>
    /// The run's id: the first 128 bits (hex) of the SHA-256 of the resolved inputs, the engine version and the assumptions
    /// version. Equal inputs and seed give the same id — and, the engine being deterministic, the same result.
    /// </summary>
    private static string RunId(GreenZoneRuns.Resolved r)
    {
        var canonical = JsonSerializer.Serialize(new
        {
            engine = GreenZoneSimulation.EngineVersion,
            assumptionsVersion = r.AssumptionsVersion,
            start = r.Start,
            inputs = r.Inputs,
        }, Json.Options);
        return Sha256Hex(canonical)[..32];
    }

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static GreenZoneRunDto ToDto(string id, Instant createdAt, GreenZoneRuns.Resolved r, GreenZoneOutcome o)
    {
        var i = r.Inputs;
        var assumptions = new AssumptionsUsedDto(
            r.AssumptionsVersion,
            i.Inflation.Percent,
            ToDto(i.Withdrawal),
            i.Steps,
            i.Rebalancing,
            i.Cost.Percent,
            i.Classes.Select(k => new AssetClassUsedDto(k.AssetClass, k.Weight.Percent, k.ExpectedReturn.Percent, k.Volatility.Percent)).ToList(),
            i.Correlations.Select(k => new CorrelationDto(k.A, k.B, k.Rho)).ToList(),
            o.PortfolioExpectedReturn.RoundedPercent(4),
            o.PortfolioVolatility.RoundedPercent(4));
        return new GreenZoneRunDto(
            id,
            createdAt,
            GreenZoneSimulation.EngineVersion,
            r.AssumptionsVersion,
            i.Seed,
            i.Paths,
            i.HorizonYears,
            o.RealValueKept.Probability.RoundedPercent(4),
            o.RealValueKept.StandardError.RoundedPercent(4),
            o.BufferLost.Probability.RoundedPercent(4),
            o.BufferLost.StandardError.RoundedPercent(4),
            o.BufferLostAnyYear.Probability.RoundedPercent(4),
            o.BufferLostAnyYear.StandardError.RoundedPercent(4),
            o.ExpectedMarketValueTodayNok,
            o.RealValueTargetAtHorizonNok,
            o.ExpectedMarketValueNok,
            o.MedianMarketValueNok,
            o.MedianMarketValueTodayNok,
            o.Zone,
            i.GreenZoneThreshold.Percent,
            r.Start,
            assumptions,
            o.Years.Select(y => new GreenZoneYearDto(y.Year, y.RealValueTargetNok, y.ExpectedNok, y.ExpectedTodayNok,
                y.Nominal.P5Nok, y.Nominal.P25Nok, y.Nominal.P50Nok, y.Nominal.P75Nok, y.Nominal.P95Nok,
                y.Real.P5Nok, y.Real.P25Nok, y.Real.P50Nok, y.Real.P75Nok, y.Real.P95Nok)).ToList());
    }

    private static WithdrawalDto ToDto(WithdrawalRule w) => new(w.Kind, w.AmountNok, w.Share.Percent);

    private static Results<Ok<AssumptionsDto>, NotFound<ProblemDetails>> GetAssumptionsInForce(Db db, IClock clock, DateOnly? asOf)
    {
        var date = asOf is { } d ? LocalDate.FromDateOnly(d) : clock.Today();
        using var c = db.OpenRead();
        return GreenZoneStore.InForce(c, date) is { } s
            ? TypedResults.Ok(ToDto(s))
            : ProblemResults.NotFound($"No capital-market assumptions are in force on {date:yyyy-MM-dd}.");
    }

    private static Results<Ok<AssumptionsDto>, NotFound<ProblemDetails>> GetAssumptionsVersion(Db db, int version)
    {
        using var c = db.OpenRead();
        return GreenZoneStore.Version(c, version) is { } s ? TypedResults.Ok(ToDto(s)) : ProblemResults.NotFound($"No assumptions version {version}.");
    }

    private static AssumptionsDto ToDto(StoredAssumptions s)
    {
        var a = s.Assumptions;
        return new AssumptionsDto(a.Version, a.ValidFrom, a.Name, a.Inflation.Percent, ToDto(a.Withdrawal), a.Steps, a.Rebalancing, a.Cost.Percent,
            a.Paths, a.HorizonYears,
            a.Classes.Select(k => new ClassAssumptionDto(k.AssetClass, k.ExpectedReturn.Percent, k.Volatility.Percent, k.Source)).ToList(),
            a.Correlations.Select(r => new CorrelationAssumptionDto(r.A, r.B, r.Rho, s.CorrelationSources.GetValueOrDefault((r.A, r.B)))).ToList(),
            a.Source, s.CreatedAt, s.CreatedBy);
    }

    private static Results<Created<AssumptionsDto>, ValidationProblem, Conflict<ProblemDetails>> PostAssumptions(
        Db db, IClock clock, ClaimsPrincipal user, AssumptionsInput body)
    {
        using var c0 = db.Open();
        var base0 = GreenZoneStore.InForce(c0, body.ValidFrom)?.Assumptions;
        var v = new Validation();

        var classes = (base0?.Classes ?? []).ToDictionary(k => k.AssetClass);
        var sources = new Dictionary<(AssetClass, AssetClass), string?>();
        var rho = new Dictionary<(AssetClass, AssetClass), decimal>();
        foreach (var r in base0?.Correlations ?? [])
        {
            rho[Ordered(r.A, r.B)] = r.Rho;
        }
        var listed = body.AssetClasses ?? [];
        for (var i = 0; i < listed.Count; i++)
        {
            var k = listed[i];
            v.When(k.ExpectedReturnPct <= -100m || k.ExpectedReturnPct > 100m, $"assetClasses[{i}].expectedReturnPct", "The expected return is above −100 % and at most 100 %.");
            v.When(k.VolatilityPct < 0m || k.VolatilityPct > 100m, $"assetClasses[{i}].volatilityPct", "The volatility is 0 to 100 %.");
            v.When(listed.Take(i).Any(x => x.AssetClass == k.AssetClass), $"assetClasses[{i}].assetClass", $"Each class once; given more than once: '{k.AssetClass.Code()}'.");
            classes[k.AssetClass] = new ClassMarketAssumption(k.AssetClass, Rate.FromPercent(k.ExpectedReturnPct), Rate.FromPercent(k.VolatilityPct), k.Source);
        }
        var pairs = body.Correlations ?? [];
        for (var i = 0; i < pairs.Count; i++)
        {
            var r = pairs[i];
            v.When(r.Rho < -1m || r.Rho > 1m, $"correlations[{i}].rho", "A correlation is between −1 and 1.");
            v.When(r.A == r.B, $"correlations[{i}]", "A correlation is between two different classes.");
            var key = Ordered(r.A, r.B);
            v.When(pairs.Take(i).Any(x => Ordered(x.A, x.B) == key && x.Rho != r.Rho), "correlations", $"The matrix must be symmetric: {r.A.Code()}/{r.B.Code()} is given twice with different values.");
            rho[key] = r.Rho;
            sources[key] = r.Source;
        }
        var inflation = body.InflationPct ?? base0?.Inflation.Percent;
        var cost = body.CostPct ?? base0?.Cost.Percent;
        var paths = body.Paths ?? base0?.Paths;
        var horizon = body.HorizonYears ?? base0?.HorizonYears;
        var steps = body.Steps ?? base0?.Steps;
        var rebalancing = body.Rebalancing ?? base0?.Rebalancing;
        var withdrawal = body.Withdrawal is { } w
            ? new WithdrawalRule(w.Kind, w.AmountNok ?? 0m, Rate.FromPercent(w.Pct ?? 0m))
            : base0?.Withdrawal;
        v.When(inflation is null, "inflationPct", "Required (no earlier version to carry over from).")
            .When(inflation is <= -100m or > 100m, "inflationPct", "Inflation is above −100 % and at most 100 %.")
            .When(cost is null, "costPct", "Required (no earlier version to carry over from).")
            .When(cost is < 0m or >= 100m, "costPct", "Annual costs are at least 0 % and below 100 %.")
            .When(paths is null or < 1 or > GreenZoneInputs.MaxPaths, "paths", $"Paths is 1 to {GreenZoneInputs.MaxPaths}.")
            .When(horizon is null or < 1 or > GreenZoneInputs.MaxHorizonYears, "horizonYears", $"The horizon is 1 to {GreenZoneInputs.MaxHorizonYears} years.")
            .When(steps is null, "steps", "Required (no earlier version to carry over from).")
            .When(rebalancing is null, "rebalancing", "Required (no earlier version to carry over from).")
            .When(steps == StepFrequency.Annual && rebalancing == Rebalancing.Monthly, "rebalancing", "Monthly rebalancing needs monthly steps.")
            .When(withdrawal is null, "withdrawal", "Required (no earlier version to carry over from).")
            .When(withdrawal is { AmountNok: < 0m }, "withdrawal.amountNok", "The withdrawal is zero or positive.")
            .When(withdrawal is not null && (withdrawal.Share.Percent < 0m || withdrawal.Share.Percent > 100m), "withdrawal.pct", "The withdrawal percentage is 0 to 100.")
            .When(body.Withdrawal is { Kind: WithdrawalKind.FixedNominal or WithdrawalKind.FixedReal, AmountNok: null }, "withdrawal.amountNok", "Give the yearly amount.")
            .When(body.Withdrawal is { Kind: WithdrawalKind.PercentOfValue, Pct: null }, "withdrawal.pct", "Give the percentage.")
            .When(classes.Count == 0, "assetClasses", "At least one asset class is needed.");
        var ordered = classes.Values.OrderBy(k => k.AssetClass).ToList();
        v.When(rho.Keys.Any(k => !classes.ContainsKey(k.Item1) || !classes.ContainsKey(k.Item2)), "correlations", "Both classes of a correlation must have assumptions.");
        if (v.Ok)
        {
            var matrix = new double[ordered.Count, ordered.Count];
            for (var i = 0; i < ordered.Count; i++)
            {
                for (var j = 0; j < ordered.Count; j++)
                {
                    matrix[i, j] = i == j ? 1.0 : (double)rho.GetValueOrDefault(Ordered(ordered[i].AssetClass, ordered[j].AssetClass));
                }
            }
            v.When(!Cholesky.Factor(matrix, out _), "correlations", "The correlation matrix is not positive semi-definite (no set of returns can have these correlations).");
        }
        if (!v.Ok)
        {
            return v.Problem();
        }
        foreach (var (key, _) in rho)
        {
            if (!sources.ContainsKey(key) && base0 is not null)
            {
                sources[key] = GreenZoneStore.InForce(c0, body.ValidFrom)!.CorrelationSources.GetValueOrDefault(key);
            }
        }

        var assumptions = new CapitalMarketAssumptions(0, body.ValidFrom,
            string.IsNullOrWhiteSpace(body.Name) ? $"Kapitalmarkedsforutsetninger fra {body.ValidFrom:yyyy-MM-dd}" : body.Name.Trim(),
            Rate.FromPercent(inflation!.Value), withdrawal!, steps!.Value, rebalancing!.Value, Rate.FromPercent(cost!.Value), paths!.Value, horizon!.Value,
            ordered, rho.Select(kv => new ClassCorrelation(kv.Key.Item1, kv.Key.Item2, kv.Value)).OrderBy(r => r.A).ThenBy(r => r.B).ToList(),
            body.Source ?? base0?.Source);
        // The carry-over was read before the write: store only if the date is free and the version carried over from is
        // still the one in force (else a concurrent version slipped in: 409, send again).
        var version = db.InTransaction((c, tx) => GreenZoneStore.ValidFromTaken(c, tx, body.ValidFrom)
                || GreenZoneStore.InForce(c, body.ValidFrom, tx)?.Assumptions.Version != base0?.Version
            ? (long?)null
            : GreenZoneStore.AddVersion(c, tx, assumptions, sources, clock.GetCurrentInstant(), user.CallerName()));
        if (version is null)
        {
            return TypedResults.Conflict(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "A version with this validFrom exists, or one was added meanwhile.",
                Detail = $"Versions are never changed; choose another validFrom than {body.ValidFrom:yyyy-MM-dd}.",
            });
        }
        using var c1 = db.Open();
        var saved = GreenZoneStore.Version(c1, version.Value)!;
        return TypedResults.Created($"/api/fund/green-zone/assumptions/{version}", ToDto(saved));
    }

    /// <summary>A pair in storage order (by code: bonds &lt; cash &lt; equities).</summary>
    private static (AssetClass, AssetClass) Ordered(AssetClass a, AssetClass b) =>
        string.CompareOrdinal(a.Code(), b.Code()) <= 0 ? (a, b) : (b, a);


}
