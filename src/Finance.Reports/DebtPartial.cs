using System.Globalization;
using Finance.Core.Common;
using Finance.Reports.Snapshots;
using NodaTime;
using static Finance.Reports.Norwegian;

namespace Finance.Reports;

/// <summary>
/// Chapter 3, Gjeldsporteføljen: key points, Tabell 3.1 (borrowing per lender at the period ends), the interest-fixing
/// profile (Figur 3.1), the maturity profile split investment / on-lending (Figur 3.2), refinancing vs the limit, rates,
/// and the projected debt service.
/// </summary>
public sealed class DebtPartial : IReportPartial
{
    private const string InvestmentColor = "#1f5f8b", OnLendingColor = "#7fb3d5", PriorColor = "#c9a227";

    /// <summary>The report's names of the time buckets (Figur 3.1, 3.2).</summary>
    internal static readonly IReadOnlyDictionary<string, string> BucketNames = new Dictionary<string, string>
    {
        ["0-1"] = "Under ett år", ["1-2"] = "1-2 år", ["2-3"] = "2-3 år", ["3-5"] = "3-5 år", ["5-10"] = "5-10 år", ["10+"] = "Over 10 år",
    };

    public ReportChapter Chapter(ReportInput input)
    {
        var d = input.Snapshot.Debt;
        if (d is null)
        {
            return new ReportChapter("debt", "Gjeldsporteføljen", PublishedOnly(input).ToList());
        }
        var date = Date(d.AsOf);
        var sup = input.Snapshot.Supplement;
        var prior = PriorYearEnd(input, d);
        var blocks = new List<ReportBlock> { new HeadingBlock("Hovedpunkter"), new BulletsBlock(KeyPoints(d, prior, sup)) };

        blocks.Add(new HeadingBlock("Lånevolum og motparter"));
        blocks.Add(new ParagraphBlock($"Kommunens gjeldsportefølje var på {Mnok(d.TotalNok)} mill. kroner per {date}, hvorav {Mnok(d.InvestmentNok)} mill. investeringslån og {Mnok(d.OnLendingNok)} mill. lån til videreformidling. "
            + string.Join(", ", d.Lenders.Select((l, i) => $"{(i == 0 ? "Største långiver er " : "")}{l.Lender} ({Number(l.SharePct, 0)} prosent)")) + "."
            + (d.LeasesNok > 0m ? $" Finansielle leieavtaler (OPS) på {Mnok(d.LeasesNok)} mill. holdes utenom innlånene." : "")
            + LenderShareFootnote(d)));
        blocks.AddRange(NewLoans(d));
        blocks.Add(new TableBlock(PerLender(d, prior, sup)));
        if (d.PeriodEnds.Any(p => p.Leases.Count > 0) || prior?.Leases.Count > 0)
        {
            blocks.Add(new TableBlock(Leases(d, prior)));
        }
        blocks.Add(new TableBlock(Lenders(d)));
        blocks.AddRange(OnLendingBlocks(d, sup));

        blocks.Add(new HeadingBlock("Rentesikring og løpetid til endelig forfall"));
        blocks.Add(FixingText(d, sup));
        if (!sup.FixingSupported())
        {
            blocks.AddRange(PublishedFixing(d, sup));
        }
        else
        {
            blocks.AddRange(ComputedFixing(d, input, date, sup));
        }


        blocks.Add(new HeadingBlock("Låneforfall og refinansieringsrisiko"));
        blocks.Add(RefinancingText(d));
        blocks.Add(new FigureBlock("Figur 3.2", $"Lånene gruppert etter løpetid til endelig forfall per {date} (prosent av samlet gjeld)",
            SvgChart.Draw("Lånene gruppert etter løpetid til endelig forfall", d.MaturityBuckets.Select(b => BucketNames[b.Bucket]).ToList(),
            [
                new ChartSeries("Investeringslån", InvestmentColor, d.MaturityBuckets.Select(b => (decimal?)b.InvestmentPct).ToList()),
                new ChartSeries("Formidlingslån", OnLendingColor, d.MaturityBuckets.Select(b => (decimal?)b.OnLendingPct).ToList()),
            ], [], "prosent", stacked: true)));
        blocks.Add(new TableBlock(Maturity(d)));

        blocks.Add(new HeadingBlock("Rentebetingelser og renterisiko"));
        blocks.Add(new ParagraphBlock($"Gjeldsporteføljen hadde en gjennomsnittsrente på {Number(d.WeightedAverageRatePct, 1)} prosent per {date}"
            + (prior?.AverageRatePct is { } pr ? $", {(Money.Round(d.WeightedAverageRatePct, 1) < Money.Round(pr, 1) ? "ned" : Money.Round(d.WeightedAverageRatePct, 1) > Money.Round(pr, 1) ? "opp" : "uendret")} fra {Number(pr, 1)} prosent året før." : ".")
            + " Gjennomsnittsrenten er vektet med lånenes saldo."));
        blocks.Add(new TableBlock(KeyFigures(d, sup)));
        blocks.AddRange(GreenBlocks(d, sup));
        blocks.AddRange(ServiceBlocks(d));
        return new ReportChapter("debt", "Gjeldsporteføljen", blocks);
    }

