using Finance.Core.Common;
using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using Finance.Api.Fund;
using Finance.Api.Infrastructure;
using Finance.Api.Policy;
using Finance.Core.Compliance;
using Finance.Core.Stress;
using Finance.Data;
using Finance.Data.Compliance;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Finance.Api.Compliance;

public sealed record CheckDto(
    string LimitId,
    string Area,
    string Description,
    [property: Description("The actual value in the limit's unit (percent, years, NOK); null when unknown or attested without a figure.")] decimal? Actual,
    decimal? Min,
    decimal? Max,
    string? Unit,
    [property: Description("`ok`, `breach` or `unknown` (data missing).")] string Status,
    [property: Description("`computed` from the registers, `attested` by the manager or treasury, or `missing`.")] string Basis,
    string? Note);

public sealed record DeviationDto(
    long Id,
    string LimitId,
    long PolicyVersion,
    LocalDate DetectedOn,
    Instant DetectedAt,
    decimal? Actual,
    string? Min,
    string? Max,
    string? Unit,
    string Description,
    [property: Description("The treasury's explanation of the deviation (avvik).")] string? Explanation,
    [property: Description("How it is handled (tiltak).")] string? Handling,
    LocalDate? ResolvedOn,
    string? UpdatedBy);

public sealed record ComplianceDto(
    LocalDate AsOf,
    long? PolicyVersion,
    LocalDate? PolicyValidFrom,
    [property: Description("Every limit with a bound, checked.")] IReadOnlyList<CheckDto> Checks,
    [property: Description("Deviations open at the date (recorded when a breach is detected).")] IReadOnlyList<DeviationDto> Deviations,
    [property: Description("Stated rules without a numeric bound (instruments, withdrawal rule, reporting).")] IReadOnlyList<PolicyLimitDto> Rules,
    [property: Description("The stress test's parameters in force.")] IReadOnlyList<PolicyLimitDto> StressParameters,
    [property: Description("The municipality's key-figure targets (måltall): goals, not limits of the regulations.")] IReadOnlyList<PolicyLimitDto> KeyFigureTargets,
    int Breaches,
    int Unknown);

[Description("The treasury's explanation and handling of a deviation; `resolvedOn` closes it. The members only GET returns (`id`, `limitId`, `policyVersion`, `detectedOn`, `detectedAt`, `actual`, `min`, `max`, `unit`, `description`, `updatedBy`) are accepted and ignored, so a deviation as read can be sent back.")]
[ReadOnlyMembers("id", "limitId", "policyVersion", "detectedOn", "detectedAt", "actual", "min", "max", "unit", "description", "updatedBy")]
public sealed record DeviationUpdate(string? Explanation = null, string? Handling = null, LocalDate? ResolvedOn = null);

[Description("A confirmation that a limit the system holds no data for was met (or not) at a date, with its source.")]
public sealed record AttestationInput(LocalDate AsOf, string LimitId, bool Compliant, string Source, decimal? Actual = null);

