using System.Globalization;
using Finance.Core.Common;
using Finance.Reports.Snapshots;
using static Finance.Reports.Norwegian;

namespace Finance.Reports;

/// <summary>
/// Chapter 2, Kortsiktig likviditet: key points, deposit return vs 3M Nibor, Tabell 2.1 (balances at the previous year
/// end and the tertial ends), Figur 2.1 (tertial averages this year and the year before), average daily liquidity and
/// the main-bank cap. Says where figures are published rather than computed from daily balances.
/// </summary>
public sealed class LiquidityPartial : IReportPartial
{
    private const string YearColor = "#1f5f8b", PriorColor = "#7fb3d5";

    private static readonly string[] TertialNames = ["Første tertial", "Andre tertial", "Tredje tertial"];

    public ReportChapter Chapter(ReportInput input)
    {
        var l = input.Snapshot.Liquidity;
        if (l is null)
        {
            return new ReportChapter("liquidity", "Kortsiktig likviditet", [new NoticeBlock("Likviditeten har verken daglige saldoer eller publiserte tall for perioden.")]);
        }
        var prior = PriorAverage(input, l);
        var blocks = new List<ReportBlock> { new HeadingBlock("Hovedpunkter"), new BulletsBlock(KeyPoints(l, prior)) };

        if (l.DepositReturn is { } r)
        {
            blocks.Add(new HeadingBlock("Avkastning"));
            blocks.Add(new ParagraphBlock($"Den kortsiktige likviditeten har vært plassert i bankinnskudd. Avkastningen på innskuddene var {Number(r.DepositReturnPct, 1)} prosent, "
                + $"{Number(Math.Abs(r.ExcessPp), 1)} prosentpoeng {(r.ExcessPp >= 0m ? "mer" : "mindre")} enn indeks (3 md. Nibor, {Number(r.Nibor3mPct, 1)} prosent i gjennomsnitt)."));
        }

        blocks.Add(new HeadingBlock("Samlet likviditetsutvikling"));
        blocks.Add(AverageText(l, prior, input));
        blocks.Add(new TableBlock(Balances(l)));
        var priorTertials = PriorTertials(input, l);
        var bars = new List<ChartSeries> { new(l.Year.ToString(CultureInfo.InvariantCulture), YearColor, Enumerable.Range(1, 3).Select(t => TertialMnok(l.Tertials, t)).ToList()) };
        if (priorTertials is not null)
        {
            bars.Add(new ChartSeries((l.Year - 1).ToString(CultureInfo.InvariantCulture), PriorColor, Enumerable.Range(1, 3).Select(t => TertialMnok(priorTertials, t)).ToList()));
        }
        // The printed Figur 2.1 also shows the year before last: published figures with their source where loaded.
        var twoBefore = (l.Year - 2).ToString(CultureInfo.InvariantCulture);
        var older = input.Snapshot.Supplement.Cells("Figur 2.1", twoBefore).ToList();
        if (older.Count > 0 && l.Through.Month == 12)
        {
            bars.Add(new ChartSeries(twoBefore + " (publisert)", "#c9a227", TertialNames.Select(n => older.FirstOrDefault(c => c.RowKey == n)?.Value / Money.OneMillion).ToList()));
        }
        var withOlder = older.Count > 0 && l.Through.Month == 12;
        blocks.Add(new FigureBlock("Figur 2.1", $"Tertialvis utvikling i gjennomsnittlig likviditet {l.Year}" + (priorTertials is null ? "" : $" sammenstilt med {l.Year - 1}" + (withOlder ? $" og {twoBefore}" : "")) + " (mill. kr)",
            SvgChart.Draw("Gjennomsnittlig likviditet per tertial", TertialNames, bars, [], "mill. kr")));
        var averages = Averages(l, priorTertials, prior);
        if (withOlder)
        {
            var rows = averages.Rows.Select((r, i) =>
            {
                var key = i < 3 ? TertialNames[i] : "Gjennomsnittlig likviditet 1.1 til 31.12 i året";
                var cells = r.Cells.ToList();
                cells.Insert(cells.Count - 1, older.FirstOrDefault(c => c.RowKey == key)?.Value);
                return r with { Cells = cells };
            }).ToList();
            var columns = averages.Columns.ToList();
            columns.Insert(columns.Count - 1, new ReportColumn("twoYearsBeforeNok", twoBefore + " (publisert)", CellKind.Nok));
            averages = averages with
            {
                Columns = columns, Rows = rows,
                Note = averages.Note + $" {twoBefore} er de publiserte tallene (årsrapport 2025, figur 2.1, linje 1700–1703); den trykte årsraden {twoBefore} stemmer ikke med tertialene (dagvektet 2 200).",
            };
        }
        blocks.Add(new TableBlock(averages));

        blocks.Add(new HeadingBlock("Avtaler og rammer"));
        blocks.AddRange(CapBlocks(l, input.Snapshot.Compliance));
        return new ReportChapter("liquidity", "Kortsiktig likviditet", blocks);
    }

