using System.Globalization;
using Finance.Core.Common;
using NodaTime;

namespace Finance.Reports;

/// <summary>
/// Numbers as the council's reports print them: decimal comma, a no-break space (U+00A0) between thousands and before
/// "%", rounded half away from zero only here, at display (<see cref="Money.ToMnok"/>).
/// </summary>
public static class Norwegian
{
    public const char Space = '\u00A0';

    public static readonly string[] MonthShort = ["Jan.", "Feb.", "Mars", "April", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.", "Des."];

    public static string Number(decimal value, int decimals)
    {
        var rounded = Money.Round(value, decimals);
        if (rounded == 0m)
        {
            rounded = 0m; // never print "-0"
        }
        var text = Math.Abs(rounded).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            .Replace(',', Space).Replace('.', ',');
        return rounded < 0m ? "-" + text : text;
    }

    /// <summary>NOK shown in MNOK: 3 155 999 999 → "3 156".</summary>
    public static string Mnok(decimal nok, int decimals = 0) => Number(Money.ToMnok(nok, decimals), decimals);

    /// <summary>A percent number: 7.134 → "7,1 %".</summary>
    public static string Pct(decimal pct, int decimals = 1) => Number(pct, decimals) + Space + "%";

    public static string Date(LocalDate d) => d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    public static string Cell(object? value, ReportColumn column) => value switch
    {
        null => "",
        string s => s,
        decimal d => column.Kind switch
        {
            CellKind.Nok => Mnok(d, column.Decimals),
            CellKind.Pct => Pct(d, column.Decimals),
            _ => Number(d, column.Decimals),
        },
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
