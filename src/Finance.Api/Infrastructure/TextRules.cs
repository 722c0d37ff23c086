using System.Text.Json;
using System.Text.Json.Serialization;

namespace Finance.Api.Infrastructure;

/// <summary>
/// The one rule for text the service accepts, in JSON, CSV and XLSX alike: no control characters except tab and line
/// breaks (U+0000–U+001F other than tab, LF and CR; U+007F; U+0080–U+009F), no unpaired surrogate and no U+FFFE/U+FFFF —
/// characters no spreadsheet, XML part or terminal should ever receive. Refused with 400 naming the field.
/// </summary>
public static class TextRules
{
    public static bool Allowed(char ch) => ch switch
    {
        '\t' or '\n' or '\r' => true,
        < ' ' => false,
        >= '\u007F' and <= '\u009F' => false,
        '\uFFFE' or '\uFFFF' => false,
        _ => true,
    };

    /// <summary>The reason <paramref name="s"/> is refused, or null when it is acceptable text.</summary>
    public static string? Problem(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var ch = s[i];
            if (char.IsHighSurrogate(ch) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(ch))
            {
                return $"Holds an unpaired surrogate (U+{(int)ch:X4}) at character {i + 1}: not valid text.";
            }
            if (!Allowed(ch))
            {
                return $"Holds the control character U+{(int)ch:X4} at character {i + 1}; only tab and line breaks are allowed.";
            }
        }
        return null;
    }

    /// <summary>Stored text as an XML part can hold it (<see cref="Finance.Data.XmlText.Clean"/>).</summary>
    public static string ForXml(string s) => Finance.Data.XmlText.Clean(s);

    /// <summary>Every JSON string the API reads passes <see cref="Problem"/>; a failure is a 400 naming the field (its JSON path).</summary>
    public sealed class JsonConverter : JsonConverter<string>
    {
        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var s = reader.GetString()!;
            return Problem(s) is { } problem ? throw new JsonException(problem) : s;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