    private static decimal? TertialMnok(IReadOnlyList<LiquidityTertial> tertials, int t) =>
        tertials.FirstOrDefault(x => x.Tertial == t)?.AverageNok is { } a ? a / Money.OneMillion : null;

    /// <summary>
    /// The year before's average for the same period: for a full year the frozen December snapshot a year earlier (else
    /// the section's own reading of that year); for a tertial report the day-weighted mean of the year before's same
    /// tertials, so a year to date is never compared with a whole year.
    /// </summary>
    private static (decimal Nok, string Source)? PriorAverage(ReportInput input, LiquiditySection l)
    {
        var fullYear = l.Through.Month == 12 && l.Through.Day == 31;
        if (!fullYear)
        {
            var upTo = l.Tertials.Count == 0 ? 0 : l.Tertials.Max(t => t.Tertial);
            var same = (l.PriorYear?.Tertials ?? []).Where(t => t.Tertial <= upTo).ToList();
            return upTo > 0 && same.Count == upTo && same.All(t => t.AverageNok is not null)
                ? (same.Sum(t => t.AverageNok!.Value * t.Days) / same.Sum(t => t.Days), same.All(t => t.AverageSource == "computed") ? "computed" : "reported")
                : null;
        }
        if (input.YearBefore?.Liquidity is { } yb && yb.Year == l.Year - 1 && yb.Through.Month == 12 && yb.Through.Day == 31 && yb.AverageDailyNok is { } a)
        {
            return (a, yb.AverageSource);
        }
        return l.PriorYear?.AverageDailyNok is { } p ? (p, l.PriorYear.AverageSource) : null;
    }

    private static bool Full(LiquiditySection l) => l.Through.Month == 12 && l.Through.Day == 31;

    private static IReadOnlyList<LiquidityTertial>? PriorTertials(ReportInput input, LiquiditySection l) =>
        l.PriorYear?.Tertials is { } t && t.Any(x => x.AverageNok is not null) ? t
        : input.YearBefore?.Liquidity is { } yb && yb.Year == l.Year - 1 ? yb.Tertials : null;

    private static string Source(string source) => source switch
    {
        "computed" => "beregnet fra daglige saldoer",
        "reported" => "publisert tall",
        "mixed" => "delvis publiserte tall",
        _ => "mangler",
    };

    private static List<string> KeyPoints(LiquiditySection l, (decimal Nok, string Source)? prior)
    {
        var points = new List<string>();
        if (l.AverageDailyNok is { } avg)
        {
            points.Add($"Gjennomsnittlig daglig likviditet på {Mnok(avg)} millioner kroner" + (prior is { } p ? $", {Mnok(Math.Abs(avg - p.Nok))} mill. {(avg >= p.Nok ? "mer" : "mindre")} enn {(Full(l) ? "i" : "samme periode i")} {l.Year - 1}" : ""));
        }
        if (l.Balances.LastOrDefault(b => b.BalanceNok is not null) is { } last)
        {
            points.Add($"Per {Date(last.Date)} utgjorde likviditetsbeholdningen {Mnok(last.BalanceNok!.Value)} mill.");
        }
        var banks = l.Accounts.Select(a => a.Bank).Distinct(StringComparer.Ordinal).ToList();
        if (banks.Count > 0)
        {
            points.Add($"Likviditeten var plassert i bankinnskudd i {string.Join(" og ", banks)}");
        }
        return points;
    }