/// <summary>Compliance with the financial regulations, and the deviation register (avviksregister).</summary>
public static class ComplianceApi
{
    public static void MapComplianceApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api").WithTags("Compliance").RequireAuthorization(Policies.Read);
        var write = app.MapGroup("/api").WithTags("Compliance").RequireAuthorization(Policies.Write);
        read.MapGet("/compliance", Check)
            .WithSummary("Every limit of the regulations, checked (etterlevelse av finansreglementet)")
            .WithDescription("Each limit of the regulations in force at `asOf` with its actual value, bounds, unit and status: `ok`, `breach`, or `unknown` when data is missing. Covers the fund (allocation bands, durations, credit quality, real value, green zone), the debt (sikringsgrad, refinancing, rentebindingstid), liquidity (main-bank cap) and the stress test's risk frame. A breach is recorded in the deviation register when detected.");
        read.MapGet("/deviations", Deviations)
            .WithSummary("Deviations in a period (avvik)")
            .WithDescription("Every deviation open at any time between `from` and `to`, with the treasury's explanation and handling — what the report must list (or state that there were none).");
        read.MapGet("/deviations/{id:long}", Deviation)
            .WithSummary("One deviation (avvik)")
            .WithDescription("The deviation with the treasury's explanation and handling. The `ETag` header names this version for an `If-Match` update with PUT; 404 when no deviation has the id.");
        write.MapPut("/deviations/{id:long}", Handle)
            .WithSummary("Explain and handle a deviation")
            .WithDescription("The treasury's explanation (forklaring) and handling (tiltak); `resolvedOn` closes the deviation. The deviation as GET returns it is accepted (its read-only members are ignored); with `If-Match` the update is applied only to that version (else 412). A PUT that changes nothing writes no audit entry.");
        read.MapGet("/compliance/attestations", (Db db) => { using var c = db.OpenRead(); return TypedResults.Ok(ComplianceStore.Attestations(c).Select(a => new AttestationInput(a.AsOf, a.LimitId, a.Compliant, a.Source, a.Actual)).ToList()); })
            .WithSummary("Attestations of limits the registers cannot compute")
            .WithDescription("Every recorded attestation (bekreftelse): a manager's or the treasury's confirmation that a limit the system holds no data for (credit quality, subordinated loans, management style) was met at a date, with its source document. The compliance check uses an attestation for a year from its date.");
        write.MapPost("/compliance/attestations", Attest)
            .WithSummary("Record an attestation")
            .WithDescription("A manager's or the treasury's confirmation that a limit the system holds no data for (credit quality, subordinated loans, management style) was met at a date, with the source document. Valid for a year.");
    }

    private static Results<Ok<ComplianceDto>, ValidationProblem> Check(Db db, IClock clock, DateOnly? asOf)
    {
        var date = asOf is { } a ? LocalDate.FromDateOnly(a) : clock.Today();
        var v = new Validation();
        Input.CheckDate(v, "asOf", date);
        if (!v.Ok)
        {
            return v.Problem();
        }
        var (report, deviations) = db.InTransaction((c, tx) => ComplianceFigures.Detect(c, tx, date, clock.GetCurrentInstant()));
        return TypedResults.Ok(ToDto(report, deviations));
    }

    internal static ComplianceDto ToDto(ComplianceReport r, IReadOnlyList<DeviationRow> deviations) => new(
        r.AsOf, r.Policy?.Version, r.Policy?.ValidFrom,
        r.Checks.Select(ToDto).ToList(),
        deviations.Select(ToDto).ToList(),
        r.Rules.Select(PolicyApi.ToDto).ToList(),
        r.Parameters.Select(PolicyApi.ToDto).ToList(),
        r.Targets.Select(PolicyApi.ToDto).ToList(),
        r.Checks.Count(x => x.Status == ComplianceStatus.Breach),
        r.Checks.Count(x => x.Status == ComplianceStatus.Unknown));

    private static CheckDto ToDto(LimitCheck x) => new(x.LimitId, x.Area, x.Description, x.Actual, x.Min, x.Max, x.Unit,
        JsonNamingPolicy.CamelCase.ConvertName(x.Status.ToString()), JsonNamingPolicy.CamelCase.ConvertName(x.Basis.ToString()), x.Note);

    internal static DeviationDto ToDto(DeviationRow d) => new(d.Id, d.LimitId, d.PolicyVersion, d.DetectedOn, d.DetectedAt, d.Actual, d.Min, d.Max, d.Unit,
        d.Description, d.Explanation, d.Handling, d.ResolvedOn, d.UpdatedBy);

    private static Results<Ok<List<DeviationDto>>, ValidationProblem> Deviations(Db db, IClock clock, DateOnly? from, DateOnly? to)
    {
        var today = clock.Today();
        var f = from is { } a ? LocalDate.FromDateOnly(a) : new LocalDate(today.Year, 1, 1);
        var t = to is { } b ? LocalDate.FromDateOnly(b) : today;
        if (f > t)
        {
            return Validation.Problem("from", "`from` must be on or before `to`.");
        }
        using var c = db.OpenRead();
        return TypedResults.Ok(ComplianceStore.Deviations(c, f, t).Select(ToDto).ToList());
    }

    private static Results<Ok<DeviationDto>, NotFound<ProblemDetails>> Deviation(Db db, long id, HttpResponse response)
    {
        using var c = db.Open();
        if (ComplianceStore.Deviation(c, id) is not { } d)
        {
            return ProblemResults.NotFound($"No deviation {id}.");
        }
        var dto = ToDto(d);
        response.Headers.ETag = ETags.For(dto);
        return TypedResults.Ok(dto);
    }

    private static Results<Ok<DeviationDto>, ValidationProblem, NotFound<ProblemDetails>, ProblemHttpResult> Handle(Db db, ClaimsPrincipal user, long id, DeviationUpdate body, HttpRequest request, HttpResponse response)
    {
        var v = new Validation()
            .When(body.Explanation is { Length: > 4000 }, "explanation", "At most 4 000 characters.")
            .When(body.Handling is { Length: > 4000 }, "handling", "At most 4 000 characters.")
            .When(body.ResolvedOn is { Year: < 1900 or > 2200 }, "resolvedOn", "A date from 1900 to 2200.");
        if (!v.Ok)
        {
            return v.Problem();
        }
        return db.InTransaction<Results<Ok<DeviationDto>, ValidationProblem, NotFound<ProblemDetails>, ProblemHttpResult>>((c, tx) =>
        {
            var existing = ComplianceStore.Deviation(c, id, tx);
            if (existing is null)
            {
                return ProblemResults.NotFound($"No deviation {id}.");
            }
            if (!ETags.Matches(request, ETags.For(ToDto(existing))))
            {
                return ETags.Stale();
            }
            if (body.ResolvedOn is { } r && r < existing.DetectedOn)
            {
                return Validation.Problem("resolvedOn", "A deviation cannot be resolved before it was detected.");
            }
            ComplianceStore.Handle(c, tx, id, body.Explanation, body.Handling, body.ResolvedOn, user.CallerName());
            var saved = ToDto(ComplianceStore.Deviation(c, id, tx)!);
            response.Headers.ETag = ETags.For(saved);
            return TypedResults.Ok(saved);
        });
    }

    private static Results<Created<AttestationInput>, ValidationProblem> Attest(Db db, AttestationInput body)
    {
        var v = new Validation()
            .When(string.IsNullOrWhiteSpace(body.LimitId) || body.LimitId.Length > 100, "limitId", "A limit id of 1–100 characters.")
            .When(string.IsNullOrWhiteSpace(body.Source) || body.Source.Length > 2000, "source", "Name the source document (1–2 000 characters).");
        Input.CheckDate(v, "asOf", body.AsOf);
        if (!v.Ok)
        {
            return v.Problem();
        }
        db.InTransaction((c, tx) => ComplianceStore.UpsertAttestation(c, tx, new AttestationRow
        {
            AsOf = body.AsOf, LimitId = body.LimitId, Compliant = body.Compliant, Actual = body.Actual, Source = body.Source,
        }));
        return TypedResults.Created("/api/compliance/attestations", body);
    }
}