    /// <summary>The previous year end as the report shows it: the frozen snapshot of December the year before, else the register read at that date.</summary>
    private sealed record PriorEnd(LocalDate Date, int LoanCount, decimal TotalNok, IReadOnlyList<DebtLenderBalance> Lenders, decimal Refinancing12mNok,
        IReadOnlyList<DebtLenderBalance> Leases, decimal? AverageRatePct, string Source);

    private static PriorEnd? PriorYearEnd(ReportInput input, DebtSection d)
    {
        var end = new LocalDate(d.AsOf.Year - 1, 12, 31);
        if (input.YearBefore?.Debt is { } yb && yb.AsOf == end)
        {
            return new PriorEnd(end, yb.LoanCount, yb.TotalNok, yb.Lenders.Select(l => new DebtLenderBalance(l.Lender, l.BalanceNok)).ToList(),
                yb.Refinancing12mNok, yb.Leases, yb.WeightedAverageRatePct, "snapshot");
        }
        return d.PeriodEnds.FirstOrDefault(p => p.Date == end) is { } p
            ? new PriorEnd(end, p.LoanCount, p.TotalNok, p.Lenders, p.Refinancing12mNok, p.Leases, null, "register")
            : null;
    }

    private static List<string> KeyPoints(DebtSection d, PriorEnd? prior, SupplementSection? sup)
    {
        var points = new List<string>
        {
            $"Total lånegjeld: {Mnok(d.TotalNok)} mill. kroner per {Date(d.AsOf)}"
                + (prior is { LoanCount: > 0 } p ? $", {Mnok(Math.Abs(d.TotalNok - p.TotalNok))} mill. {(d.TotalNok >= p.TotalNok ? "mer" : "mindre")} enn ved forrige årsskifte." : "."),
        };
        if (Published.Debt(d, "new_borrowing_total") is { } nb)
        {
            points.Add($"Nye låneopptak {d.AsOf.Year}: {nb.Text} (publisert)");
        }
        if (d.RateExposedNok > 0m && sup.FixingSupported())
        {
            points.Add($"Gjennomsnittlig rentebindingstid: {Number(d.AverageFixingYears, 1)} år");
        }
        else if (Published.Debt(d, "interest_fixing_time") is { } ft)
        {
            points.Add($"Gjennomsnittlig rentebindingstid: {ft.Text} (publisert; {Published.NotComputed} fordi {sup.FixingReason()})");
        }
        if (d.Lenders.Count > 0)
        {
            points.Add($"Største långiver: {d.Lenders[0].Lender} ({Number(d.Lenders[0].SharePct, 0)} prosent)");
        }
        points.Add($"Refinansiering neste 12 måneder: {Mnok(d.Refinancing12mNok)} mill. ({Number(d.Refinancing12mPct, 0)} prosent)");
        points.Add($"Gjennomsnittsrente: {Pct(d.WeightedAverageRatePct)}");
        if (sup?.OnLending.FirstOrDefault(o => o.Period == LocalDatePattern(d.AsOf) && o.Item.StartsWith("note6: Totale utlån", StringComparison.Ordinal)) is { } ut)
        {
            points.Add($"Totale utlån: {Mnok(ut.AmountNok)} mill.");
        }
        return points;
    }

    /// <summary>
    /// The register holds no loans at the period end: the debt figures are not computed, and Tabell 3.1's published
    /// columns (the previous year end and the period end) are shown with their source where loaded.
    /// </summary>
    private static IEnumerable<ReportBlock> PublishedOnly(ReportInput input)
    {
        var asOf = input.Snapshot.AsOf;
        yield return new NoticeBlock($"Gjeldstallene er {Published.NotComputed}: låneregisteret har ingen lån med saldo per {Date(asOf)}.");
        var sup = input.Snapshot.Supplement;
        var dates = new[] { new LocalDate(asOf.Year - 1, 12, 31), asOf }.Where(x => sup.Cells("Tabell 3.1", LocalDatePattern(x)).Any()).ToList();
        if (dates.Count == 0)
        {
            yield break;
        }
        var rows = sup.Cells("Tabell 3.1", LocalDatePattern(dates[^1])).Select(c => c.RowKey)
            .Select(r => new ReportRow(r, dates.Select(x => (object?)sup.Cell("Tabell 3.1", r, LocalDatePattern(x))?.Value).ToList(), r == "Sum innlån")).ToList();
        yield return new TableBlock(new ReportTable("Tabell 3.1", "Utviklingen i kommunens lånegjeld fordelt per motpart (publiserte tall)", "Lånegjeld per motpart (mill. kr)",
            dates.Select(x => new ReportColumn(Key(x), Date(x), CellKind.Nok)).ToList(), rows,
            "De publiserte tallene fra årsrapport 2025 (tabell 3.1, linje 1757–1766), ikke beregnet av systemet."));
    }

    /// <summary>Where the printed lender shares differ from the shares of the balances (L1733 vs note 9), both and why.</summary>
    private static string LenderShareFootnote(DebtSection d)
    {
        decimal Share(params string[] lenders) => d.Lenders.Where(l => lenders.Contains(l.Lender)).Sum(l => l.SharePct);
        var pairs = new (string Metric, string Name, decimal Computed)[]
        {
            ("lender_share_kommunalbanken", "Kommunalbanken", Share("Kommunalbanken")),
            ("lender_share_husbanken", "Husbanken", Share("Husbanken")),
            ("lender_share_bond_and_certificate_market", "obligasjons- og sertifikatmarkedet", Share("Obligasjonslån", "Sertifikatlån")),
        };
        var differ = pairs.Select(p => (p.Name, p.Computed, Published: Published.Debt(d, p.Metric)))
            .Where(p => p.Published is { } x && Money.Round(p.Computed, 0) != x.Value).ToList();
        return differ.Count == 0 ? "" : " Avvik fra den trykte rapporten: den oppgir " + string.Join(", ", differ.Select(p => $"{p.Name} {p.Published!.Value.Text}"))
            + " (linje 1733); av saldoene per långiver blir andelene " + string.Join(", ", differ.Select(p => $"{Number(p.Computed, 1)} prosent")) + ".";
    }