    private static ReportBlock AverageText(LiquiditySection l, (decimal Nok, string Source)? prior, ReportInput input)
    {
        if (l.AverageDailyNok is not { } avg)
        {
            return new NoticeBlock($"Gjennomsnittlig daglig likviditet for {l.Year} kan ikke beregnes: daglige saldoer og publiserte tertialgjennomsnitt mangler.");
        }
        var period = input.Period.Tertial is null && l.Through.Month == 12 ? $"i {l.Year}" : $"fra 01.01 til {Date(l.Through)}";
        var text = $"Daglig likviditet utgjorde i gjennomsnitt {Mnok(avg)} mill. {period}";
        text += prior is { } p ? $", {(avg >= p.Nok ? "en økning" : "en nedgang")} på {Mnok(Math.Abs(avg - p.Nok))} mill. fra {(Full(l) ? "" : "samme periode i ")}{l.Year - 1}." : ".";
        text += l.AverageSource switch
        {
            "computed" => $" Gjennomsnittet er beregnet fra daglige saldoer ({l.DaysCovered} dager, hvorav {l.DaysCarriedForward} med siste kjente saldo videreført).",
            "reported" => " Systemet har ikke daglige saldoer for perioden: gjennomsnittet er dagvektet fra de publiserte tertialgjennomsnittene (120/123/122 dager), ikke beregnet fra daglige saldoer.",
            "mixed" => " Daglige saldoer mangler for deler av perioden: gjennomsnittet kombinerer beregnede og publiserte tertialgjennomsnitt, dagvektet.",
            _ => "",
        };
        if (l.PublishedAverageDailyNok is { } published && Money.ToMnok(published) != Money.ToMnok(avg))
        {
            text += $" Publisert tall: {Mnok(published)} mill.";
        }
        return new ParagraphBlock(text);
    }

    private static ReportTable Balances(LiquiditySection l)
    {
        var columns = l.Balances.Select(b => new ReportColumn($"d{b.Date:yyyyMMdd}Nok", Date(b.Date), CellKind.Nok)).ToList();
        columns.Add(new ReportColumn("changeNok", $"Endring {l.Year}", CellKind.Nok));
        var cells = l.Balances.Select(b => (object?)b.BalanceNok).ToList();
        cells.Add(l.Balances.Count > 1 && l.Balances[0].BalanceNok is { } a && l.Balances[^1].BalanceNok is { } z ? z - a : null);
        var sources = l.Balances.GroupBy(b => b.Source).Select(g => $"{Source(g.Key)}: {string.Join(", ", g.Select(b => Date(b.Date)))}");
        return new ReportTable("Tabell 2.1", "Utviklingen i kortsiktig likviditet gjennom året", "Beholdning ved tertialslutt (mill. kr)", columns,
            [new ReportRow("Bankinnskudd – ordinære", cells), new ReportRow("Sum kortsiktig likviditet", cells, true)],
            "Beholdning siste dag i perioden. Kilde – " + string.Join("; ", sources) + ".");
    }

