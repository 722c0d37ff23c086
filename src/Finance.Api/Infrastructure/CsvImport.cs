using System.Globalization;
using System.Text;
using Finance.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace Finance.Api.Infrastructure;

/// <summary>One bad cell or row of an imported CSV file: the file's line (1 = header), the column and why.</summary>
public sealed record CsvError(int Line, string Field, string Reason);

/// <summary>
/// Reading uploaded tables (a bank export, a loan list, month-end valuations) as CSV or as the first sheet of an .xlsx
/// workbook, and the helpers of the CSV exports. Both formats give the same rows (line = the file's line or the sheet's
/// row number, header first), so an import validates them once. Imports are all-or-nothing: every row is checked first,
/// and any error answers 400 with the full list of <see cref="CsvError"/>s and stores nothing.
/// </summary>
public static class CsvImport
{
    public const string ContentType = "text/csv";

    /// <summary>True when the request's body is CSV (<c>text/csv</c>, any charset).</summary>
    public static bool IsCsv(HttpRequest request) => HasContentType(request, ContentType);

    /// <summary>True when the request's body is an .xlsx workbook.</summary>
    public static bool IsXlsx(HttpRequest request) => HasContentType(request, Xlsx.ContentType);

    private static bool HasContentType(HttpRequest request, string mediaType) =>
        request.ContentType is { } ct && ct.Split(';')[0].Trim().Equals(mediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the caller asked for CSV: <c>?format=csv</c>, or <c>Accept</c> ranks <c>text/csv</c> at least as high as JSON.</summary>
    public static bool WantsCsv(HttpRequest request, string? format) => Negotiation.Wants(request, format, "csv", ContentType);

    /// <summary>True when the caller asked for a workbook: <c>?format=xlsx</c>, or <c>Accept</c> ranks the .xlsx type at least as high as JSON.</summary>
    public static bool WantsXlsx(HttpRequest request, string? format) => Negotiation.Wants(request, format, "xlsx", Xlsx.ContentType);

    /// <summary>
    /// The uploaded table's rows keyed by header name, from a CSV body or the first sheet of an .xlsx body, checked as
    /// <see cref="Rows(IReadOnlyList{Csv.Row}, IReadOnlyCollection{string}, IReadOnlyCollection{string}, List{CsvError})"/>.
    /// Null when the body is neither (answer <see cref="UnsupportedMediaType"/>).
    /// </summary>
    public static async Task<IReadOnlyList<(int Line, IReadOnlyDictionary<string, string> Cells)>?> ReadRows(HttpRequest request,
        IReadOnlyCollection<string> required, IReadOnlyCollection<string> optional, List<CsvError> errors)
    {
        if (IsCsv(request))
        {
            var (text, invalid) = await ReadUtf8(request);
            if (invalid is { } bad)
            {
                errors.Add(bad);
                return [];
            }
            return Rows(text, required, optional, errors);
        }
        if (!IsXlsx(request))
        {
            return null;
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        buffer.Position = 0;
        IReadOnlyList<Csv.Row> raw;
        try
        {
            raw = Xlsx.Read(buffer);
        }
        catch (FormatException e)
        {
            errors.Add(new CsvError(1, "file", e.Message));
            return [];
        }
        return Rows(raw, required, optional, errors);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The body as UTF-8 text; a byte sequence that is not UTF-8 (a file saved as Windows-1252, say) is an error naming its
    /// line — never stored as replacement characters.
    /// </summary>
    public static async Task<(string Text, CsvError? Invalid)> ReadUtf8(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        try
        {
            return (StrictUtf8.GetString(bytes), null);
        }
        catch (DecoderFallbackException e)
        {
            var at = Math.Clamp(e.Index, 0, bytes.Length);
            var line = bytes[..at].Count((byte)'\n') + 1;
            var bad = e.BytesUnknown is { Length: > 0 } unknown ? string.Join(" ", unknown.Select(b => $"0x{b:X2}")) : "?";
            return ("", new CsvError(line, "file", $"The file is not UTF-8 (bytes {bad} on line {line}). Save it as UTF-8 (\"CSV UTF-8\" in Excel)."));
        }
    }

    public static ProblemHttpResult Problem(IReadOnlyList<CsvError> errors, string title) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status400BadRequest,
        Title = title,
        Detail = $"{errors.Count} error(s); nothing was stored. Fix the rows and send the whole file again.",
        Extensions = { ["errors"] = errors },
    });

    public static ProblemHttpResult UnsupportedMediaType() => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status415UnsupportedMediaType,
        Title = "Send the file as text/csv or as an .xlsx workbook.",
        Detail = $"Use Content-Type: text/csv, or {Xlsx.ContentType} (the first sheet is read), with a header row of the JSON field names.",
    });

    /// <summary>
    /// Parses <paramref name="text"/> into rows keyed by header name; checks that the header has every required column and no
    /// unknown one. Header problems are reported on line 1.
    /// </summary>
    public static IReadOnlyList<(int Line, IReadOnlyDictionary<string, string> Cells)> Rows(string text, IReadOnlyCollection<string> required,
        IReadOnlyCollection<string> optional, List<CsvError> errors)
    {
        IReadOnlyList<Csv.Row> raw;
        try
        {
            raw = Csv.Parse(text);
        }
        catch (FormatException e)
        {
            errors.Add(new CsvError(1, "file", e.Message));
            return [];
        }
        return Rows(raw.Select(r => new Csv.Row(r.Line, r.Fields.Select(Unguard).ToArray())).ToList(), required, optional, errors);
    }

    /// <summary>
    /// The export's guard against formulas undone: a text cell the export wrote as <c>'=…</c> (see <see cref="Csv.Guard"/>)
    /// imports as <c>=…</c>, so an export imports back unchanged.
    /// </summary>
    private static string Unguard(string field) => field.Length >= 2 && field[0] == '\'' && Csv.NeedsGuard(field.AsSpan(1)) ? field[1..] : field;

    /// <summary>The same checks on rows already split into fields (a CSV file's lines or a sheet's rows).</summary>
    public static IReadOnlyList<(int Line, IReadOnlyDictionary<string, string> Cells)> Rows(IReadOnlyList<Csv.Row> raw, IReadOnlyCollection<string> required,
        IReadOnlyCollection<string> optional, List<CsvError> errors)
    {
        if (raw.Count == 0)
        {
            errors.Add(new CsvError(1, "file", "The file is empty: send a header row and at least one data row."));
            return [];
        }
        var header = raw[0].Fields.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        foreach (var bad in header.Where(h => TextRules.Problem(h) is not null))
        {
            errors.Add(new CsvError(raw[0].Line, "header", $"A column name {TextRules.Problem(bad)}"));
            return [];
        }
        foreach (var missing in required.Where(r => !header.Contains(r, StringComparer.Ordinal)))
        {
            errors.Add(new CsvError(raw[0].Line, missing, "Required column is missing from the header."));
        }
        foreach (var unknown in header.Where(h => !required.Contains(h) && !optional.Contains(h)))
        {
            errors.Add(new CsvError(raw[0].Line, unknown, "Unknown column."));
        }
        foreach (var dup in header.GroupBy(h => h).Where(g => g.Count() > 1))
        {
            errors.Add(new CsvError(raw[0].Line, dup.Key, "Column appears twice."));
        }
        if (raw.Count == 1)
        {
            errors.Add(new CsvError(raw[0].Line, "file", "No data rows."));
        }
        if (errors.Count > 0)
        {
            return [];
        }
        var rows = new List<(int, IReadOnlyDictionary<string, string>)>();
        foreach (var r in raw.Skip(1))
        {
            if (r.Fields.Length != header.Length)
            {
                errors.Add(new CsvError(r.Line, "row", $"Expected {header.Length} fields, found {r.Fields.Length}."));
                continue;
            }
            var clean = true;
            for (var i = 0; i < header.Length; i++)
            {
                if (TextRules.Problem(r.Fields[i]) is { } problem)
                {
                    errors.Add(new CsvError(r.Line, header[i], problem));
                    clean = false;
                }
            }
            if (!clean)
            {
                continue;
            }
            rows.Add((r.Line, header.Select((h, i) => (h, v: r.Fields[i].Trim())).ToDictionary(x => x.h, x => x.v, StringComparer.Ordinal)));
        }
        return rows;
    }

    /// <summary>Cell readers that record an error and return null when the text does not parse.</summary>
    public sealed class RowReader(int line, IReadOnlyDictionary<string, string> cells, List<CsvError> errors)
    {
        public int Line => line;

        public string? Text(string field, bool required = false)
        {
            var s = cells.TryGetValue(field, out var v) && v.Length > 0 ? v : null;
            if (s is null && required) errors.Add(new CsvError(line, field, "Required."));
            return s;
        }

        public decimal? Decimal(string field, bool required = false)
        {
            var s = Text(field, required);
            if (s is null) return null;
            if (decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d)) return d;
            errors.Add(new CsvError(line, field, $"'{s}' is not a number (use . as decimal separator, no thousands separators)."));
            return null;
        }

        public LocalDate? Date(string field, bool required = false)
        {
            var s = Text(field, required);
            if (s is null) return null;
            var p = LocalDatePattern.Iso.Parse(s);
            if (p.Success) return p.Value;
            errors.Add(new CsvError(line, field, $"'{s}' is not a date (yyyy-MM-dd)."));
            return null;
        }

        public bool? Bool(string field, bool required = false)
        {
            var s = Text(field, required);
            switch (s?.ToLowerInvariant())
            {
                case null: return null;
                case "true": return true;
                case "false": return false;
                default:
                    errors.Add(new CsvError(line, field, $"'{s}' is not true or false."));
                    return null;
            }
        }

        public T? Enum<T>(string field, bool required = false) where T : struct, System.Enum
        {
            var s = Text(field, required);
            if (s is null) return null;
            if (Finance.Core.Debt.DebtCodes.TryParse<T>(s, out var v)) return v;
            errors.Add(new CsvError(line, field, $"'{s}' is not one of {Finance.Core.Debt.DebtCodes.Allowed<T>()}."));
            return null;
        }

        public void Error(string field, string reason) => errors.Add(new CsvError(line, field, reason));
    }

    public static string Decimal(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    public static string Date(LocalDate? d) => d is { } x ? LocalDatePattern.Iso.Format(x) : "";
}
