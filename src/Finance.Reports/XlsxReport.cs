using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Finance.Reports;

/// <summary>
/// format=xlsx: one worksheet per table, named by the table ("Tabell 1.3", "Vedlegg 5e"). Amounts are written in MNOK
/// and percentages as percent numbers at full precision, with a number format that shows the report's decimals, so a
/// sum in Excel is exact.
/// </summary>
public static class XlsxReport
{
    public static byte[] Render(FinanceReport report)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            uint id = 1;
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var table in report.Tables)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                part.Worksheet = new Worksheet(data);
                data.Append(new Row(TextCell(table.Id + " " + table.Title, 3)));
                data.Append(new Row(new[] { TextCell(table.LabelHeader, 3) }.Concat(table.Columns.Select(c => TextCell(c.Header + Unit(c), 3)))));
                foreach (var row in table.Rows)
                {
                    var cells = new List<Cell> { TextCell(row.Label, row.Total ? 3u : 0u) };
                    for (var i = 0; i < table.Columns.Count; i++)
                    {
                        cells.Add(ValueCell(row.Cells.ElementAtOrDefault(i), table.Columns[i]));
                    }
                    data.Append(new Row(cells));
                }
                if (table.Note is { } note)
                {
                    data.Append(new Row(TextCell(note, 0)));
                }
                sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = SheetName(table.Id, used) });
            }
            if (report.Commentary.Any(c => c.Text.Length > 0))
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                part.Worksheet = new Worksheet(data);
                data.Append(new Row(TextCell("Kommentarer", 3)));
                data.Append(new Row(TextCell("Del", 3), TextCell("Tekst", 3), TextCell("Versjon", 3), TextCell("Skrevet av", 3)));
                foreach (var c in report.Commentary.Where(c => c.Text.Length > 0))
                {
                    data.Append(new Row(TextCell(c.Title, 0), TextCell(c.Text, 0), TextCell(c.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", 0), TextCell(c.WrittenBy ?? "", 0)));
                }
                sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = SheetName("Kommentarer", used) });
            }
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static string Unit(ReportColumn c) => c.Kind switch
    {
        CellKind.Nok => " (mill. kr)",
        CellKind.Pct => " (%)",
        CellKind.Years => "",
        _ => "",
    };

    private static string SheetName(string id, HashSet<string> used)
    {
        var name = new string(id.Where(ch => ch is not (':' or '\\' or '/' or '?' or '*' or '[' or ']')).ToArray());
        name = name.Length > 31 ? name[..31] : name;
        var candidate = name;
        for (var n = 2; !used.Add(candidate); n++)
        {
            candidate = $"{name[..Math.Min(name.Length, 28)]} {n}";
        }
        return candidate;
    }

    private static Cell TextCell(string text, uint style) =>
        new() { DataType = CellValues.InlineString, StyleIndex = style, InlineString = new InlineString(new Text(Finance.Data.XmlText.Clean(text)) { Space = SpaceProcessingModeValues.Preserve }) };

    private static Cell ValueCell(object? value, ReportColumn column) => value switch
    {
        decimal d => new Cell
        {
            DataType = CellValues.Number,
            StyleIndex = column.Decimals switch { 0 => 1u, 1 => 2u, _ => 4u },
            CellValue = new CellValue((column.Kind == CellKind.Nok ? d / Finance.Core.Common.Money.OneMillion : d).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        },
        string s => TextCell(s, 0),
        _ => new Cell(),
    };

    /// <summary>Style 0 default, 1 "# ##0", 2 "# ##0.0", 3 bold text, 4 "# ##0.00" (the cell keeps full precision).</summary>
    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "#,##0.0" }, new NumberingFormat { NumberFormatId = 165, FormatCode = "#,##0.00" }) { Count = 2 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 3, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true }) { Count = 5 });
}