    private static ReportTable Averages(LiquiditySection l, IReadOnlyList<LiquidityTertial>? prior, (decimal Nok, string Source)? priorAverage)
    {
        var columns = new List<ReportColumn> { new("yearNok", l.Year.ToString(CultureInfo.InvariantCulture), CellKind.Nok) };
        if (prior is not null || priorAverage is not null)
        {
            columns.Add(new ReportColumn("priorYearNok", (l.Year - 1).ToString(CultureInfo.InvariantCulture), CellKind.Nok));
        }
        columns.Add(new ReportColumn("source", "Kilde " + l.Year.ToString(CultureInfo.InvariantCulture), CellKind.Text));
        var withPrior = columns.Count == 3;
        var rows = Enumerable.Range(1, 3).Select(t =>
        {
            var current = l.Tertials.FirstOrDefault(x => x.Tertial == t);
            var cells = new List<object?> { current?.AverageNok };
            if (withPrior)
            {
                cells.Add(prior?.FirstOrDefault(x => x.Tertial == t)?.AverageNok);
            }
            cells.Add(Source(current?.AverageSource ?? "none"));
            return new ReportRow(TertialNames[t - 1], cells);
        }).ToList();
        var total = new List<object?> { l.AverageDailyNok };
        if (withPrior)
        {
            total.Add(priorAverage?.Nok);
        }
        total.Add(Source(l.AverageSource));
        rows.Add(new ReportRow($"Gjennomsnittlig daglig likviditet 01.01–{Date(l.Through)[..5]}", total, true));
        return new ReportTable("Figur 2.1", "Gjennomsnittlig likviditet per tertial (mill. kr)", "Utvikling i gjennomsnittlig likviditet (mill. kr)", columns, rows,
            "Årsgjennomsnittet er gjennomsnittet av daglige saldoer, eller det dagvektede gjennomsnittet av tertialene der bare publiserte tall finnes.");
    }

    private static IEnumerable<ReportBlock> CapBlocks(LiquiditySection l, ComplianceSection? compliance)
    {
        var cap = l.MainBankCap;
        var main = l.Accounts.FirstOrDefault(a => a.IsMainBank)?.Bank;
        var limitText = $"{Number(cap.LimitNok / 1_000_000_000m, 1)} milliarder kroner";
        yield return new ParagraphBlock((main is null ? "" : $"{main} er kommunens hovedbank. ")
            + $"Det føres daglig kontroll mot finansreglementets tak på innskudd i hovedbanken. Øvre grense er {limitText}"
            + (cap.LimitSource == "default" ? " (standardgrensen; finansreglementet i kraft angir ingen grense)." : "."));
        if (cap.DaysChecked == 0)
        {
            var attested = compliance?.Limits.FirstOrDefault(x => x.LimitId == "liquidity.main_bank_cap" && x.Basis == "attested");
            yield return new NoticeBlock("Taket på innskudd i hovedbanken kan ikke kontrolleres for perioden: systemet har ingen daglige saldoer for kontoene som teller mot taket."
                + (attested is null ? "" : attested.Status == "ok"
                    ? " Overholdelsen er attestert av økonomiavdelingen (se rammekontrollen under Avvik)."
                    : " Økonomiavdelingen har attestert at grensen ikke er overholdt (se Avvik)."));
            yield break;
        }
        if (cap.Breaches.Count == 0)
        {
            yield return new ParagraphBlock($"Grensen er ikke overskredet i noen av de {cap.DaysChecked} kontrollerte dagene. Høyeste innskudd i hovedbanken var {Mnok(cap.MaxObservedNok ?? 0m)} mill. per {(cap.MaxObservedDate is { } d ? Date(d) : "–")}.");
            yield break;
        }
        yield return new ParagraphBlock($"Grensen ble overskredet {cap.Breaches.Count} av {cap.DaysChecked} kontrollerte dager; høyeste innskudd i hovedbanken var {Mnok(cap.MaxObservedNok ?? 0m)} mill. per {(cap.MaxObservedDate is { } md ? Date(md) : "–")}.");
        yield return new TableBlock(new ReportTable("Hovedbanktak", "Dager med innskudd i hovedbanken over grensen", "Dato",
            [new("balanceNok", "Innskudd (mill. kr)", CellKind.Nok, 1), new("excessNok", "Over grensen (mill. kr)", CellKind.Nok, 1), new("carried", "Saldo videreført", CellKind.Text)],
            cap.Breaches.Select(b => new ReportRow(Date(b.Date), [b.BalanceNok, b.ExcessNok, b.CarriedForward ? "Ja" : "Nei"])).ToList()));
    }
}
