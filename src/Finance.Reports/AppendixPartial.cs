using Finance.Core.Common;
using Finance.Reports.Snapshots;
using static Finance.Reports.Norwegian;

namespace Finance.Reports;

/// <summary>Appendices of the fund (Vedlegg 1, 4 and 5a–5e): risk key figures, the funds used, monthly values, income, weights, returns, history since 2000.</summary>
public sealed class AppendixPartial : IReportPartial
{
    public ReportChapter Chapter(ReportInput input)
    {
        var f = input.Snapshot.Fund;
        if (f is null)
        {
            return new ReportChapter("appendix", "Vedlegg forvaltningsfondet", [new NoticeBlock("Ingen fondsdata for perioden.")]);
        }
        var asOf = Date(f.ValuationDate);
        var blocks = new List<ReportBlock>
        {
            new HeadingBlock("Vedlegg 1. Risiko"),
            new TableBlock(new ReportTable("Vedlegg 1", $"Nøkkeltall for risiko i forvaltningsfondets portefølje per {asOf}", "Risiko-nøkkeltall for forvaltningsfondet",
                [new("valuePct", $"Status {asOf} (%)", CellKind.Pct, 1), new("valueYears", $"Status {asOf} (år)", CellKind.Years, 1), new("comment", "Kommentar", CellKind.Text)],
                [
                    new("Standardavvik portefølje (36 mnd.)", [f.Risk.StdDev36mPct, null, f.Risk.StdDev36mPct is null ? NotComputed(input, "Standardavvik portefølje (36 mnd.)", $"krever 36 måneder; {f.Risk.MonthsAvailable} i systemet") : null]),
                    new("Standardavvik globale aksjer (MSCI ACWI)", [null, null, NotComputed(input, "Standardavvik globale aksjer (MSCI ACWI)", "indeksens månedstall finnes ikke i systemet")]),
                    new("Relativ risiko portefølje (tracking error, 36 mnd.)", [f.Risk.TrackingError36mPct, null, f.Risk.TrackingError36mPct is null ? NotComputed(input, "Relativ risiko portefølje (tracking error 36 mnd.)", "krever 36 måneder med referanseindeks") : null]),
                    new("Obligasjonenes rentedurasjon", [null, f.Risk.InterestDurationYears, Limit(f.Risk.InterestDurationYears, f.Risk.InterestDurationMaxYears)]),
                    new("Obligasjonenes kredittdurasjon", [null, f.Risk.CreditDurationYears, Limit(f.Risk.CreditDurationYears, f.Risk.CreditDurationMaxYears)]),
                ])),
        };
        blocks.AddRange(EsgAppendix(input.Snapshot.Supplement?.Esg));
        blocks.AddRange(Accounts(input));
        blocks.AddRange(new ReportBlock[]
        {
            new HeadingBlock("Vedlegg 4. Benyttede fond"),
            new TableBlock(Placements(f)),
            new HeadingBlock("Vedlegg 5. Avkastning og siden oppstart"),
        });
        blocks.AddRange(Monthly(f, input).Select(t => new TableBlock(t)));
        blocks.Add(new TableBlock(History(f)));
        if (f.History.Years.Count > 0)
        {
            blocks.Add(new FigureBlock("Tilleggsfigur 3", "Akkumulert avkastning siden oppstart (prosent)",
                SvgChart.Draw("Akkumulert avkastning siden oppstart", f.History.Years.Select(y => y.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)[2..]).ToList(), [],
                    [new ChartSeries("Forvaltningsfondet", FundPartial.EquityColor, f.History.Years.Select(y => (decimal?)y.AccumulatedPct).ToList()),
                     new ChartSeries("Referanseindeks", FundPartial.BenchmarkColor, f.History.Years.Select(y => y.BenchmarkAccumulatedPct).ToList())], "prosent")));
        }
        return new ReportChapter("appendix", "Vedlegg forvaltningsfondet", blocks);
    }

    /// <summary>
    /// Vedlegg 3: the fund's audited accounts (result statement and balance sheet, this year and last), as published
    /// cells with their source — the accounts are the accountant's, not computed by the service.
    /// </summary>
    private static IEnumerable<ReportBlock> Accounts(ReportInput input)
    {
        var sup = input.Snapshot.Supplement;
        var asOf = input.Snapshot.AsOf;
        if (input.Period.Tertial is not null || sup is null)
        {
            yield break;
        }
        var year = asOf.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var prior = (asOf.Year - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var date = asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var priorDate = asOf.PlusYears(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var parts = new[]
        {
            ("Vedlegg 3", "Resultatregnskap", year, prior, "Resultatregnskap"),
            ("Vedlegg 3 eiendeler", "Balanse: eiendeler", date, priorDate, "Eiendeler"),
            ("Vedlegg 3 egenkapital og gjeld", "Balanse: egenkapital og gjeld", date, priorDate, "Egenkapital og gjeld"),
        };
        var any = false;
        foreach (var (id, title, now, before, header) in parts)
        {
            var lines = sup.Cells(id, now).ToList();
            if (lines.Count == 0)
            {
                continue;
            }
            if (!any)
            {
                yield return new HeadingBlock("Vedlegg 3. Årsregnskap for forvaltningsfondet");
                any = true;
            }
            var rows = lines.Select(l => new ReportRow(l.RowKey, [l.Value, sup.Cell(id, l.RowKey, before)?.Value],
                l.RowKey.StartsWith("Sum", StringComparison.OrdinalIgnoreCase) || l.RowKey.StartsWith("SUM", StringComparison.Ordinal) || l.RowKey == "Årsresultat")).ToList();
            yield return new TableBlock(new ReportTable(id, $"{title} {year}", header,
                [new("currentNok", Date(asOf.With(NodaTime.DateAdjusters.EndOfMonth)), CellKind.Nok, 1), new("priorNok", Date(asOf.PlusYears(-1)), CellKind.Nok, 1)], rows,
                $"Fondets reviderte årsregnskap (revisor BDO), publisert i årsrapport 2025 ({Published.Source(lines[0].Source)} ff.); beløp i mill. kr med full presisjon i den maskinlesbare utgaven."));
        }
    }

    /// <summary>Vedlegg 2: the ESG register per fund, last year's figure in brackets as the report prints it.</summary>
    private static IEnumerable<ReportBlock> EsgAppendix(EsgFigures? esg)
    {
        yield return new HeadingBlock("Vedlegg 2. Samfunnsansvar og bærekraft");
        if (esg is null)
        {
            yield return new NoticeBlock($"ESG-tallene per fond er {Published.NotComputed}: ESG-registeret har ingen tall for perioden.");
            yield break;
        }
        string? Cell(EsgPlacement p, Func<EsgPlacement, decimal?> value, int decimals)
        {
            var now = value(p);
            var before = esg.Prior.FirstOrDefault(x => x.PlacementId == p.PlacementId) is { } b ? value(b) : null;
            return now is null ? null : Number(now.Value, decimals) + (before is { } y ? $" ({Number(y, decimals)})" : "");
        }
        var rows = esg.Placements.OrderBy(p => p.AssetClass == "equities" ? 0 : 1).ThenBy(p => p.Name, StringComparer.Ordinal).Select(p => new ReportRow(p.Name,
        [
            Cell(p, x => x.CarbonIntensity, 0), Cell(p, x => x.TemperatureC, 1), Cell(p, x => x.ScienceBasedTargetsPct, 0), Cell(p, x => x.UngcOecdBreachPct, 0),
            Cell(p, x => x.FemaleBoardPct, 0), Cell(p, x => x.GenderPayGapPct, 0), Cell(p, x => x.ControversialWeaponsPct, 0), Cell(p, x => x.NoHumanRightsPolicyPct, 0),
            Cell(p, x => x.SfdrArticle, 0),
        ])).ToList();
        yield return new TableBlock(new ReportTable("Vedlegg 2", $"ESG-måleparametere for aksje- og obligasjonsfondene per {Date(esg.AsOf)}" + (esg.PriorAsOf is { } pa ? $". Tall per {Date(pa)} i parentes" : ""), "Fond",
        [
            new("carbonIntensity", "CO₂-utslipp per mill. euro investert", CellKind.Text),
            new("temperatureC", "Temperaturøkning (°C)", CellKind.Text),
            new("scienceBasedTargetsPct", "Andel med vitenskapsbaserte mål (SBT, %)", CellKind.Text),
            new("ungcOecdBreachPct", "Brudd på UN Global Compact og OECD (%)", CellKind.Text),
            new("femaleBoardPct", "Kvinnelige styremedlemmer (%)", CellKind.Text),
            new("genderPayGapPct", "Inntektsforskjell menn/kvinner (%)", CellKind.Text),
            new("controversialWeaponsPct", "Kontroversielle våpen (%)", CellKind.Text),
            new("noHumanRightsPolicyPct", "Uten retningslinjer for menneskerettigheter (%)", CellKind.Text),
            new("sfdrArticle", "Fondsklassifisering (SFDR-artikkel)", CellKind.Text),
        ], rows, "Kilde: ESG-registeret (MSCI ESG Manager via Formue Norge AS; for 2025 lastet fra årsrapport 2025, vedlegg 2, linje 1970–1989). Det er ikke full dekningsgrad på alle fondene."));
    }

    /// <summary>"Ikke beregnet: reason. Publisert 5,1 % (årsrapport 2025, linje …)" for a Vedlegg 1 figure the registers cannot give.</summary>
    private static string NotComputed(ReportInput input, string row, string reason) =>
        $"{char.ToUpperInvariant(Published.NotComputed[0])}{Published.NotComputed[1..]}: {reason}."
        + (input.Snapshot.Supplement.Cell("Vedlegg 1", row, input.Snapshot.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)) is { } c
            ? $" Publisert: {Published.WithSource(c)[..^1].Replace("(publisert, ", "(", StringComparison.Ordinal)})"
            : "");

    private static string? Limit(decimal? actual, decimal? max) =>
        actual is { } a && max is { } m ? $"{(a <= m ? "OK" : "Brudd")}, maks {Number(m, 0)} år" : null;

    private static ReportTable Placements(FundSection f)
    {
        var rows = new List<ReportRow>();
        foreach (var group in f.Placements.Where(p => p.AssetClass != "cash").GroupBy(p => p.AssetClass).OrderBy(g => g.Key == "bonds" ? 0 : 1))
        {
            rows.AddRange(group.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new ReportRow(p.Name, [p.MarketValueNok, p.SfdrArticle is { } a ? $"Artikkel {a}" : null])));
            rows.Add(new ReportRow(group.Key == "bonds" ? "Sum obligasjoner" : "Sum aksjer", [group.Sum(p => p.MarketValueNok), null], true));
        }
        return new ReportTable("Vedlegg 4", "Forvaltningsfondets fondsplasseringer", $"Fondsplasseringer {Date(f.ValuationDate)} (mill. kr)",
            [new("marketValueNok", "Markedsverdi", CellKind.Nok, 1), new("sfdr", "SFDR", CellKind.Text)], rows);
    }

    private static IEnumerable<ReportTable> Monthly(FundSection f, ReportInput input)
    {
        ReportColumn[] classes = [new("cashNok", "Bank", CellKind.Nok, 1), new("bondsNok", "Nordiske obligasjoner", CellKind.Nok, 1), new("equitiesNok", "Globale aksjer", CellKind.Nok, 1), new("totalNok", "Totalt", CellKind.Nok, 1)];
        var values = new List<ReportRow>();
        if (f.Opening is { } o)
        {
            values.Add(new ReportRow(Date(o.Date), [o.CashNok, o.BondsNok, o.EquitiesNok, o.TotalNok]));
        }
        values.AddRange(f.Months.Select(m => new ReportRow(MonthEnd(m), [m.CashNok, m.BondsNok, m.EquitiesNok, m.TotalNok])));
        yield return new ReportTable("Vedlegg 5a", "Forvaltningskapital per månedsslutt (mill. kr)", "Forvaltningskapital per månedsslutt", classes, values,
            "Totalt er summen av de uavrundede verdiene i registeret. " + (input.Period is { Year: 2025, Tertial: null }
                ? "Avvik fra den trykte rapporten: registeret har klasseverdiene slik de er trykt (avrundet til 0,1 mill.), så totalen avviker med 0,1 mill. fra den trykte, som er summert fra forvalternes uavrundede tall: 30.04 3 367,7 (trykt 3 367,6), 31.05 3 430,6 (3 430,7), 31.08 3 555,2 (3 555,1), 30.11 3 675,4 (3 675,3)."
                : ""));

        var income = f.Months.Select(m => new ReportRow(MonthEnd(m), [m.CashIncomeNok, m.BondsIncomeNok, m.EquitiesIncomeNok, m.IncomeNok])).ToList();
        income.Add(new ReportRow("Året totalt", [f.Ytd.CashIncomeNok, f.Ytd.BondsIncomeNok, f.Ytd.EquitiesIncomeNok, f.Ytd.IncomeNok], true));
        yield return new ReportTable("Vedlegg 5b", "Finansinntekter (mill. kr)", "Finansinntekter", classes, income,
            "Finansinntektene inkluderer endring i markedsverdi og forvaltningshonorarer slik det rapporteres fra forvalterne. " + FundPartial.PrintedDifferences(input)
                + (input.Period is { Year: 2025, Tertial: null } ? " Obligasjoner året: 125,1 (trykt 125,2)." : ""));

        ReportColumn[] weights = [new("cashPct", "Bank", CellKind.Pct, 1), new("bondsPct", "Nordiske obligasjoner", CellKind.Pct, 1), new("equitiesPct", "Globale aksjer", CellKind.Pct, 1), new("totalPct", "Totalt", CellKind.Pct, 1)];
        static object?[] Weights(decimal cash, decimal bonds, decimal equities, decimal total) => total == 0m
            ? [null, null, null, null]
            : [Rate.Share(cash, total).Percent, Rate.Share(bonds, total).Percent, Rate.Share(equities, total).Percent, 100m];
        var weightRows = new List<ReportRow>();
        if (f.Opening is { } op)
        {
            weightRows.Add(new ReportRow(Date(op.Date), Weights(op.CashNok, op.BondsNok, op.EquitiesNok, op.TotalNok)));
        }
        weightRows.AddRange(f.Months.Select(m => new ReportRow(MonthEnd(m), Weights(m.CashNok, m.BondsNok, m.EquitiesNok, m.TotalNok))));
        yield return new ReportTable("Vedlegg 5c", "Prosentvis fordeling av forvaltningskapital", "Prosentvis fordeling", weights, weightRows);

        var returns = f.Months.Select(m => new ReportRow(MonthEnd(m), [m.BondsPct, m.EquitiesPct, m.TotalPct, m.BenchmarkPct])).ToList();
        returns.Add(new ReportRow("Hittil i år", [f.Ytd.BondsPct, f.Ytd.EquitiesPct, f.Ytd.TotalPct, f.Ytd.BenchmarkPct], true));
        yield return new ReportTable("Vedlegg 5d", "Avkastning i prosent", "Avkastning i prosent",
            [new("bondsPct", "Nordiske obligasjoner", CellKind.Pct, 1), new("equitiesPct", "Globale aksjer", CellKind.Pct, 1), new("totalPct", "Totalt", CellKind.Pct, 1), new("benchmarkPct", "Syntetisk indeks", CellKind.Pct, 1)],
            returns, "Månedlig avkastning = finansinntekt / markedsverdi ved forrige månedsslutt; hittil i år kjedes uavrundet."
                + (input.Period is { Year: 2025, Tertial: null } ? " Avvik fra den trykte rapporten: obligasjonskolonnen er trykt med 0,4 % nesten hver måned og 5,5 % for året; beregnet fra verdier og inntekter blir året 6,1 %, som også tabell 1.3 viser." : ""));
    }

    private static ReportTable History(FundSection f)
    {
        var h = f.History;
        var rows = h.Years.Select(y => new ReportRow(y.PeriodYears < 1m ? $"{y.Year} ({Number(y.PeriodYears * 12m, 0)} mnd.)" : y.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [y.ReturnNok, y.ReturnPct, y.BenchmarkPct, y.AccumulatedPct, y.BenchmarkAccumulatedPct])).ToList();
        rows.Add(new ReportRow("Gjennomsnitt per år", [h.TotalReturnNok is { } t && h.TotalYears > 0 ? t / h.TotalYears : null, h.AverageAnnualPct, h.BenchmarkAverageAnnualPct, null, null], true));
        rows.Add(new ReportRow("Totalt", [h.TotalReturnNok, h.AccumulatedPct, h.BenchmarkAccumulatedPct, null, null], true));
        return new ReportTable("Vedlegg 5e", "Avkastning siden oppstart", "År",
        [
            new("returnNok", "Forvaltningsfondet (nominelle mill. kr)", CellKind.Nok),
            new("returnPct", "Forvaltningsfondet (prosent)", CellKind.Pct, 1),
            new("benchmarkPct", "Referanseindeks (prosent)", CellKind.Pct, 1),
            new("accumulatedPct", "Forvaltningsfondet akkumulert (prosent)", CellKind.Pct, 1),
            new("benchmarkAccumulatedPct", "Referanseindeks akkumulert (prosent)", CellKind.Pct, 1),
        ], rows, $"Gjennomsnittet er geometrisk over {Number(h.TotalYears, 1)} år (første år regnes som den delen av året fondet eksisterte). År med alle tolv måneder i systemet er beregnet med full presisjon.");
    }

    private static string MonthEnd(FundMonthRow m) => Date(m.Month.OnDayOfMonth(1).With(NodaTime.DateAdjusters.EndOfMonth));
}
