using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Finance.Api.Infrastructure;

/// <summary>
/// JSON conventions of the API: camelCase, enums as camelCase strings (numbers refused), dates <c>yyyy-MM-dd</c>,
/// months <c>yyyy-MM</c>. Strict on input: a missing required field, a null for a non-nullable one or an unknown
/// field is a 400 naming the field — a typo such as <c>marketValue</c> must not silently store 0.
/// </summary>
public static class Json
{
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.RespectRequiredConstructorParameters = true;
        o.RespectNullableAnnotations = true;
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.NumberHandling = JsonNumberHandling.Strict;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        o.Converters.Add(new LocalDateConverter());
        o.Converters.Add(new YearMonthConverter());
        o.Converters.Add(new InstantConverter());
        // Text: no control characters but tab and line breaks (Infrastructure/TextRules.cs).
        o.Converters.Add(new TextRules.JsonConverter());
    }

    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(o);
        return o;
    }

    private sealed class LocalDateConverter : JsonConverter<LocalDate>
    {
        public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var result = LocalDatePattern.Iso.Parse(reader.GetString() ?? "");
            return result.Success ? result.Value : throw new JsonException("Expected a date as yyyy-MM-dd.");
        }

        public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) =>
            writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
    }

    private sealed class YearMonthConverter : JsonConverter<YearMonth>
    {
        public override YearMonth Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var result = YearMonthPattern.Iso.Parse(reader.GetString() ?? "");
            return result.Success ? result.Value : throw new JsonException("Expected a month as yyyy-MM.");
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
