using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Finance.Core.Common;

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
        // The strict converter reads and writes the enums (an unknown value's problem lists the allowed ones); the
        // framework's converter behind it is never reached, but tells Swashbuckle to document enums as camelCase strings.
        o.Converters.Add(new StrictEnumConverterFactory());
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        NodaJson.AddConverters(o.Converters);
        // Text: no control characters but tab and line breaks (Infrastructure/TextRules.cs).
        o.Converters.Add(new TextRules.JsonConverter());
        o.TypeInfoResolver = (o.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(ReadOnlyMembersAttribute.Modifier);
    }

    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(o);
        return o;
    }
}