    private static string LocalDatePattern(LocalDate d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The year's new and refinanced loans as the published report lists them (the register holds no loan history for the year).</summary>
    private static IEnumerable<ReportBlock> NewLoans(DebtSection d)
    {
        var items = d.Reported.Where(r => r.Metric.StartsWith("new_borrowing: ", StringComparison.Ordinal) || r.Metric.StartsWith("refinanced: ", StringComparison.Ordinal)).ToList();
        if (items.Count == 0)
        {
            yield break;
        }
        static decimal V(DebtReportedFigure r) => decimal.Parse(r.Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var rows = items.Select(r => new ReportRow(r.Metric[(r.Metric.IndexOf(": ", StringComparison.Ordinal) + 2)..],
            [r.Metric.StartsWith("new", StringComparison.Ordinal) ? "Nytt lån" : "Refinansiert", V(r)])).ToList();
        var repaid = Published.Debt(d, "repayments_loans");
        var text = (Published.Debt(d, "new_borrowing_total") is { } total ? $"Nye låneopptak utgjorde {total.Text}" : "Årets nye låneopptak er listet under")
            + (repaid is { } rp ? $", og det ble betalt {rp.Text} i avdrag på lån" : "")
            + (Published.Debt(d, "repayments_finance_leases") is { } lp ? $" og {lp.Text} på finansielle leieavtaler" : "") + ".";
        yield return new HeadingBlock($"Årets nye låneopptak og refinansierte lån {d.AsOf.Year}");
        yield return new ParagraphBlock(text);
        yield return new TableBlock(new ReportTable("Nye lån", $"Nye låneopptak og refinansierte lån {d.AsOf.Year}", "Lån",
            [new("kind", "Type", CellKind.Text), new("amountNok", "Beløp (mill. kr)", CellKind.Nok)], rows,
            "Publiserte tall (årsrapport 2025, linje 1737–1750): låneregisteret har bare saldoene per årsslutt, ikke lånehistorikken gjennom året."));
    }

    /// <summary>Utlån: the on-lending figures of the accounts (Note 6, the balance sheet, the memo accounts), this year and last.</summary>
    private static IEnumerable<ReportBlock> OnLendingBlocks(DebtSection d, SupplementSection? sup)
    {
        if (sup is null || sup.OnLending.Count == 0)
        {
            yield break;
        }
        var now = LocalDatePattern(d.AsOf);
        var before = LocalDatePattern(new LocalDate(d.AsOf.Year - 1, 12, 31));
        decimal? F(string period, string prefix) => sup.OnLending.FirstOrDefault(o => o.Period == period && o.Item.StartsWith(prefix, StringComparison.Ordinal))?.AmountNok;
        var total = F(now, "note6: Totale utlån");
        var totalBefore = F(before, "balance: Utlån total");
        var husbank = F(now, "balance: Startlån v/Husbank");
        var husbankBefore = F(before, "balance: Startlån v/Husbank");
        var unused = F(now, "memo: Ubrukte lånemidler Startlån");
        var unusedBefore = F(before, "memo: Ubrukte lånemidler Startlån");
        var collection = F(now, "balance: Inkassoovervåkning");
        var collectionBefore = F(before, "balance: Inkassoovervåkning");
        var own = total is { } t && husbank is { } h ? t - h : (decimal?)null;
        var ownBefore = totalBefore is { } tb && husbankBefore is { } hb ? tb - hb : (decimal?)null;
        if (total is null)
        {
            yield break;
        }
        static object? Change(decimal? a, decimal? b) => a is { } x && b is { } y ? x - y : null;
        yield return new HeadingBlock("Utlån");
        yield return new ParagraphBlock($"Totale utlån utgjorde {Mnok(total.Value)} mill. per {Date(d.AsOf)}"
            + (totalBefore is { } tb2 ? $", {Mnok(Math.Abs(total.Value - tb2))} mill. {(total.Value >= tb2 ? "mer" : "mindre")} enn i {d.AsOf.Year - 1}" : "") + ". "
            + (husbank is { } h2 ? $"Videreformidlede husbanklån utgjorde {Mnok(h2)} mill." + (husbankBefore is { } hb2 ? $", {Mnok(Math.Abs(h2 - hb2))} mill. {(h2 >= hb2 ? "mer" : "mindre")} enn i {d.AsOf.Year - 1}." : "") : "")
            + (unused is { } u ? $" Det gjensto {Mnok(u)} mill. i ubenyttede lånemidler til videreformidling." : ""));
        var rows = new List<ReportRow>
        {
            new("Totale utlån", [totalBefore, total, Change(total, totalBefore)], true),
            new("Videreformidlede husbanklån (startlån)", [husbankBefore, husbank, Change(husbank, husbankBefore)]),
            new("Utlån av egne midler og øvrige utlån", [ownBefore, own, Change(own, ownBefore)]),
            new("Utlån under inkassoovervåking", [collectionBefore, collection, Change(collection, collectionBefore)]),
            new("Ubenyttede lånemidler til videreformidling", [unusedBefore, unused, Change(unused, unusedBefore)]),
        };
        var year = d.AsOf.Year.ToString(CultureInfo.InvariantCulture);
        var paid = F(year, "text: utbetalt lån");
        var grants = F(year, "text: utbetalt husbanktilskudd");
        var redeemed = F(year, "text: innfridde lån og tilskudd");
        var arrears = F(now, "text: restanser");
        var report = new List<string>();
        if (paid is { } p1)
        {
            report.Add($"Det ble utbetalt {Mnok(p1)} mill. i lån" + (grants is { } g ? $" og {Mnok(g)} mill. i husbanktilskudd til brukere" : ""));
        }
        if (redeemed is { } r1)
        {
            report.Add($"Innfridde lån og tilskudd fra brukere utgjorde {Mnok(r1)} mill.");
        }
        if (arrears is { } a1)
        {
            report.Add($"Utestående restanser utgjorde {Mnok(a1, 1)} mill.");
        }
        if (report.Count > 0)
        {
            yield return new ParagraphBlock("Utlånsrapporten for året viser (publiserte tall, årsrapport 2025, linje 1778–1780):");
            yield return new BulletsBlock(report);
        }
        yield return new TableBlock(new ReportTable("Utlån", $"Utlån per {Date(d.AsOf)} sammenlignet med året før", "Utlån (mill. kr)",
            [new("priorNok", Date(new LocalDate(d.AsOf.Year - 1, 12, 31)), CellKind.Nok, 1), new("currentNok", Date(d.AsOf), CellKind.Nok, 1), new("changeNok", "Endring", CellKind.Nok, 1)],
            rows, "Fra regnskapet (note 6 Utlån, balansen og memoriakontiene; årsrapport 2025, linje 5808, 5859, 6216–6217, 6777, 7029–7035). Egne midler = totale utlån − videreformidlede husbanklån."));
    }

    private static string Key(LocalDate date) => $"d{date:yyyyMMdd}Nok";

    /// <summary>The columns of Tabell 3.1: the previous year end (frozen or from the register), the period ends of the year, and the change.</summary>
    private static (List<ReportColumn> Columns, List<(LocalDate Date, int Count, Func<string, decimal?> Lender, decimal? Total, decimal? Refinancing, Func<string, decimal?> Lease)> Data)
        Columns(DebtSection d, PriorEnd? prior)
    {
        var data = new List<(LocalDate, int, Func<string, decimal?>, decimal?, decimal?, Func<string, decimal?>)>();
        var end = new LocalDate(d.AsOf.Year - 1, 12, 31);
        if (prior is not null)
        {
            data.Add((end, prior.LoanCount, l => prior.LoanCount == 0 ? null : prior.Lenders.FirstOrDefault(x => x.Lender == l)?.BalanceNok ?? 0m,
                prior.LoanCount == 0 ? null : prior.TotalNok, prior.LoanCount == 0 ? null : prior.Refinancing12mNok,
                l => prior.Leases.FirstOrDefault(x => x.Lender == l)?.BalanceNok));
        }
        foreach (var p in d.PeriodEnds.Where(p => p.Date != end))
        {
            data.Add((p.Date, p.LoanCount, l => p.LoanCount == 0 ? null : p.Lenders.FirstOrDefault(x => x.Lender == l)?.BalanceNok ?? 0m,
                p.LoanCount == 0 ? null : p.TotalNok, p.LoanCount == 0 ? null : p.Refinancing12mNok,
                l => p.Leases.FirstOrDefault(x => x.Lender == l)?.BalanceNok));
        }
        var columns = data.Select(x => new ReportColumn(Key(x.Item1), Date(x.Item1), CellKind.Nok)).ToList();
        columns.Add(new ReportColumn("changeNok", $"Endring {d.AsOf.Year}", CellKind.Nok));
        return (columns, data);
    }

    private static ReportTable PerLender(DebtSection d, PriorEnd? prior, SupplementSection? sup)
    {
        var (columns, data) = Columns(d, prior);
        var first = data[0];
        var last = data[^1];
        List<object?> Cells(Func<(LocalDate Date, int Count, Func<string, decimal?> Lender, decimal? Total, decimal? Refinancing, Func<string, decimal?> Lease), decimal?> value)
        {
            var cells = data.Select(x => (object?)value(x)).ToList();
            cells.Add(value(first) is { } a && value(last) is { } b && first.Date != last.Date ? b - a : null);
            return cells;
        }
        // A column the register cannot fill (no balances then) shows the published figures, marked as such in the note.
        var filled = new List<string>();
        for (var i = 0; i < data.Count; i++)
        {
            var x = data[i];
            if (x.Count > 0 || sup is null)
            {
                continue;
            }
            var cells = sup.Cells("Tabell 3.1", LocalDatePattern(x.Date)).ToList();
            if (cells.Count == 0)
            {
                continue;
            }
            Func<string, decimal?> lender = l => cells.FirstOrDefault(c => c.RowKey == l)?.Value;
            data[i] = (x.Date, -1, lender, cells.FirstOrDefault(c => c.RowKey == "Sum innlån")?.Value, cells.FirstOrDefault(c => c.RowKey == "Hvorav refinansiering <1 år")?.Value, x.Lease);
            filled.Add(Date(x.Date));
            first = data[0];
            last = data[^1];
        }
        var lenders = d.Lenders.Select(l => l.Lender)
            .Concat(d.PeriodEnds.SelectMany(p => p.Lenders.Select(l => l.Lender)))
            .Concat(prior?.Lenders.Select(l => l.Lender) ?? [])
            .Distinct(StringComparer.Ordinal).ToList();
        var rows = lenders.Select(l => new ReportRow(l, Cells(x => x.Lender(l)))).ToList();
        rows.Add(new ReportRow("Sum innlån", Cells(x => x.Total), true));
        rows.Add(new ReportRow("Hvorav refinansiering <1 år", Cells(x => x.Refinancing)));
        var empty = data.Where(x => x.Count == 0).Select(x => Date(x.Date)).ToList();
        var note = "Hver låneavtale med siste registrerte saldo på eller før datoen; finansiell leie er holdt utenom."
            + (prior?.Source == "snapshot" ? $" {Date(prior.Date)} er fra det frosne øyeblikksbildet året før." : "")
            + (filled.Count > 0 ? $" Låneregisteret har ingen saldoer per {string.Join(", ", filled)}: kolonnene er de publiserte tallene (årsrapport 2025, tabell 3.1, linje 1757–1763; 31.12.2024 eksakt fra note 9)." : "")
            + (empty.Count > 0 ? $" Låneregisteret har ingen saldoer per {string.Join(", ", empty)}: kolonnen er tom." : "");
        return new ReportTable("Tabell 3.1", "Utviklingen i kommunens lånegjeld gjennom året fordelt per motpart", "Lånegjeld per motpart (mill. kr)", columns, rows, note);
    }

    private static ReportTable Leases(DebtSection d, PriorEnd? prior)
    {
        var (columns, data) = Columns(d, prior);
        var names = d.PeriodEnds.SelectMany(p => p.Leases.Select(l => l.Lender)).Concat(prior?.Leases.Select(l => l.Lender) ?? []).Distinct(StringComparer.Ordinal);
        var rows = names.Select(n =>
        {
            var cells = data.Select(x => (object?)x.Lease(n)).ToList();
            cells.Add(data[0].Lease(n) is { } a && data[^1].Lease(n) is { } b && data.Count > 1 ? b - a : null);
            return new ReportRow(n, cells);
        }).ToList();
        return new ReportTable("Tabell 3.1 leie", "Finansiell leie (OPS), holdt utenom innlånene", "Finansiell leie (mill. kr)", columns, rows);
    }

    private static ReportTable Lenders(DebtSection d)
    {
        var rows = d.Lenders.Select(l => new ReportRow(l.Lender, [l.BalanceNok, l.SharePct, l.AverageRatePct, l.Loans.ToString(CultureInfo.InvariantCulture)])).ToList();
        rows.Add(new ReportRow("Sum innlån", [d.TotalNok, 100m, d.WeightedAverageRatePct, d.LoanCount.ToString(CultureInfo.InvariantCulture)], true));
        return new ReportTable("Långivere", $"Innlån per långiver per {Date(d.AsOf)}: andel og gjennomsnittsrente (vektet med saldo)", "Långiver",
        [
            new("balanceNok", "Saldo (mill. kr)", CellKind.Nok),
            new("sharePct", "Andel", CellKind.Pct, 1),
            new("averageRatePct", "Gjennomsnittsrente", CellKind.Pct, 2),
            new("loans", "Antall lån", CellKind.Text),
        ], rows);
    }

    private static ReportBlock FixingText(DebtSection d, SupplementSection? sup)
    {
        if (d.RateExposedNok == 0m)
        {
            return new NoticeBlock("Alle lån er holdt utenom det renteeksponerte grunnlaget; fastrenteandel og rentebindingstid kan ikke beregnes.");
        }
        var excluded = sup?.DebtCoverage is { VarLoans: 0, RateCompensatedLoans: 0 }
            ? "Formidlingslån og leieavtaler holdes utenom beregningsgrunnlaget. Låneregisteret skiller ikke ut VAR-lån og rentekompensasjonslån, som den publiserte rapporten også holder utenom; de er derfor med i grunnlaget"
            : "Lån uten vesentlig renterisiko (formidlingslån, VAR-lån, rentekompensasjonslån og leieavtaler, slik de er merket i låneregisteret) holdes utenom beregningsgrunnlaget";
        if (!sup.FixingSupported())
        {
            var ft = Published.Debt(d, "interest_fixing_time");
            var fs = Published.Debt(d, "fixed_rate_share");
            return new ParagraphBlock($"Rentebindingstid og fastrenteandel er {Published.NotComputed}: {sup.FixingReason()}, så systemet kan ikke vite når renten på disse lånene reguleres. "
                + (ft is { } f ? $"Den publiserte rapporten oppgir en rentebindingstid på {f.Text}" : "Det er ikke lastet inn noen publisert rentebindingstid")
                + (fs is { } x ? $" og en fastrenteandel på {x.Text} (årsrapport 2025, linje 1787–1789)" : "") + $". {excluded} ({Mnok(d.RateExposedNok)} mill.).");
        }
        var fixingBand = d.FixingYearsBand is { Min: { } fmin, Max: { } fmax }
            ? $", {(d.FixingYearsBand.Within == true ? "innenfor" : "utenfor")} rammen i finansreglementet ({Number(fmin, 0)}–{Number(fmax, 0)} år)"
            : "";
        var band = d.FixedShareBand is { Min: { } min, Max: { } max }
            ? $", {(d.FixedShareBand.Within == true ? "i tråd med" : "utenfor")} kravet om en sikringsgrad på {Number(min, 0)}–{Number(max, 0)} prosent"
            : "";
        return new ParagraphBlock($"Rentebindingstiden var {Number(d.AverageFixingYears, 1)} år{fixingBand}. {excluded} ({Mnok(d.RateExposedNok)} mill.). "
            + $"Fastrenteandelen (rentebinding ett år eller mer) var {Number(d.FixedSharePct, 0)} prosent og flytende rente {Number(100m - d.FixedSharePct, 0)} prosent{band}.");
    }

    /// <summary>Figur 3.1 from the published shares (this year and last) when the register cannot compute it.</summary>
    private static IEnumerable<ReportBlock> PublishedFixing(DebtSection d, SupplementSection? sup)
    {
        var now = sup.Cells("Figur 3.1", LocalDatePattern(d.AsOf)).ToList();
        var before = sup.Cells("Figur 3.1", LocalDatePattern(new LocalDate(d.AsOf.Year - 1, 12, 31))).ToList();
        if (now.Count == 0 && before.Count == 0)
        {
            yield return new NoticeBlock($"Figur 3.1 (lån fordelt etter rentebindingstid) er {Published.NotComputed}: {sup.FixingReason()}, og ingen publisert fordeling er lastet inn.");
            yield break;
        }
        var labels = BucketNames.Values.ToList();
        var series = new List<ChartSeries> { new(d.AsOf.Year.ToString(CultureInfo.InvariantCulture), InvestmentColor, labels.Select(l => now.FirstOrDefault(c => c.RowKey == l)?.Value).ToList()) };
        if (before.Count > 0)
        {
            series.Add(new ChartSeries((d.AsOf.Year - 1).ToString(CultureInfo.InvariantCulture), PriorColor, labels.Select(l => before.FirstOrDefault(c => c.RowKey == l)?.Value).ToList()));
        }
        yield return new FigureBlock("Figur 3.1", $"Lån fordelt etter rentebindingstid per 31.12 (publiserte andeler)", SvgChart.Draw("Lån fordelt etter rentebindingstid", labels, series, [], "prosent"));
        var rows = labels.Select(l => new ReportRow(l, [now.FirstOrDefault(c => c.RowKey == l)?.Value, before.FirstOrDefault(c => c.RowKey == l)?.Value])).ToList();
        yield return new TableBlock(new ReportTable("Figur 3.1", "Lån fordelt etter rentebindingstid", "Rentebindingstid",
            [new("sharePct", d.AsOf.Year.ToString(CultureInfo.InvariantCulture), CellKind.Pct, 0), new("sharePriorPct", (d.AsOf.Year - 1).ToString(CultureInfo.InvariantCulture), CellKind.Pct, 0)],
            rows, $"Publiserte andeler (årsrapport 2025, linje 1798–1803). Systemets egen fordeling er {Published.NotComputed}: {sup.FixingReason()}."));
    }

    private static IEnumerable<ReportBlock> ComputedFixing(DebtSection d, ReportInput input, string date, SupplementSection? sup)
    {
        var priorFixing = input.YearBefore?.Debt?.FixingBuckets;
        var fixingBars = new List<ChartSeries> { new(d.AsOf.Year.ToString(CultureInfo.InvariantCulture), InvestmentColor, d.FixingBuckets.Select(b => (decimal?)b.SharePct).ToList()) };
        if (priorFixing is not null)
        {
            fixingBars.Add(new ChartSeries(input.YearBefore!.AsOf.Year.ToString(CultureInfo.InvariantCulture), PriorColor,
                d.FixingBuckets.Select(b => priorFixing.FirstOrDefault(p => p.Bucket == b.Bucket)?.SharePct).ToList()));
        }
        else if (sup.Cells("Figur 3.1", LocalDatePattern(new LocalDate(d.AsOf.Year - 1, 12, 31))).ToList() is { Count: > 0 } pub)
        {
            fixingBars.Add(new ChartSeries($"{d.AsOf.Year - 1} (publisert)", PriorColor, d.FixingBuckets.Select(b => pub.FirstOrDefault(c => c.RowKey == BucketNames[b.Bucket])?.Value).ToList()));
        }
        yield return new FigureBlock("Figur 3.1", $"Lån fordelt etter rentebindingstid per {date} (prosent av renteeksponert gjeld)",
            SvgChart.Draw("Lån fordelt etter rentebindingstid", d.FixingBuckets.Select(b => BucketNames[b.Bucket]).ToList(), fixingBars, [], "prosent"));
        yield return new TableBlock(Fixing(d, input.YearBefore?.Debt));
    }

    private static ReportTable Fixing(DebtSection d, DebtSection? before)
    {
        var columns = new List<ReportColumn>
        {
            new("amountNok", $"Beløp {Date(d.AsOf)} (mill. kr)", CellKind.Nok),
            new("sharePct", d.AsOf.Year.ToString(CultureInfo.InvariantCulture), CellKind.Pct, 0),
        };
        if (before is not null)
        {
            columns.Add(new ReportColumn("sharePriorPct", before.AsOf.Year.ToString(CultureInfo.InvariantCulture), CellKind.Pct, 0));
        }
        var rows = d.FixingBuckets.Select(b =>
        {
            var cells = new List<object?> { b.TotalNok, b.SharePct };
            if (before is not null)
            {
                cells.Add(before.FixingBuckets.FirstOrDefault(p => p.Bucket == b.Bucket)?.SharePct);
            }
            return new ReportRow(BucketNames[b.Bucket], cells);
        }).ToList();
        var total = new List<object?> { d.RateExposedNok, d.FixingBuckets.Sum(b => b.SharePct) };
        if (before is not null)
        {
            total.Add(before.FixingBuckets.Sum(b => b.SharePct));
        }
        rows.Add(new ReportRow("Renteeksponert gjeld", total, true));
        return new ReportTable("Figur 3.1", "Lån fordelt etter rentebindingstid", "Rentebindingstid", columns, rows,
            "Flytende lån binder renten til neste regulering, fastrentelån til fastrenteperiodens slutt; år = dager/365.");
    }

    private static ReportBlock RefinancingText(DebtSection d)
    {
        var limit = d.Refinancing12mLimit.Max is { } max
            ? $", {(d.Refinancing12mLimit.Within != true ? "over" : d.Refinancing12mPct <= max / 2m ? "godt innenfor" : "innenfor")} øvre ramme i finansreglementet ({Number(max, 0)} prosent)"
            : "";
        var over10 = d.MaturityBuckets.FirstOrDefault(b => b.Bucket == "10+");
        return new ParagraphBlock(
            (over10 is not null ? $"{Number(over10.InvestmentPct + over10.OnLendingPct, 0)} prosent av lånene har en løpetid over 10 år. " : "")
            + $"Sertifikat- og obligasjonslån og andre avdragsfrie lån utgjør {Number(d.BulletSharePct, 0)} prosent av porteføljen ({Mnok(d.BulletNok)} mill.). Denne delen skal refinansieres ved forfall. "
            + $"{Mnok(d.Refinancing12mNok)} mill. kroner, {Number(d.Refinancing12mPct, 0)} prosent av låneporteføljen, forfaller til refinansiering innen 12 måneder{limit}.");
    }

    private static ReportTable Maturity(DebtSection d)
    {
        var rows = d.MaturityBuckets.Select(b => new ReportRow(BucketNames[b.Bucket], [b.InvestmentNok, b.OnLendingNok, b.TotalNok, b.InvestmentPct, b.OnLendingPct])).ToList();
        rows.Add(new ReportRow("Sum", [d.InvestmentNok, d.OnLendingNok, d.TotalNok, d.MaturityBuckets.Sum(b => b.InvestmentPct), d.MaturityBuckets.Sum(b => b.OnLendingPct)], true));
        return new ReportTable("Figur 3.2", "Lånenes løpetid til endelig forfall", "Lånenes løpetid til endelig forfall",
        [
            new("investmentNok", "Investeringslån (mill. kr)", CellKind.Nok),
            new("onLendingNok", "Formidlingslån (mill. kr)", CellKind.Nok),
            new("totalNok", "Sum (mill. kr)", CellKind.Nok),
            new("investmentPct", "Investeringslån", CellKind.Pct, 0),
            new("onLendingPct", "Formidlingslån", CellKind.Pct, 0),
        ], rows, "Andeler av samlet gjeld; år = dager/365 fra datoen, nedre grense inkludert.");
    }

    private static ReportTable KeyFigures(DebtSection d, SupplementSection? sup)
    {
        string? Shown(string metric, string unit) => d.Reported.FirstOrDefault(r => r.Metric == metric) is { } r
            && decimal.TryParse(r.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? unit switch { "pct" => Pct(v, v == decimal.Truncate(v) ? 0 : 1), "years" => Number(v, 1) + " år", _ => Mnok(v) + " mill." }
            : null;
        static string? Range(DebtBand b, string unit) => (b.Min, b.Max) switch
        {
            ({ } lo, { } hi) => $"{Number(lo, 0)}–{Number(hi, 0)} {unit}",
            (null, { } hi) => $"maks. {Number(hi, 0)} {unit}",
            ({ } lo, null) => $"min. {Number(lo, 0)} {unit}",
            _ => null,
        };
        var fixing = sup.FixingSupported();
        var green = sup?.DebtCoverage is { GreenLoans: > 0 };
        var rows = new List<ReportRow>
        {
            new("Sum innlån", [d.TotalNok, null, null, null, Shown("total_borrowing_text", "NOK")], true),
            new("Gjennomsnittsrente (vektet med saldo)", [null, d.WeightedAverageRatePct, null, null, Shown("average_rate_total", "pct")]),
            new("Refinansiering innen 12 måneder", [d.Refinancing12mNok, d.Refinancing12mPct, null, Range(d.Refinancing12mLimit, "%"), Shown("refinancing_next_12m_share", "pct")]),
            new("Renteeksponert grunnlag", [d.RateExposedNok, null, null, null, null]),
            fixing
                ? new("Fastrenteandel (sikringsgrad)", [d.FixedNok, d.FixedSharePct, null, Range(d.FixedShareBand, "%"), Shown("fixed_rate_share", "pct")])
                : new("Fastrenteandel (sikringsgrad), " + Published.NotComputed, [null, null, null, Range(d.FixedShareBand, "%"), Shown("fixed_rate_share", "pct")]),
            fixing
                ? new("Rentebindingstid", [null, null, d.AverageFixingYears, Range(d.FixingYearsBand, "år"), Shown("interest_fixing_time", "years")])
                : new("Rentebindingstid, " + Published.NotComputed, [null, null, null, Range(d.FixingYearsBand, "år"), Shown("interest_fixing_time", "years")]),
            new("Avdragsfrie lån", [d.BulletNok, d.BulletSharePct, null, null, Shown("non_amortising_share", "pct")]),
            green
                ? new("Grønne lån", [d.GreenNok, d.GreenSharePct, null, null, Shown("green_loans_share", "pct")])
                : new("Grønne lån, " + Published.NotComputed, [null, null, null, null, Shown("green_loans_share", "pct")]),
            new("Rente regulert innen 12 måneder (stresstestens grunnlag)", [d.FloatingWithin12mNok, null, null, null, null]),
            new("Finansiell leie (holdt utenom)", [d.LeasesNok, null, null, null, null]),
        };
        return new ReportTable("Nøkkeltall gjeld", $"Nøkkeltall for gjeldsporteføljen per {Date(d.AsOf)} mot finansreglementets rammer", "Nøkkeltall",
        [
            new("amountNok", "Beløp (mill. kr)", CellKind.Nok),
            new("sharePct", "Andel", CellKind.Pct, 1),
            new("valueYears", "År", CellKind.Years, 1),
            new("limit", "Ramme", CellKind.Text),
            new("published", "Publisert", CellKind.Text),
        ], rows, "Andeler av samlet innlån; fastrenteandelen av det renteeksponerte grunnlaget. «Publisert» er tallet i den publiserte rapporten der det er lastet inn (årsrapport 2025). "
            + (fixing ? "" : $"Fastrenteandel og rentebindingstid er {Published.NotComputed}: {sup.FixingReason()}. ")
            + (green ? "" : $"Grønne lån er {Published.NotComputed}: ingen lån er merket som grønne i låneregisteret."));
    }

    /// <summary>Green loans: computed from the loans flagged green, or the published figure with its source when none is flagged.</summary>
    private static IEnumerable<ReportBlock> GreenBlocks(DebtSection d, SupplementSection? sup)
    {
        if (sup?.DebtCoverage is { GreenLoans: > 0 })
        {
            yield return new ParagraphBlock($"Grønne lån utgjorde {Mnok(d.GreenNok)} mill. ({Number(d.GreenSharePct, 0)} prosent av innlånene) per {Date(d.AsOf)}.");
            yield break;
        }
        if (Published.Debt(d, "green_loans") is { } g)
        {
            var share = Published.Debt(d, "green_loans_share");
            yield return new ParagraphBlock($"Grønne lån utgjorde {g.Text}" + (share is { } x ? $" ({x.Text} av innlånene)" : "")
                + $" per {Date(d.AsOf)} ifølge den publiserte rapporten (årsrapport 2025, linje 1752). Tallet er {Published.NotComputed} av systemet: ingen lån er merket som grønne i låneregisteret.");
        }
    }

    private static IEnumerable<ReportBlock> ServiceBlocks(DebtSection d)
    {
        var s = d.Service;
        var rows = s.Years.Select(y => new ReportRow($"{Date(y.From.PlusDays(1))}–{Date(y.To)}", [y.InterestNok, y.InstalmentsNok, y.TotalNok, y.MaturitiesNok])).ToList();
        rows.Add(new ReportRow("Sum fire år", [s.Years.Sum(y => y.InterestNok), s.Years.Sum(y => y.InstalmentsNok), s.Total4yNok, s.Years.Sum(y => y.MaturitiesNok)], true));
        yield return new TableBlock(new ReportTable("Renter og avdrag", "Framskrevne renter og avdrag på innlånene (gjeldende renter)", "Periode",
        [
            new("interestNok", "Renter (mill. kr)", CellKind.Nok),
            new("instalmentsNok", "Avdrag (mill. kr)", CellKind.Nok),
            new("totalNok", "Renter og avdrag (mill. kr)", CellKind.Nok),
            new("maturitiesNok", "Forfall til refinansiering (mill. kr)", CellKind.Nok),
        ], rows, "Renter dag/365 av utestående saldo; avdrag etter lånenes avdragsplan; avdragsfrie lån refinansieres ved forfall til samme rente. Leieavtaler er ikke med."));
        var shocks = s.Sensitivity.Select(x => $"{Number(x.ShockPct, 0)} prosentpoeng gir {Mnok(x.ExtraInterest12mNok)} mill. (over fire år {Mnok(x.ExtraInterest4yNok)} mill.)").ToList();
        yield return new ParagraphBlock($"Med dagens renter er renter og avdrag de neste 12 månedene beregnet til {Mnok(s.Next12m.TotalNok)} mill. kroner ({Mnok(s.Next12m.InterestNok)} mill. renter og {Mnok(s.Next12m.InstalmentsNok)} mill. avdrag). "
            + (shocks.Count > 0 ? $"En renteøkning fra lånenes neste renteregulering på {string.Join(", og ", shocks)} i økte rentekostnader de neste 12 månedene." : ""));
    }
}
