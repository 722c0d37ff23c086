using Finance.Core.Common;
using Finance.Reports.Snapshots;
using static Finance.Reports.Norwegian;

namespace Finance.Reports;

/// <summary>Chapter 1, Forvaltningsfondet: results, holdings (1.2), returns vs benchmark (1.3, Figur 1.1), allocation (1.4), durations (1.5), risk, real value and buffer.</summary>
public sealed class FundPartial : IReportPartial
{
    public const string EquityColor = "#1f5f8b", BondColor = "#7fb3d5", CashColor = "#c9a227", BenchmarkColor = "#c0392b";

    public ReportChapter Chapter(ReportInput input)
    {
        var f = input.Snapshot.Fund;
        if (f is null)
        {
            return new ReportChapter("fund", "Forvaltningsfondet", [new NoticeBlock("Forvaltningsfondet har ingen verdsettelse for perioden.")]);
        }
        var blocks = new List<ReportBlock> { new HeadingBlock("Hovedpunkter"), new BulletsBlock(KeyPoints(f, input)) };

        if (Accounts(input) is { } accounts)
        {
            blocks.Add(new HeadingBlock("Redegjørelse for fondets årsregnskap"));
            blocks.AddRange(accounts);
        }
        blocks.Add(new HeadingBlock("Beholdning per aktivaklasse"));
        blocks.Add(new TableBlock(Holdings(f)));

        blocks.Add(new HeadingBlock($"Avkastning av fondets plasseringer {input.Period.Year}"));
        blocks.Add(new TableBlock(ReturnsByClass(f, input.Period)));
        if (f.Ytd.TotalPct is var t && f.Ytd.BenchmarkPct is { } b)
        {
            blocks.Add(new ParagraphBlock($"Samlet avkastning hittil i år ble {Pct(t)}. Fondet hadde en samlet {(t >= b ? "meravkastning" : "mindreavkastning")} på {Number(Math.Abs(t - b), 1)} prosentpoeng sammenlignet med referanseindeksen (syntetisk indeks{(f.Ytd.BenchmarkSource == "publishedAnnual" ? ", publisert årstall" : ", kjedet fra månedstall")})."));
        }
        var income = IncomeTable(f);
        blocks.Add(new FigureBlock("Figur 1.1", $"Månedlig avkastning for forvaltningsfondet i {input.Period.Year} (mill. kr)",
            SvgChart.Draw("Månedlig og akkumulert avkastning (mill. kr)", f.Months.Select(m => MonthShort[m.Month.Month - 1]).ToList(),
                [new ChartSeries("Månedlig", EquityColor, f.Months.Select(m => (decimal?)(m.IncomeNok / Money.OneMillion)).ToList())],
                [new ChartSeries("Akkumulert", BenchmarkColor, Accumulated(f.Months.Select(m => m.IncomeNok)).Select(v => (decimal?)(v / Money.OneMillion)).ToList())],
                "mill. kr")));
        blocks.Add(new TableBlock(income with { Note = "Summert fra de uavrundede finansinntektene i registeret. " + PrintedDifferences(input) }));
        blocks.Add(new FigureBlock("Tilleggsfigur 1", "Månedlig avkastning mot referanseindeks (prosent)",
            SvgChart.Draw("Månedlig avkastning mot referanseindeks", f.Months.Select(m => MonthShort[m.Month.Month - 1]).ToList(),
                [new ChartSeries("Forvaltningsfondet", EquityColor, f.Months.Select(m => m.TotalPct).ToList()),
                 new ChartSeries("Syntetisk indeks", BenchmarkColor, f.Months.Select(m => m.BenchmarkPct).ToList())], [], "prosent")));

        blocks.Add(new HeadingBlock("Investeringsrisiko"));
        var eq = f.Classes.FirstOrDefault(c => c.AssetClass == "equities");
        if (eq?.StrategicPct is { } strategic)
        {
            blocks.Add(new ParagraphBlock($"Kommunestyret har fastsatt en strategisk fordeling på {Number(strategic, 0)} prosent globale aksjer og {Number(100m - strategic, 0)} prosent obligasjoner, med et tillatt avvik på ± {Number((eq.MaxPct ?? strategic) - strategic, 0)} prosentpoeng. Per {Date(f.ValuationDate)} var fondets faktiske fordeling {(f.Classes.All(c => c.WithinBand != false) ? "innenfor" : "utenfor")} vedtatte rammer."));
        }
        var allocation = Allocation(f);
        blocks.Add(new TableBlock(allocation));
        var shown = f.Classes.Where(c => c.AssetClass != "cash").ToList();
        blocks.Add(new FigureBlock("Tilleggsfigur 2", "Aktivafordeling mot strategi og tillatt avvik (prosent)",
            SvgChart.Draw("Aktivafordeling mot strategi", shown.Select(c => ClassName(c.AssetClass)).ToList(),
                [new ChartSeries("Faktisk", EquityColor, shown.Select(c => (decimal?)c.WeightPct).ToList()),
                 new ChartSeries("Strategi", BondColor, shown.Select(c => c.StrategicPct).ToList())], [], "prosent",
                shown.Select(c => c.MinPct is { } mn && c.MaxPct is { } mx ? ((decimal, decimal)?)(mn, mx) : null).ToList())));
        blocks.Add(new TableBlock(Durations(f)));
        blocks.Add(RiskText(f, input));

        blocks.Add(new HeadingBlock("Realverdi og bufferkapital"));
        blocks.AddRange(RealValueBlocks(f));
        return new ReportChapter("fund", "Forvaltningsfondet", blocks);
    }

