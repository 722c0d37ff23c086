using Finance.Core.Common;
using System.ComponentModel;
using System.Globalization;
using Finance.Api.Infrastructure;
using Finance.Core.Policy;
using Finance.Data;
using Finance.Data.Policy;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Finance.Api.Policy;

[Description("A limit or parameter of the financial regulations. Numeric bounds in `min`/`max`/`target` (unit in `unit`: pct, years, NOK, NOK_2002, ratio); rating limits in `minRating`.")]
public sealed record PolicyLimitDto(string LimitId, string Area, string Description, decimal? Min, decimal? Max, decimal? Target, string? MinRating, string? Unit, string? Source);

public sealed record StressParametersDto(
    [property: Description("Parallel rate rise, percent (2).")] decimal? RateShockPct,
    [property: Description("Counterparty loss on bank deposits, percent (3).")] decimal? CounterpartyLossPct,
    [property: Description("Fall in equity prices, percent (50).")] decimal? EquityShockPct,
    [property: Description("Duration applied to money market and bank holdings, years (0.01).")] decimal? MoneyMarketDurationYears,
    [property: Description("Target risk (målsatt risiko), NOK.")] decimal? RiskFrameTargetNok,
    [property: Description("Maximum frame (maksimal ramme), NOK.")] decimal? RiskFrameMaxNok);

public sealed record PolicyDto(long Version, LocalDate ValidFrom, string Name, IReadOnlyList<PolicyLimitDto> Limits, StressParametersDto Stress);

public sealed record PolicyVersionDto(long Version, LocalDate ValidFrom, string Name);

[Description("A limit a new version changes or adds. For a new limit give area, description and unit too. `source` (as GET returns it) is accepted and ignored: the service records the version as the source.")]
[ReadOnlyMembers("source")]
public sealed record PolicyLimitInput(string LimitId, decimal? Min = null, decimal? Max = null, decimal? Target = null, string? MinRating = null, string? Area = null, string? Description = null, string? Unit = null);

[Description("A new version of the regulations: in force from `validFrom`; the limits it names change, the rest carries over from the version in force before it. The regulations as `GET /api/policy` returns them, with a new `validFrom`, are accepted (`version` and `stress` are read-only and ignored).")]
[ReadOnlyMembers("version", "stress")]
public sealed record PolicyVersionInput(LocalDate ValidFrom, IReadOnlyList<PolicyLimitInput> Limits, string? Name = null);

/// <summary>The financial regulations (finansreglement) as versioned data.</summary>
public static class PolicyApi
{
    private static readonly string[] Units = ["pct", "years", "NOK", "NOK_2002", "rating", "ratio"];

