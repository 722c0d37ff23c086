using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Finance.Data;
using NodaTime;
using NodaTime.Text;

namespace Finance.Api.Infrastructure;

/// <summary>
/// One-sheet workbooks for treasury staff: <see cref="Export.WriteWorkbook"/> exports a table, streamed (header row of the
/// JSON field names; numbers as numeric cells holding the invariant text at full precision; dates as yyyy-MM-dd text, so
/// they read back unchanged), and <see cref="Read"/> gives the first sheet's rows as an import reads a CSV file.
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>0 → A, 25 → Z, 26 → AA.</summary>
    internal static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }
        return name;
    }

    /// <summary>The column index of a cell reference: <c>B7</c> → 1.</summary>
    private static int ColumnIndex(string reference)
    {
        var n = 0;
        foreach (var ch in reference.TakeWhile(char.IsAsciiLetter))
        {
            n = n * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
            if (n > MaxColumns)
            {
                return MaxColumns;
            }
        }
        return n - 1;
    }

    /// <summary>
    /// The first sheet's non-empty rows with their row numbers, as text: shared and inline strings as written, numbers as
    /// stored (invariant), booleans <c>true</c>/<c>false</c>, a number formatted as a date in Excel as yyyy-MM-dd. Rows are
    /// padded with empty cells to the header's width (a workbook leaves trailing empty cells out).
    /// </summary>
    /// <exception cref="FormatException">The stream is not a readable workbook.</exception>
    public static IReadOnlyList<Csv.Row> Read(Stream stream)
    {
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(stream, false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Not a ZIP, a corrupt entry, a relationship to a part that is missing, a part that is not XML.
            throw new FormatException("The file is not a readable .xlsx workbook.", e);
        }
        using (document)
        {
            try
            {
                return ReadFirstSheet(document);
            }
            catch (Exception e) when (e is not FormatException and not OutOfMemoryException)
            {
                // A part that is not well-formed XML, a relationship to a missing part, a corrupt entry of the package.
                throw new FormatException("The file is not a readable .xlsx workbook (a part of it is missing or malformed).", e);
            }
        }
    }

    /// <summary>The most columns a sheet has (XFD).</summary>
    private const int MaxColumns = 16_384;

    private static IReadOnlyList<Csv.Row> ReadFirstSheet(SpreadsheetDocument document)
    {
        {
            var workbook = document.WorkbookPart ?? throw new FormatException("The workbook has no sheets.");
            var sheet = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new FormatException("The workbook has no sheets.");
            if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
            {
                throw new FormatException("The first sheet is not a worksheet.");
            }
            var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToArray() ?? [];
            var dateStyles = DateStyles(workbook);
            var rows = new List<Csv.Row>();
            var line = 0;
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                line = row.RowIndex?.Value is { } r ? (int)r : line + 1;
                var fields = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : fields.Count;
                    if (column is < 0 or >= MaxColumns)
                    {
                        throw new FormatException($"Row {line}: the cell reference '{cell.CellReference?.Value}' is not a column of a sheet (A to XFD).");
                    }
                    while (fields.Count < column)
                    {
                        fields.Add("");
                    }
                    fields.Add(Text(cell, shared, dateStyles));
                }
                if (fields.Any(f => f.Length > 0))
                {
                    rows.Add(new Csv.Row(line, fields.ToArray()));
                }
            }
            if (rows.Count == 0)
            {
                return rows;
            }
            var width = rows[0].Fields.Length - rows[0].Fields.Reverse().TakeWhile(f => f.Length == 0).Count();
            return rows.Select(r => new Csv.Row(r.Line, Fit(r.Fields, width))).ToList();
        }
    }

    /// <summary>Pads to <paramref name="width"/> and drops empty cells beyond it; a filled cell beyond it stays (the import reports it).</summary>
    private static string[] Fit(string[] fields, int width)
    {
        var last = fields.Length;
        while (last > width && fields[last - 1].Length == 0)
        {
            last--;
        }
        return fields.Take(last).Concat(Enumerable.Repeat("", Math.Max(0, width - last))).ToArray();
    }

    private static string Text(Cell cell, string[] shared, HashSet<uint> dateStyles)
    {
        var value = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < shared.Length ? shared[i] : "";
        }
        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? value;
        }
        if (type == CellValues.Boolean)
        {
            return value == "1" ? "true" : value == "0" ? "false" : value;
        }
        if (type == CellValues.Date)
        {
            return value.Length >= 10 ? value[..10] : value;
        }
        if ((type is null || type == CellValues.Number) && cell.StyleIndex?.Value is { } style && dateStyles.Contains(style)
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 0 and < 2958466)
        {
            return LocalDatePattern.Iso.Format(LocalDate.FromDateTime(DateTime.FromOADate(serial)));
        }
        return value;
    }

    /// <summary>The cell styles whose number format shows a date (built-in formats 14–22 and 45–47, or a custom code with y or d outside brackets and quotes, and no digit placeholders).</summary>
    private static HashSet<uint> DateStyles(WorkbookPart workbook)
    {
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        var custom = stylesheet?.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null && f.FormatCode?.Value is { } code
                && System.Text.RegularExpressions.Regex.Replace(code, "\\[[^\\]]*\\]|\"[^\"]*\"", "").ToLowerInvariant() is var c
                && (c.Contains('y') || c.Contains('d')) && !c.Contains('#') && !c.Contains('0'))
            .Select(f => f.NumberFormatId!.Value)
            .ToHashSet() ?? [];
        var styles = new HashSet<uint>();
        uint index = 0;
        foreach (var format in stylesheet?.CellFormats?.Elements<CellFormat>() ?? [])
        {
            if (format.NumberFormatId?.Value is { } id && (id is >= 14 and <= 22 or >= 45 and <= 47 || custom.Contains(id)))
            {
                styles.Add(index);
            }
            index++;
        }
        return styles;
    }
}