    /// <summary>
    /// Tabell 1.1, the fund's accounts (financial income, operating costs, annual result) this year and last, from the
    /// audited accounts loaded as published cells; null when the year has none.
    /// </summary>
    private static IEnumerable<ReportBlock>? Accounts(ReportInput input)
    {
        var sup = input.Snapshot.Supplement;
        var year = input.Period.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var prior = (input.Period.Year - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (input.Period.Tertial is not null || !sup.Cells("Tabell 1.1", year).Any())
        {
            return null;
        }
        string[] rows = ["Finansinntekter", "Sum driftskostnader", "Årsresultat"];
        var income = sup.Cell("Tabell 1.1", "Finansinntekter", year)!.Value;
        var costs = sup.Cell("Tabell 1.1", "Sum driftskostnader", year)?.Value ?? 0m;
        var result = sup.Cell("Tabell 1.1", "Årsresultat", year)?.Value ?? income + costs;
        var table = new ReportTable("Tabell 1.1", $"Forvaltningsfondets regnskapsresultat for {year} sammenlignet med året før", "Regnskapsresultat i løpende mill. kr",
            [new("currentNok", year, CellKind.Nok, 1), new("priorNok", prior, CellKind.Nok, 1)],
            rows.Select(r => new ReportRow(r, [sup.Cell("Tabell 1.1", r, year)?.Value, sup.Cell("Tabell 1.1", r, prior)?.Value], r == "Årsresultat")).ToList(),
            $"Fra fondets reviderte årsregnskap (Vedlegg 3; {Published.Source(sup.Cell("Tabell 1.1", "Finansinntekter", year)!.Source)}).");
        return
        [
            new ParagraphBlock($"Finansinntektene i {year} utgjorde til sammen {Mnok(income, 1)} millioner kroner. Samlede driftskostnader var {Mnok(Math.Abs(costs), 1)} mill. og knyttet til administrasjon og ekstern fondsforvaltning. Årsresultatet ble dermed {Mnok(result, 1)} mill."),
            new TableBlock(table),
        ];
    }

    /// <summary>Where the service's sums differ from the printed Figur 1.1 / Vedlegg 5b (domain.md §6: rounded first in print).</summary>
    internal static string PrintedDifferences(ReportInput input) => input.Period is { Year: 2025, Tertial: null }
        ? "Avvik fra den trykte rapporten: registeret har klassetallene slik de er trykt (avrundet til 0,1 mill.), så enkelte summer avviker med 0,1 mill. fra de trykte, som er summert fra forvalternes uavrundede tall: februar 4,5 (trykt 4,4), september 40,1 (40,2), oktober 75,5 (75,6) og året 245,9 (246,0)."
        : "";

    private static List<string> KeyPoints(FundSection f, ReportInput input)
    {
        var points = new List<string> { $"Per {Date(f.ValuationDate)} hadde forvaltningsfondet en verdi på {Mnok(f.MarketValueNok)} mill. kr." };
        if (f.Buffer is { } b)
        {
            points.Add($"Fondets bufferkapital utgjorde {Mnok(b.BufferCapitalNok)} mill., tilsvarende {Number(b.BufferSharePct, 0)} prosent av fondets samlede verdi.");
        }
        if (f.RealValue is { } rv)
        {
            points.Add($"Beregnet realverdi i {rv.Year} var {Mnok(rv.TargetNok)} mill. Markedsverdien var {Mnok(Math.Abs(rv.SurplusNok))} mill. {(rv.SurplusNok >= 0 ? "over" : "under")} dette målet.");
        }
        points.Add($"Totalavkastningen {(input.Period.Tertial is null ? "i " + input.Period.Year : "hittil i år")} var {Pct(f.Ytd.TotalPct)}"
            + (f.Ytd.EquitiesPct is { } e && f.Ytd.BondsPct is { } bo ? $", herav aksjer {Pct(e)} og obligasjoner {Pct(bo)}." : "."));
        if (f.WithdrawalsNok > 0m)
        {
            points.Add($"Det ble tatt ut {Mnok(f.WithdrawalsNok, 1)} mill. fra fondet til finansiering av investeringer.");
        }
        if (f.History.AverageAnnualPct is { } avg && f.History.Years.Count > 0)
        {
            points.Add($"Siden oppstart i år {f.History.Years[0].Year} har fondet hatt en gjennomsnittlig årlig avkastning på {Pct(avg)} (akkumulert {Pct(f.History.AccumulatedPct ?? 0m)}).");
        }
        return points;
    }

    internal static string ClassName(string code) => code switch
    {
        "equities" => "Aksjer",
        "bonds" => "Obligasjoner",
        _ => "Pengemarked",
    };

    private static ReportTable Holdings(FundSection f)
    {
        var columns = new List<ReportColumn>();
        if (f.Opening is not null)
        {
            columns.Add(new ReportColumn("openingNok", "IB", CellKind.Nok));
        }
        columns.AddRange(f.Months.Select(m => new ReportColumn($"m{m.Month.Month:00}Nok", MonthShort[m.Month.Month - 1], CellKind.Nok)));
        ReportRow Row(string label, Func<FundValuePoint, decimal> opening, Func<FundMonthRow, decimal> month, bool total = false) =>
            new(label, (f.Opening is { } o ? new object?[] { opening(o) } : []).Concat(f.Months.Select(m => (object?)month(m))).ToList(), total);
        return new ReportTable("Tabell 1.2", "Forvaltningsfondet: utvikling i beholdning per aktivaklasse", "Beholdning i mill. kr", columns,
        [
            Row("Aksjer", o => o.EquitiesNok, m => m.EquitiesNok),
            Row("Obligasjoner", o => o.BondsNok, m => m.BondsNok),
            Row("Pengemarked", o => o.CashNok, m => m.CashNok),
            Row("Totalt", o => o.TotalNok, m => m.TotalNok, true),
        ]);
    }

    private static ReportTable ReturnsByClass(FundSection f, ReportingPeriod period)
    {
        var y = f.Ytd;
        return new ReportTable("Tabell 1.3", "Forvaltningsfondets avkastning og referanseavkastning per aktivaklasse", "Avkastning per aktivaklasse (mill. kr og prosent)",
        [
            new("returnNok", "Avkastning (mill. kr)", CellKind.Nok),
            new("returnPct", "Avkastning", CellKind.Pct, 1),
            new("benchmarkPct", "Referanseavkastning", CellKind.Pct, 1),
            new("excessPct", "Mer-/mindreavkastning", CellKind.Pct, 1),
        ],
        [
            new("Aksjer", [y.EquitiesIncomeNok, y.EquitiesPct, y.EquitiesBenchmarkPct, y.EquitiesExcessPct]),
            new("Obligasjoner", [y.BondsIncomeNok, y.BondsPct, y.BondsBenchmarkPct, y.BondsExcessPct]),
            new("Totalt", [y.IncomeNok, y.TotalPct, y.BenchmarkPct, y.ExcessPct], true),
        ],
        $"{y.MonthsCovered} måneder i {period.Year}. Avkastningen er tidsvektet og kjedet fra uavrundede månedstall; mill. kr er finansinntektene (verdiendring inkl. forvaltningshonorar).");
    }

    internal static IReadOnlyList<decimal> Accumulated(IEnumerable<decimal> values)
    {
        var sum = 0m;
        return values.Select(v => sum += v).ToList();
    }

    private static ReportTable IncomeTable(FundSection f)
    {
        var columns = f.Months.Select(m => new ReportColumn($"m{m.Month.Month:00}Nok", MonthShort[m.Month.Month - 1], CellKind.Nok)).ToList();
        return new ReportTable("Figur 1.1", "Månedlig og akkumulert avkastning (mill. kr)", "Avkastning (mill. kr)", columns,
        [
            new("Månedlig", f.Months.Select(m => (object?)m.IncomeNok).ToList()),
            new("Akkumulert", Accumulated(f.Months.Select(m => m.IncomeNok)).Select(v => (object?)v).ToList()),
        ]);
    }

    private static ReportTable Allocation(FundSection f)
    {
        var order = new[] { ("cash", "Bankinnskudd"), ("equities", "Globale aksjer"), ("bonds", "Nordiske obligasjoner") };
        var rows = order.Select(o => f.Classes.FirstOrDefault(c => c.AssetClass == o.Item1) is { } c
                ? new ReportRow(o.Item2, [c.WeightPct, c.StrategicPct, c.MaxPct, c.MinPct, c.WithinBand is null ? null : c.WithinBand.Value ? "Innenfor" : "Utenfor"])
                : null)
            .Where(r => r is not null).Select(r => r!).ToList();
        rows.Add(new ReportRow("Sum", [f.Classes.Sum(c => c.WeightPct), f.Classes.Sum(c => c.StrategicPct ?? 0m), null, null, null], true));
        return new ReportTable("Tabell 1.4", $"Prosentvis aktivafordeling per {Date(f.ValuationDate)} sammenlignet med strategiske rammer", "Forvaltningsfondets aktiva",
        [
            new("weightPct", "Prosentvis fordeling", CellKind.Pct, 1),
            new("strategicPct", "Strategi", CellKind.Pct, 0),
            new("maxPct", "Øvre grense", CellKind.Pct, 0),
            new("minPct", "Nedre grense", CellKind.Pct, 0),
            new("status", "Status", CellKind.Text),
        ], rows);
    }

    private static ReportTable Durations(FundSection f) =>
        new("Tabell 1.5", "Renteporteføljens rente- og kredittfølsomhet (durasjon) og strategisk ramme", "Rente- og kredittfølsomhet (år)",
        [
            new("actualYears", "Faktisk", CellKind.Years, 1),
            new("minYears", "Minimum", CellKind.Years, 0),
            new("maxYears", "Maksimum", CellKind.Years, 0),
        ],
        [
            new("Rentedurasjon", [f.Risk.InterestDurationYears, f.Risk.InterestDurationMinYears, f.Risk.InterestDurationMaxYears]),
            new("Kredittdurasjon", [f.Risk.CreditDurationYears, f.Risk.CreditDurationMinYears, f.Risk.CreditDurationMaxYears]),
        ]);

    private static ReportBlock RiskText(FundSection f, ReportInput input)
    {
        if (f.Risk.StdDev36mPct is { } std)
        {
            return new ParagraphBlock($"Fondets samlede risiko, målt ved årlig standardavvik over de siste 36 månedene, var {Pct(std)}." +
                (f.Risk.TrackingError36mPct is { } te ? $" Den relative risikoen (tracking error) var {Pct(te)}." : ""));
        }
        var date = input.Snapshot.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var sd = input.Snapshot.Supplement.Cell("Vedlegg 1", "Standardavvik portefølje (36 mnd.)", date);
        var te2 = input.Snapshot.Supplement.Cell("Vedlegg 1", "Relativ risiko portefølje (tracking error 36 mnd.)", date);
        var reason = $"Standardavvik og relativ risiko (tracking error) over 36 måneder er {Published.NotComputed}: beregningen krever 36 månedlige avkastningstall, og systemet har {f.Risk.MonthsAvailable}.";
        return sd is null
            ? new NoticeBlock(reason)
            : new NoticeBlock(reason + $" Den publiserte rapporten oppgir et standardavvik på {Published.WithSource(sd)}" + (te2 is { } t ? $" og en relativ risiko på {Published.WithSource(t)}" : "") + ".");
    }

    private static IEnumerable<ReportBlock> RealValueBlocks(FundSection f)
    {
        if (f.RealValue is { } rv)
        {
            yield return new ParagraphBlock($"Fondets realkapital skal over tid opprettholdes, fastsatt til realverdien av {Mnok(rv.BaseNok)} millioner {rv.BaseYear}-kroner. I {rv.Year} var beregnet realverdi {Mnok(rv.TargetNok)} millioner kroner (KPI {Number(rv.CpiYear, 1)} / {Number(rv.CpiBase, 1)}). Fondets markedsverdi var {Mnok(f.MarketValueNok)} mill., noe som innebærer en {(rv.SurplusNok >= 0 ? "overdekning" : "underdekning")} på {Mnok(Math.Abs(rv.SurplusNok))} mill.");
        }
        else
        {
            yield return new NoticeBlock("Realverdien kan ikke beregnes: KPI (årsgjennomsnitt) for året eller basisåret mangler.");
        }
        if (f.Buffer is { } b)
        {
            yield return new ParagraphBlock($"Fondets bufferkapital utgjorde {Mnok(b.BufferCapitalNok)} millioner kroner, tilsvarende {Number(b.BufferSharePct, 0)} prosent av fondets samlede verdi (grunnkapital {Mnok(b.GrunnkapitalNok)} mill.).");
        }
        yield return new TableBlock(new ReportTable("Realverdi", "Realverdi og bufferkapital", "Mill. kr",
            [new("valueNok", "Beløp (mill. kr)", CellKind.Nok), new("sharePct", "Andel av markedsverdi", CellKind.Pct, 0)],
            new List<ReportRow>
            {
                new("Markedsverdi", [f.MarketValueNok, null]),
                new("Beregnet realverdi", [f.RealValue?.TargetNok, null]),
                new("Overdekning mot realverdi", [f.RealValue?.SurplusNok, null]),
                new("Grunnkapital", [f.Buffer?.GrunnkapitalNok, null]),
                new("Bufferkapital", [f.Buffer?.BufferCapitalNok, f.Buffer?.BufferSharePct], true),
            }));
    }
}
