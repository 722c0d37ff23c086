using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Finance.Api.Infrastructure;

/// <summary>The bounds every feature applies to its input: dates, amounts and percentages.</summary>
public static class Input
{
    /// <summary>Largest amount accepted anywhere: 10¹⁵ NOK. Anything larger is a typo, not a position.</summary>
    public const decimal MaxAmountNok = 1_000_000_000_000_000m;

    public static void CheckDate(Validation v, string field, LocalDate date) => CheckDate((f, m) => v.Add(f, m), field, date);

    public static void CheckDate(Action<string, string> error, string field, LocalDate date)
    {
        if (date.Year is < 1900 or > 2200) error(field, "A date from 1900 to 2200.");
    }

    public static void CheckAmount(Validation v, string field, decimal amount, bool allowNegative) => CheckAmount((f, m) => v.Add(f, m), field, amount, allowNegative);

    public static void CheckAmount(Action<string, string> error, string field, decimal amount, bool allowNegative)
    {
        if (!allowNegative && amount < 0m) error(field, "Must not be negative.");
        if (Math.Abs(amount) > MaxAmountNok) error(field, "Out of range (at most 10^15 NOK).");
    }

    public static void CheckPct(Validation v, string field, decimal pct) =>
        v.When(pct <= -100m || pct > 10_000m, field, "A return in percent above −100 and at most 10 000.");
}

/// <summary>The problem answers (RFC 9457) the features share besides validation: 404 and 422.</summary>
public static class ProblemResults
{
    public static NotFound<ProblemDetails> NotFound(string detail) =>
        TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not found.", Detail = detail });

    public static UnprocessableEntity<ProblemDetails> Unprocessable(string detail, string title = "Data needed for the figure is missing.") =>
        TypedResults.UnprocessableEntity(new ProblemDetails { Status = 422, Title = title, Detail = detail });
}