    public static void MapPolicyApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/policy").WithTags("Policy").RequireAuthorization(Policies.Read);
        var write = app.MapGroup("/api/policy").WithTags("Policy").RequireAuthorization(Policies.Write);
        read.MapGet("", InForce)
            .WithSummary("The regulations in force at a date (finansreglement)")
            .WithDescription("Every limit of the version in force at `asOf` (default today): allocation bands, duration and credit limits, the main-bank cap, the fixed-rate share band (sikringsgrad), the refinancing limit, the interest-fixing time (rentebindingstid), the green-zone threshold, the stress factors and the risk frame (målsatt risiko / maksimal ramme).");
        read.MapGet("/versions", Versions)
            .WithSummary("All versions of the regulations")
            .WithDescription("Each version with the date it came into force.");
        write.MapPost("/versions", AddVersion)
            .WithSummary("Add a version of the regulations")
            .WithDescription("A new version in force from `validFrom`: the limits it names change (or are added); every other limit carries over from the version in force the day before. Versions are never edited: a correction is a new version.");
    }

    internal static PolicyLimitDto ToDto(PolicyLimitRow l) => new(l.LimitId, l.Area, l.Description,
        l.Unit == "rating" ? null : Num(l.Min), Num(l.Max), Num(l.Target), l.Unit == "rating" ? l.Min : null, l.Unit, l.Source);

    internal static PolicyDto ToDto(PolicyInForce p) => new(p.Version.Version, p.Version.ValidFrom, p.Version.Name,
        p.Limits.Select(ToDto).ToList(),
        new StressParametersDto(
            p.Number("stress.rate_shock", l => l.Target), p.Number("stress.counterparty_loss", l => l.Target),
            p.Number("stress.equity_shock", l => l.Target), p.Number("stress.money_market_duration", l => l.Target),
            p.Number("stress.risk_frame", l => l.Target), p.Number("stress.risk_frame", l => l.Max)));

    private static decimal? Num(string? s) => decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static string? Text(decimal? d) => d?.ToString(CultureInfo.InvariantCulture);

    private static Results<Ok<PolicyDto>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>> InForce(Db db, IClock clock, DateOnly? asOf)
    {
        var date = asOf is { } a ? LocalDate.FromDateOnly(a) : clock.Today();
        using var c = db.OpenRead();
        return PolicyStore.InForce(c, date) is { } p
            ? TypedResults.Ok(ToDto(p))
            : ProblemResults.NotFound($"No version of the regulations is in force on {date:yyyy-MM-dd}.");
    }

    private static Ok<List<PolicyVersionDto>> Versions(Db db)
    {
        using var c = db.OpenRead();
        return TypedResults.Ok(PolicyStore.Versions(c).Select(v => new PolicyVersionDto(v.Version, v.ValidFrom, v.Name)).ToList());
    }

    private static Results<Created<PolicyDto>, ValidationProblem, Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails>> AddVersion(Db db, IClock clock, PolicyVersionInput body)
    {
        var v = new Validation()
            .When(body.ValidFrom.Year is < 1900 or > 2200, "validFrom", "A date from 1900 to 2200.")
            .When(body.Limits.Count == 0, "limits", "Name at least one limit the version changes.")
            .When(body.Name is { Length: > 200 }, "name", "At most 200 characters.");
        // One limit twice would let the last one win (a 37–43 band turning into 0–100): refused, naming it.
        Duplicates.Check(v, "limits", body.Limits, l => l.LimitId, "limitId");
        // Everything is read inside the write transaction: a concurrent version cannot slip in between the carry-over,
        // the date check and the insert.
        return db.InTransaction<Results<Created<PolicyDto>, ValidationProblem, Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails>>>((c, tx) =>
        {
            var previous = PolicyStore.InForce(c, body.ValidFrom.PlusDays(-1), tx) ?? PolicyStore.Earliest(c, tx);
            var limits = previous?.Limits.ToDictionary(l => l.LimitId) ?? [];
            for (var i = 0; i < body.Limits.Count; i++)
            {
                var x = body.Limits[i];
                var at = $"limits[{i}].";
                v.When(string.IsNullOrWhiteSpace(x.LimitId) || x.LimitId.Length > 100, at + "limitId", "A limit id of 1–100 characters.");
                v.When(x.Min is { } mn && x.Max is { } mx && mn > mx, at + "min", "`min` must not exceed `max`.");
                v.When(x.Unit is { } u && !Units.Contains(u), at + "unit", "One of " + string.Join(", ", Units) + ".");
                v.When(x.MinRating is { Length: > 10 }, at + "minRating", "A rating such as BBB-.");
                if (limits.TryGetValue(x.LimitId, out var old))
                {
                    var min = old.Unit == "rating" ? x.MinRating ?? old.Min : Text(x.Min) ?? old.Min;
                    var merged = old with
                    {
                        Min = min,
                        Max = Text(x.Max) ?? old.Max,
                        Target = Text(x.Target) ?? old.Target,
                        Description = x.Description ?? old.Description,
                        Source = $"version from {body.ValidFrom:yyyy-MM-dd}",
                    };
                    v.When(Num(merged.Min) is { } a && Num(merged.Max) is { } b && a > b, at + "min", "The resulting `min` exceeds `max`.");
                    limits[x.LimitId] = merged;
                }
                else if (x.Area is null || x.Description is null || x.Unit is null)
                {
                    v.Add(at + "limitId", $"Unknown limit '{x.LimitId}': to add a limit give its area, description and unit.");
                }
                else
                {
                    limits[x.LimitId] = new PolicyLimitRow
                    {
                        LimitId = x.LimitId, Area = x.Area, Description = x.Description, Unit = x.Unit,
                        Min = x.Unit == "rating" ? x.MinRating : Text(x.Min), Max = Text(x.Max), Target = Text(x.Target),
                        Source = $"version from {body.ValidFrom:yyyy-MM-dd}",
                    };
                }
            }
            if (!v.Ok)
            {
                return v.Problem();
            }
            if (PolicyStore.Versions(c, tx).Any(x => x.ValidFrom == body.ValidFrom))
            {
                return TypedResults.Conflict(new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = 409, Title = "A version already starts on that date.", Detail = "Versions are never edited: choose another validFrom." });
            }
            PolicyStore.AddVersion(c, tx, body.ValidFrom, body.Name ?? $"Finansreglement fra {body.ValidFrom:dd.MM.yyyy}", clock.GetCurrentInstant(), limits.Values);
            var created = PolicyStore.InForce(c, body.ValidFrom, tx)!;
            return TypedResults.Created($"/api/policy?asOf={body.ValidFrom:yyyy-MM-dd}", ToDto(created));
        });
    }
}
