using System.Data.Common;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Data.Sqlite;

namespace Finance.Tests.Hardening;

/// <summary>
/// Text that breaks nothing and exports that cannot hurt: control characters refused in JSON, CSV and XLSX with a 400
/// naming the field; invalid UTF-8 and malformed workbooks are 400s; stored text never breaks an export; CSV text cells
/// are not formulas.
/// </summary>
public sealed class InputAndExportTests : IDisposable
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string LoanHeader = "id,lender,product,category,rateType,ratePct,balanceNok,balanceDate,maturityDate,amortisation\n";
    private readonly FinanceApiFactory _api = new(seed: false);

    public void Dispose() => _api.Dispose();

    private static object Loan(string id, string lender) => new
    {
        id, lender, product = "Serielån", category = "investment", rateType = "floating", ratePct = 4.25m, balanceNok = 1_000_000m,
        balanceDate = "2025-12-31", maturityDate = "2040-12-31", amortisation = "serial",
    };

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Post(HttpClient client, string url, HttpContent content)
    {
        var response = await client.PostAsync(url, content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement);
    }

    private static ByteArrayContent Bytes(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    [Fact]
    public async Task A_control_character_in_a_JSON_field_is_a_400_naming_the_field_and_nothing_is_stored()
    {
        var (status, body) = await _api.Treasurer().Send(HttpMethod.Post, "/api/loans", Loan("X1", "Bank\u0001X"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var reason = Assert.Single(body.GetProperty("errors").GetProperty("lender").EnumerateArray()).GetString();
        Assert.Contains("U+0001", reason);
        // Tab and line breaks are text; a NUL and a C1 control are not.
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.Treasurer().Send(HttpMethod.Post, "/api/loans", Loan("X2", "Bank\0"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.Treasurer().Send(HttpMethod.Post, "/api/loans", Loan("X3", "Bank\u0085"))).Status);
        Assert.Equal(HttpStatusCode.Created, (await _api.Treasurer().Send(HttpMethod.Post, "/api/loans", Loan("X4", "Bank\tNord"))).Status);
        var loans = await _api.Viewer().GetJson("/api/loans");
        Assert.Equal("X4", Assert.Single(loans.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_control_character_in_a_CSV_or_XLSX_cell_is_a_400_naming_line_and_field()
    {
        var csv = LoanHeader + "A1,Kommunalbanken,Serielån,investment,floating,4.25,1000,2025-12-31,2040-12-31,serial\n"
            + "A2,Bank\0X,Serielån,investment,floating,4.25,1000,2025-12-31,2040-12-31,serial\n";
        var (status, body) = await Post(_api.Treasurer(), "/api/loans/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Equal("lender", error.GetProperty("field").GetString());
        Assert.Contains("U+0000", error.GetProperty("reason").GetString());

        // U+0085 (a C1 control) is legal in XML, so a workbook can carry it: refused the same way.
        var xlsx = Workbook(["id", "lender", "product", "category", "rateType", "ratePct", "balanceNok", "balanceDate", "maturityDate", "amortisation"],
            ["B1", "Bank\u0085X", "Serielån", "investment", "floating", "4.25", "1000", "2025-12-31", "2040-12-31", "serial"]);
        (status, body) = await Post(_api.Treasurer(), "/api/loans/import", Bytes(xlsx, XlsxType));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(2, error.GetProperty("line").GetInt32());
        Assert.Equal("lender", error.GetProperty("field").GetString());
        Assert.Empty((await _api.Viewer().GetJson("/api/loans")).EnumerateArray());
    }

    [Fact]
    public async Task A_CSV_that_is_not_UTF8_is_a_400_naming_its_line()
    {
        // "Bærum" in Windows-1252: æ is the single byte 0xE6, not UTF-8.
        var bytes = Encoding.UTF8.GetBytes(LoanHeader + "C1,Kommunalbanken,Serielån,investment,floating,4.25,1000,2025-12-31,2040-12-31,serial\nC2,B")
            .Concat(new byte[] { 0xE6 }).Concat(Encoding.UTF8.GetBytes("rum,Serielån,investment,floating,4.25,1000,2025-12-31,2040-12-31,serial\n")).ToArray();
        var (status, body) = await Post(_api.Treasurer(), "/api/loans/import", Bytes(bytes, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Contains("0xE6", error.GetProperty("reason").GetString());
        Assert.Empty((await _api.Viewer().GetJson("/api/loans")).EnumerateArray());
    }

    [Fact]
    public async Task A_malformed_workbook_is_a_400_not_a_500()
    {
        var good = Workbook(["accountId", "date", "balanceNok"], ["main", "2025-01-02", "100"]);
        // The worksheet part's XML cut in half, and a workbook whose sheet part is gone.
        var badXml = Rewrite(good, "xl/worksheets/sheet1.xml", xml => xml[..(xml.Length / 2)]);
        var missing = Rewrite(good, "xl/worksheets/sheet1.xml", null);
        foreach (var bytes in new[] { badXml, missing, Encoding.UTF8.GetBytes("PK not a zip") })
        {
            var (status, body) = await Post(_api.Treasurer(), "/api/liquidity/balances/import", Bytes(bytes, XlsxType));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("file", Assert.Single(body.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task A_formula_lender_exports_as_text_in_CSV_and_imports_back_unchanged()
    {
        const string lender = "=HYPERLINK(\"http://evil.example\",\"Klikk\")";
        var t = _api.Treasurer();
        Assert.Equal(HttpStatusCode.Created, (await t.Send(HttpMethod.Post, "/api/loans", Loan("F1", lender))).Status);
        Assert.Equal(HttpStatusCode.Created, (await t.Send(HttpMethod.Post, "/api/loans", Loan("F2", "-Bank") )).Status);
        var csv = await _api.Viewer().GetStringAsync("/api/loans?format=csv");
        var lines = csv.Split("\r\n");
        // The cell starts with ' (not =), quoted because it holds a comma; numbers stay numbers.
        Assert.Equal("F1,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Klikk\"\")\",Serielån,investment,floating,4.25,1000000,2025-12-31,2040-12-31,serial,,false,none,1,", lines[1]);
        Assert.StartsWith("F2,'-Bank,", lines[2]);

        // Imported again (as an export is), the lender is what was entered.
        var (status, _) = await Post(t, "/api/loans/import", new StringContent(csv.Replace("F1,", "G1,").Replace("F2,", "G2,"), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, status);
        var loans = (await _api.Viewer().GetJson("/api/loans")).EnumerateArray().ToDictionary(l => l.GetProperty("id").GetString()!, l => l.GetProperty("lender").GetString());
        Assert.Equal(lender, loans["G1"]);
        Assert.Equal("-Bank", loans["G2"]);

        // The workbook keeps text as inline strings: the cell is text, never a formula.
        using var response = await _api.Viewer().GetAsync("/api/loans?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var cells = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>().ToList();
        Assert.DoesNotContain(cells, c => c.CellFormula is not null);
        Assert.Contains(cells, c => c.DataType?.Value == CellValues.InlineString && c.InnerText == lender);
    }

    [Fact]
    public async Task Text_stored_before_the_rule_still_exports_as_XLSX_and_CSV()
    {
        Assert.Equal(HttpStatusCode.Created, (await _api.Treasurer().Send(HttpMethod.Post, "/api/loans", Loan("S1", "Sparebank"))).Status);
        // A row written with a control character before input was checked (straight into the file).
        // PostgreSQL text cannot hold U+0000 at all: there the stored text has U+0001 and U+001F.
        TestStore.Outside(_api.ConnectionString, TestStore.IsPostgres
            ? "UPDATE loans SET lender = 'Bank' || chr(1) || 'X' || chr(31) WHERE loan_id = 'S1'"
            : "UPDATE loans SET lender = 'Bank' || char(1) || 'X' || char(0) WHERE loan_id = 'S1'");
        using var xlsx = await _api.Viewer().GetAsync("/api/loans?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        Assert.Contains(document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>(), c => c.InnerText == "Bank\uFFFDX\uFFFD");
        using var csv = await _api.Viewer().GetAsync("/api/loans?format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
    }

    /// <summary>A one-sheet workbook written with the OpenXML SDK (shared strings, as Excel writes them).</summary>
    internal static byte[] Workbook(params string[][] rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var index = 1u;
            foreach (var row in rows)
            {
                var r = new Row { RowIndex = index };
                foreach (var value in row)
                {
                    r.Append(new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value)) });
                }
                data.Append(r);
                index++;
            }
            sheet.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Ark1" }));
        }
        return stream.ToArray();
    }

    /// <summary>The workbook with one entry rewritten (null: removed).</summary>
    private static byte[] Rewrite(byte[] xlsx, string entry, Func<string, string>? change)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var e in source.Entries)
            {
                string text;
                using (var reader = new StreamReader(e.Open()))
                {
                    text = reader.ReadToEnd();
                }
                if (e.FullName == entry)
                {
                    if (change is null)
                    {
                        continue;
                    }
                    text = change(text);
                }
                using var writer = new StreamWriter(target.CreateEntry(e.FullName).Open());
                writer.Write(text);
            }
        }
        return output.ToArray();
    }
}
