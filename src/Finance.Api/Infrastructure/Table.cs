using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Finance.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using NodaTime;
using NodaTime.Text;

namespace Finance.Api.Infrastructure;

/// <summary>
/// A table to export as CSV or as a one-sheet workbook: column names and rows of scalar cells. A cell is null (empty),
/// a <see cref="string"/>, a <see cref="bool"/>, a number (<see cref="decimal"/>, <see cref="int"/>, <see cref="long"/> or a
/// <see cref="JsonNumber"/> kept as the JSON text) or a <see cref="LocalDate"/> (written yyyy-MM-dd).
/// </summary>
public sealed record Table(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>A number as the API's JSON wrote it: invariant, full precision, never rounded through a double.</summary>
    public sealed record JsonNumber(string Text);

    /// <summary>
    /// The rows of a JSON array as the API writes them (<see cref="Json.Options"/>): one column per field, in the order the
    /// fields first appear. A nested object becomes columns <c>a.b</c>; an array inside a row stays JSON text in one cell
    /// (a stress test's <c>partOne.lines</c>), so no row is split over several lines.
    /// </summary>
    public static Table FromJson(JsonElement array)
    {
        var columns = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<Dictionary<string, object?>>();
        foreach (var item in array.EnumerateArray())
        {
            var cells = new Dictionary<string, object?>(StringComparer.Ordinal);
            Flatten(item.ValueKind == JsonValueKind.Object ? "" : "value", item, cells);
            foreach (var name in cells.Keys.Where(k => !index.ContainsKey(k)))
            {
                index[name] = columns.Count;
                columns.Add(name);
            }
            rows.Add(cells);
        }
        return new Table(columns, rows.Select(r => columns.Select(c => r.GetValueOrDefault(c)).ToArray()).ToList());
    }

    /// <summary>
    /// The items serialized with the API's JSON options, then <see cref="FromJson"/>. An empty list still gets its header: the
    /// item type's JSON field names, flattened the same way.
    /// </summary>
    public static Table FromItems(IEnumerable items)
    {
        var table = FromJson(JsonSerializer.SerializeToElement(items, items.GetType(), Json.Options));
        if (table.Rows.Count > 0)
        {
            return table;
        }
        var itemType = items.GetType().GetInterfaces().Append(items.GetType())
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        return itemType is null ? table : new Table(ColumnsOf(itemType, "", 0).ToList(), []);
    }

    private static IEnumerable<string> ColumnsOf(Type type, string prefix, int depth)
    {
        var info = Json.Options.GetTypeInfo(type);
        if (info.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object || depth > 8)
        {
            return [prefix.Length == 0 ? "value" : prefix];
        }
        return info.Properties.SelectMany(p => Nullable.GetUnderlyingType(p.PropertyType) is null
            && Json.Options.GetTypeInfo(p.PropertyType).Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object
                ? ColumnsOf(p.PropertyType, prefix + p.Name + ".", depth + 1)
                : [prefix + p.Name]);
    }

    private static void Flatten(string name, JsonElement e, Dictionary<string, object?> into)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var any = false;
                foreach (var p in e.EnumerateObject())
                {
                    any = true;
                    Flatten(name.Length == 0 ? p.Name : name + "." + p.Name, p.Value, into);
                }
                if (!any && name.Length > 0)
                {
                    into[name] = "{}";
                }
                break;
            case JsonValueKind.Array:
                into[name] = e.GetRawText();
                break;
            case JsonValueKind.String:
                into[name] = e.GetString();
                break;
            case JsonValueKind.Number:
                into[name] = new JsonNumber(e.GetRawText());
                break;
            case JsonValueKind.True or JsonValueKind.False:
                into[name] = e.GetBoolean();
                break;
            default:
                into[name] = null;
                break;
        }
    }

    /// <summary>
    /// RFC 4180: a header row, CRLF line ends, fields quoted when they hold a comma, a quote or a line break; a text cell a
    /// spreadsheet would take for a formula is prefixed with <c>'</c> (<see cref="Csv.Guard"/>), numbers stay numbers.
    /// </summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', Columns.Select(Csv.Field))).Append("\r\n");
        foreach (var row in Rows)
        {
            sb.Append(CsvLine(row)).Append("\r\n");
        }
        return sb.ToString();
    }

    /// <summary>One data row as a CSV line (no line end).</summary>
    public static string CsvLine(object?[] row) => string.Join(',', row.Select(c => Csv.Field(c is string s ? Csv.Guard(s) : Text(c))));

    /// <summary>A cell as text: invariant numbers at full precision, ISO dates, <c>true</c>/<c>false</c>, empty for null.</summary>
    public static string Text(object? cell) => cell switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        JsonNumber n => n.Text,
        LocalDate d => LocalDatePattern.Iso.Format(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    /// <summary>True when the cell is written as a number (a numeric cell in a workbook).</summary>
    public static bool IsNumber(object? cell) => cell is decimal or int or long or double or JsonNumber;

    public ContentHttpResult ToCsvResult() => TypedResults.Text(ToCsv(), "text/csv; charset=utf-8");

}

/// <summary>
/// Which representation a GET asks for. <c>?format=</c> wins; otherwise the <c>Accept</c> header chooses a media type when it
/// ranks it (by q) at least as high as every JSON type and wildcard it lists — so <c>Accept: text/csv</c> and
/// <c>text/csv, */*;q=0.1</c> ask for CSV, while a browser's <c>*/*</c> or <c>application/json, text/csv;q=0.5</c> stay JSON.
/// </summary>
public static class Negotiation
{
    public static bool Wants(HttpRequest request, string? format, string formatName, string mediaType)
    {
        if (!string.IsNullOrEmpty(format))
        {
            return string.Equals(format, formatName, StringComparison.OrdinalIgnoreCase);
        }
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accept))
        {
            return false;
        }
        double wanted = 0, json = 0;
        foreach (var a in accept)
        {
            var q = a.Quality ?? 1.0;
            var type = a.MediaType.Value ?? "";
            if (type.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
            {
                wanted = Math.Max(wanted, q);
            }
            else if (type is "*/*" or "application/*" || type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            {
                json = Math.Max(json, q);
            }
        }
        return wanted > 0 && wanted >= json;
    }
}
