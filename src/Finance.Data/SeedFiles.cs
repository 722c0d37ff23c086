using System.Globalization;

namespace Finance.Data;

/// <summary>
/// The reference data in <c>db/seed/*.csv</c> (embedded): UTF-8, comma-separated, header row, invariant numbers,
/// empty cell = not given. Each row is read as column → text.
/// </summary>
public static class SeedFiles
{
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Read(string fileName)
    {
        var text = Migrations.ReadResource(typeof(SeedFiles).Assembly, "seed/" + fileName);
        return Csv.WithHeader(text).Select(r => r.Cells).ToList();
    }

    public static decimal Decimal(this IReadOnlyDictionary<string, string> row, string column) =>
        decimal.Parse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture);

    public static decimal? DecimalOrNull(this IReadOnlyDictionary<string, string> row, string column) =>
        row.TryGetValue(column, out var s) && s.Length > 0 ? decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    public static string? TextOrNull(this IReadOnlyDictionary<string, string> row, string column) =>
        row.TryGetValue(column, out var s) && s.Length > 0 ? s : null;

    public static NodaTime.LocalDate Date(this IReadOnlyDictionary<string, string> row, string column) =>
        NodaTime.Text.LocalDatePattern.Iso.Parse(row[column]).GetValueOrThrow();

    public static NodaTime.YearMonth Month(this IReadOnlyDictionary<string, string> row, string column) =>
        NodaTime.Text.YearMonthPattern.Iso.Parse(row[column]).GetValueOrThrow();
}
