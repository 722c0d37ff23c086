using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Finance.Api.Infrastructure;

/// <summary>
/// A table export that streams: the rows are read from the database one by one while the answer is written, so memory
/// stays bounded by a row (CSV: written to the response as read; XLSX: a workbook written row by row into a temporary
/// file — deleted when sent — and then copied out). <paramref name="rows"/> is called once, when the answer is written,
/// and may hold a connection open for as long as it enumerates.
/// </summary>
public sealed class Export(IReadOnlyList<string> columns, Func<IEnumerable<object?[]>> rows, string format, string name) : IResult
{
    public static Export Csv(IReadOnlyList<string> columns, Func<IEnumerable<object?[]>> rows) => new(columns, rows, "csv", "");

    public static Export Xlsx(IReadOnlyList<string> columns, Func<IEnumerable<object?[]>> rows, string name) => new(columns, rows, "xlsx", name);

    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        if (format == "csv")
        {
            response.ContentType = "text/csv; charset=utf-8";
            await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 64 * 1024);
            await writer.WriteAsync(string.Join(',', columns.Select(Finance.Data.Csv.Field)) + "\r\n");
            foreach (var row in rows())
            {
                await writer.WriteAsync(Table.CsvLine(row) + "\r\n");
            }
            return;
        }
        var path = Path.Combine(Path.GetTempPath(), $"finance-export-{Guid.NewGuid():N}.xlsx");
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        WriteWorkbook(file, columns, rows(), name);
        file.Position = 0;
        response.ContentType = Infrastructure.Xlsx.ContentType;
        response.Headers.ContentDisposition = $"attachment; filename={name}.xlsx";
        response.ContentLength = file.Length;
        await file.CopyToAsync(response.Body, context.RequestAborted);
    }

    /// <summary>
    /// A one-sheet SpreadsheetML workbook, written as it goes (ZIP in create mode, XML by <see cref="XmlWriter"/>): numbers as
    /// numeric cells at full precision, booleans as boolean cells, everything else as inline strings (text XML cannot hold is
    /// replaced, <see cref="Finance.Data.XmlText"/>); empty cells for nulls, so every row has the header's columns.
    /// </summary>
    public static void WriteWorkbook(Stream stream, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, string sheetName)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        Entry(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
        Entry(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Entry(zip, "xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
        Entry(zip, "xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{System.Security.SecurityElement.Escape(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
        using var xml = XmlWriter.Create(sheet, new XmlWriterSettings { Encoding = new UTF8Encoding(false), CheckCharacters = true });
        const string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        xml.WriteStartDocument(true);
        xml.WriteStartElement("worksheet", ns);
        xml.WriteStartElement("sheetData", ns);
        uint index = 1;
        WriteRow(xml, index++, columns.Cast<object?>().ToArray());
        foreach (var row in rows)
        {
            WriteRow(xml, index++, row);
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteRow(XmlWriter xml, uint index, object?[] cells)
    {
        const string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var r = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        xml.WriteStartElement("row", ns);
        xml.WriteAttributeString("r", r);
        for (var i = 0; i < cells.Length; i++)
        {
            xml.WriteStartElement("c", ns);
            xml.WriteAttributeString("r", Infrastructure.Xlsx.ColumnName(i) + r);
            switch (cells[i])
            {
                case null:
                    break;
                case bool b:
                    xml.WriteAttributeString("t", "b");
                    xml.WriteElementString("v", ns, b ? "1" : "0");
                    break;
                case var n when Table.IsNumber(n):
                    xml.WriteAttributeString("t", "n");
                    xml.WriteElementString("v", ns, Table.Text(n));
                    break;
                case var other:
                    xml.WriteAttributeString("t", "inlineStr");
                    xml.WriteStartElement("is", ns);
                    xml.WriteStartElement("t", ns);
                    xml.WriteAttributeString("xml", "space", null, "preserve");
                    xml.WriteString(Finance.Data.XmlText.Clean(Table.Text(other)));
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                    break;
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void Entry(ZipArchive zip, string name, string content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }
}
