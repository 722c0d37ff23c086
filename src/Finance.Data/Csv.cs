using System.Text;

namespace Finance.Data;

/// <summary>
/// A small RFC 4180 reader: comma-separated, double quotes around fields that hold commas, quotes ("" inside) or
/// line breaks. Returns the rows as string arrays with their 1-based line number, so import errors can name the line.
/// </summary>
public static class Csv
{
    public sealed record Row(int Line, string[] Fields);

    public static IReadOnlyList<Row> Parse(string text)
    {
        var rows = new List<Row>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int i = 0, line = 1, rowLine = 1;
        var inQuotes = false;
        var any = false;
        while (i < text.Length)
        {
            var ch = text[i];
            if (inQuotes)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                if (ch == '"') { inQuotes = false; i++; continue; }
                if (ch == '\n') line++;
                field.Append(ch);
                i++;
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0:
                    inQuotes = true; any = true; i++; break;
                case ',':
                    fields.Add(field.ToString()); field.Clear(); any = true; i++; break;
                case '\r':
                    i++; break;
                case '\n':
                    EndRow(); line++; rowLine = line; i++; break;
                default:
                    field.Append(ch); any = true; i++; break;
            }
        }
        if (inQuotes)
        {
            throw new FormatException($"Line {rowLine}: a quoted field is not closed.");
        }
        EndRow();
        return rows;

        void EndRow()
        {
            if (any || field.Length > 0)
            {
                fields.Add(field.ToString());
                rows.Add(new Row(rowLine, fields.ToArray()));
            }
            fields.Clear();
            field.Clear();
            any = false;
        }
    }

    /// <summary>Header row → column name per field; data rows as column → text (missing trailing cells are empty).</summary>
    public static IReadOnlyList<(int Line, IReadOnlyDictionary<string, string> Cells)> WithHeader(string text)
    {
        var rows = Parse(text);
        if (rows.Count == 0)
        {
            return [];
        }
        var header = rows[0].Fields.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        return rows.Skip(1)
            .Select(r => (r.Line, (IReadOnlyDictionary<string, string>)header
                .Select((h, k) => (h, v: k < r.Fields.Length ? r.Fields[k] : ""))
                .ToDictionary(x => x.h, x => x.v, StringComparer.Ordinal)))
            .ToList();
    }

    /// <summary>
    /// True when a spreadsheet would read text starting so as a formula (or strip it): <c>=</c>, <c>+</c>, <c>-</c>,
    /// <c>@</c>, tab or carriage return first.
    /// </summary>
    public static bool NeedsGuard(ReadOnlySpan<char> text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>
    /// A text cell for a CSV export: prefixed with <c>'</c> when a spreadsheet would take it for a formula
    /// (<see cref="NeedsGuard"/>), so <c>=HYPERLINK(…)</c> shows as text. Numbers are written as numbers and never guarded;
    /// the import removes the prefix again.
    /// </summary>
    public static string Guard(string text) => NeedsGuard(text) ? "'" + text : text;

    /// <summary>Quotes a field when it needs it.</summary>
    public static string Field(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
