using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Finance.Core.Common;

/// <summary>
/// The one JSON form of NodaTime values, for the API and the frozen documents (snapshots, report drafts) alike: dates
/// <c>yyyy-MM-dd</c>, months <c>yyyy-MM</c>, instants <c>yyyy-MM-ddTHH:mm:ssZ</c>. Read strictly: a date or month must be
/// exactly in that form and from 1900 to 2200.
/// </summary>
public static class NodaJson
{
    public static readonly LocalDate MinDate = new(1900, 1, 1);
    public static readonly LocalDate MaxDate = new(2200, 12, 31);

    public const string DateFormat = "yyyy-MM-dd";
    public const string DateRange = "from 1900-01-01 to 2200-12-31";

    public static bool InRange(LocalDate d) => d >= MinDate && d <= MaxDate;

    /// <summary>The problem text for a date that is not exactly yyyy-MM-dd or out of range.</summary>
    public static string ExpectedDate(string? got) =>
        $"Expected a date as {DateFormat} ({DateRange}){(got is null ? "" : $"; got '{got}'")}.";

    /// <summary>Adds the converters of <see cref="LocalDate"/>, <see cref="YearMonth"/> and <see cref="Instant"/>.</summary>
    public static void AddConverters(IList<JsonConverter> converters)
    {
        converters.Add(new LocalDateConverter());
        converters.Add(new YearMonthConverter());
        converters.Add(new InstantConverter());
    }

    private sealed class LocalDateConverter : JsonConverter<LocalDate>
    {
        public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            var result = LocalDatePattern.Iso.Parse(text ?? "");
            return result.Success && InRange(result.Value) ? result.Value : throw new JsonException(ExpectedDate(text));
        }

        public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) =>
            writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
    }

    private sealed class YearMonthConverter : JsonConverter<YearMonth>
    {
        public override YearMonth Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            var result = YearMonthPattern.Iso.Parse(text ?? "");
            return result.Success && result.Value.Year is >= 1900 and <= 2200
                ? result.Value
                : throw new JsonException($"Expected a month as yyyy-MM (from 1900-01 to 2200-12){(text is null ? "" : $"; got '{text}'")}.");
        }

        public override void Write(Utf8JsonWriter writer, YearMonth value, JsonSerializerOptions options) =>
            writer.WriteStringValue(YearMonthPattern.Iso.Format(value));
    }

    private sealed class InstantConverter : JsonConverter<Instant>
    {
        public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var result = InstantPattern.ExtendedIso.Parse(reader.GetString() ?? "");
            return result.Success ? result.Value : throw new JsonException("Expected an instant as yyyy-MM-ddTHH:mm:ssZ.");
        }

        public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
            writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
    }
}
