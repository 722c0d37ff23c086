using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Finance.Core.Common;
using NodaTime;

namespace Finance.Api.Infrastructure;

/// <summary>
/// One rule for every date the service accepts, in a body, a path or a query string: exactly <c>yyyy-MM-dd</c>
/// (months <c>yyyy-MM</c>), from 1900-01-01 to 2200-12-31.
/// </summary>
public static class Dates
{
    public static readonly LocalDate Min = NodaJson.MinDate;
    public static readonly LocalDate Max = NodaJson.MaxDate;

    public const string Format = NodaJson.DateFormat;
    public const string Range = NodaJson.DateRange;

    public static bool InRange(LocalDate d) => NodaJson.InRange(d);

    /// <summary>The problem text for a date that is not exactly yyyy-MM-dd or out of range (the JSON bodies' own, <see cref="NodaJson"/>).</summary>
    public static string Expected(string? got) => NodaJson.ExpectedDate(got);
}

/// <summary>
/// Checks the dates of a request's path and query before they are bound: a parameter of type <see cref="DateOnly"/>
/// must be exactly <c>yyyy-MM-dd</c> and in <see cref="Dates"/>' range, else 400 naming the parameter and the format —
/// the framework would read <c>2025-12</c> as 2025-12-01 and <c>2025.5</c> as 2025-05-01.
/// </summary>
public sealed partial class StrictDatesMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() is { } method)
        {
            foreach (var p in method.GetParameters())
            {
                if ((Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) != typeof(DateOnly) || p.Name is null)
                {
                    continue;
                }
                var raw = context.Request.RouteValues.TryGetValue(p.Name, out var r) ? r?.ToString()
                    : context.Request.Query.TryGetValue(p.Name, out var q) ? q.ToString() : null;
                if (raw is null || (raw.Length == 0 && !context.Request.RouteValues.ContainsKey(p.Name)))
                {
                    continue;
                }
                if (!IsoDate().IsMatch(raw) || !DateOnly.TryParseExact(raw, "yyyy-MM-dd", out var d) || !Dates.InRange(LocalDate.FromDateOnly(d)))
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await problems.WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = context,
                        ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [p.Name] = [Dates.Expected(raw)] })
                        {
                            Status = StatusCodes.Status400BadRequest,
                            Title = "The request has invalid fields.",
                        },
                    });
                    return;
                }
            }
        }
        await next(context);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();
}

/// <summary>
/// Enums as camelCase strings; an unknown value's problem lists the allowed values (never a .NET type name). Numbers
/// are refused.
/// </summary>
public sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(EnumConverter<>).MakeGenericType(typeToConvert))!;

    /// <summary>The JSON names of an enum's values, in declaration order.</summary>
    public static IReadOnlyList<string> Names(Type enumType) => Enum.GetNames(enumType).Select(JsonNamingPolicy.CamelCase.ConvertName).ToList();

    private sealed class EnumConverter<T> : JsonConverter<T> where T : struct, Enum
    {
        private static readonly Dictionary<string, T> ByName = Enum.GetValues<T>()
            .ToDictionary(v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()), v => v, StringComparer.OrdinalIgnoreCase);

        private static string Allowed => string.Join(", ", Names(typeof(T)));

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"Expected one of {Allowed} (as a string).");
            }
            var text = reader.GetString() ?? "";
            return ByName.TryGetValue(text, out var value) ? value : throw new JsonException($"Unknown value '{text}': use one of {Allowed}.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(JsonNamingPolicy.CamelCase.ConvertName(value.ToString()));

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString() ?? "";
            return ByName.TryGetValue(text, out var value) ? value : throw new JsonException($"Unknown key '{text}': use one of {Allowed}.");
        }

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WritePropertyName(JsonNamingPolicy.CamelCase.ConvertName(value.ToString()));
    }
}
