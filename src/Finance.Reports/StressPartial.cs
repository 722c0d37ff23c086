using Finance.Reports.Snapshots;
using static Finance.Reports.Norwegian;

namespace Finance.Reports;

/// <summary>Chapter 4, Stresstest: Tabell 4.1 (bank deposits and debt) and 4.2 (the fund), against the buffer and the risk frame.</summary>
public sealed class StressPartial : IReportPartial
{
    public ReportChapter Chapter(ReportInput input)
    {
        var s = input.Snapshot.Stress;
        var blocks = new List<ReportBlock>
        {
            new ParagraphBlock("Den samlede finansforvaltningen av kortsiktige og langsiktige plasseringer, samt gjeld, er testet med hensyn til beregnet verdifall ved sammenfallende, brå markedsendringer. Del 1 «stresser» bankinnskudd og gjeld med en renteøkning, herunder renteeffekten på gjeldssidens motposter, og motpartsrisiko på bankinnskudd. Del 2 «stresser» forvaltningsfondet med en renteøkning og et fall i aksjemarkedet."),
        };
        if (s is null)
        {
            blocks.Add(new NoticeBlock("Stresstesten er ikke beregnet for perioden."));
            return new ReportChapter("stress", "Stresstest", blocks);
        }
        var date = Date(input.Snapshot.AsOf);
        var before = input.YearBefore?.Stress;
        var beforeDate = input.YearBefore is { } yb ? Date(yb.AsOf) : null;
        // No frozen snapshot a year earlier: last year's column is the published one (reported data, with its source).
        var priorEnd = input.Snapshot.AsOf.PlusYears(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var sup = input.Snapshot.Supplement;
        var published = before is null && (sup.Cells("Tabell 4.1", priorEnd).Any() || sup.Cells("Tabell 4.2", priorEnd).Any());
        if (published)
        {
            beforeDate = Date(input.Snapshot.AsOf.PlusYears(-1));
        }
        decimal? Prior(string table, string row, decimal? frozen) => before is not null ? frozen : sup.Cell(table, row, priorEnd)?.Value;

        if (s.TotalNok is { } total)
        {
            blocks.Add(new ParagraphBlock($"Samlet beregnet risiko for finansporteføljen utgjør {Mnok(total)} millioner kroner" +
                (s.RiskFrame is { } frame ? $", mot målsatt risiko {Mnok(frame.TargetNok)} mill. og maksimal ramme {Mnok(frame.MaxNok)} mill." : ".")));
        }
        if (s.PartOne is { } one)
        {
            var rows = one.Lines.Where(l => l.Key != "counterparty").Select(l => Line(l, before?.PartOne?.Lines, false, x => Prior("Tabell 4.1", x, null))).ToList();
            rows.Add(new ReportRow("Sum netto renteendring", [null, null, null, one.NetRateEffectNok, Prior("Tabell 4.1", "Sum netto renteendring", before?.PartOne?.NetRateEffectNok)], true));
            rows.AddRange(one.Lines.Where(l => l.Key == "counterparty").Select(l => Line(l, before?.PartOne?.Lines, false, x => Prior("Tabell 4.1", x, null))));
            rows.Add(new ReportRow("Sum beregnet risiko", [null, null, null, one.TotalNok, Prior("Tabell 4.1", "Sum beregnet risiko", before?.PartOne?.TotalNok)], true));
            blocks.Add(new TableBlock(new ReportTable("Tabell 4.1", "Stresstestresultater for bankinnskudd og gjeld (del 1), basert på faktisk portefølje per angitt dato", "Aktiva/passiva",
            [
                new("factorPct", "Stressfaktor", CellKind.Pct, 0),
                new("baseNok", "Beholdning (mill. kr)", CellKind.Nok),
                new("lossPct", "Verdifall", CellKind.Pct, 1),
                new("lossNok", $"Verdifall {date} (mill. kr)", CellKind.Nok),
                new("lossBeforeNok", $"Verdifall {beforeDate ?? "året før"} (mill. kr)", CellKind.Nok),
            ], rows, published ? $"Kolonnen {beforeDate} er de publiserte tallene (årsrapport 2025, tabell 4.1, linje 1887–1892): det finnes ikke noe frosset øyeblikksbilde for året før. Beregnede tall summeres uavrundet: radene 39 + 55 gir 93 (93,48), ikke 94." : null)));
        }
        else
        {
            blocks.Add(new HeadingBlock("Tabell 4.1 Stresstestresultater for bankinnskudd og gjeld (del 1)"));
            blocks.Add(new NoticeBlock($"Del 1 (bankinnskudd og gjeld) er {Published.NotComputed}: " + string.Join("; ", s.Missing.Where(m => m.StartsWith("Del 1", StringComparison.Ordinal)).Select(Reason).DefaultIfEmpty("grunnlaget mangler i registrene")) + "."));
        }
        if (s.PartTwo is { } two)
        {
            var rows = two.Lines.Select(l => Line(l, before?.PartTwo?.Lines, true, x => Prior("Tabell 4.2", x, null))).ToList();
            rows.Add(new ReportRow("Sum beregnet risiko", [null, null, two.FundValueNok, two.PctOfFund, two.TotalNok, Prior("Tabell 4.2", "Sum beregnet risiko", before?.PartTwo?.TotalNok)], true));
            rows.Add(new ReportRow("Bufferkapital", [null, null, null, null, s.BufferCapitalNok, Prior("Tabell 4.2", "Bufferkapital", before?.BufferCapitalNok)]));
            rows.Add(new ReportRow("Prosent av bufferkapital", [null, null, null, s.PartTwoPctOfBuffer, null, null]));
            blocks.Add(new TableBlock(new ReportTable("Tabell 4.2", "Stresstestresultater for de langsiktige aktiva i forvaltningsfondet (del 2), basert på faktisk portefølje per angitt dato", "Aktivaklasse",
            [
                new("factorPct", "Stressfaktor", CellKind.Pct, 0),
                new("durationYears", "Durasjon portefølje", CellKind.Years, 2),
                new("baseNok", "Beholdning", CellKind.Nok),
                new("lossPct", "Verdifall i %", CellKind.Pct, 1),
                new("lossNok", $"Verdifall {date} (mill. kr)", CellKind.Nok),
                new("lossBeforeNok", $"Verdifall {beforeDate ?? "året før"} (mill. kr)", CellKind.Nok),
            ], rows, "Bufferkapitalen står i verdifallskolonnen, del 2 i prosent av bufferkapitalen i prosentkolonnen. "
                + (before is not null ? $"Del 2 i prosent av bufferkapitalen {beforeDate}: {(before.PartTwoPctOfBuffer is { } pb ? Pct(pb, 0) : "–")}. "
                    : published ? $"Kolonnen {beforeDate} er de publiserte tallene (årsrapport 2025, tabell 4.2, linje 1897–1903); del 2 utgjorde {(sup.Cell("Tabell 4.2", "Prosent av bufferkapital", priorEnd) is { } ppc ? Pct(ppc.Value, 0) : "–")} av bufferkapitalen. " : "")
                + BondFootnote(two, sup, input.Snapshot.AsOf))));
            blocks.Add(new ParagraphBlock($"I stresstestens del 2 for kommunens langsiktige aktiva (forvaltningsfondet) er beregnet risiko {Mnok(two.TotalNok)} mill. ved kraftige, sammenfallende uheldige markedshendelser. Det tilsvarer {Pct(two.PctOfFund)} av fondets verdi" +
                (s.PartTwoPctOfBuffer is { } pp ? $" og {Number(pp, 0)} prosent av bufferkapitalen." : ".")));
        }
        else
        {
            blocks.Add(new NoticeBlock($"Del 2 (forvaltningsfondet) er {Published.NotComputed}: " + string.Join("; ", s.Missing.Where(m => !m.StartsWith("Del 1", StringComparison.Ordinal)).Select(Reason).DefaultIfEmpty("grunnlaget mangler i registrene")) + "."));
        }
        blocks.Add(new ParagraphBlock(s.PartOne is not null
            ? $"Grunnlag: låneregisteret per {date} (lån med renteregulering eller slutt på fastrenteperioden innen 12 måneder, alle kategorier), motpostene, bankinnskuddene (publisert saldo der systemet ikke har daglige saldoer) og fondets beholdning og durasjoner; stressfaktorer og risikoramme fra finansreglementet i kraft."
            : $"Grunnlag: fondets beholdning og durasjoner per {date}; stressfaktorer fra finansreglementet i kraft."));
        return new ReportChapter("stress", "Stresstest", blocks);
    }

    /// <summary>The register's reason (stored in English for the API) as the report says it.</summary>
    internal static string Reason(string missing)
    {
        var m = System.Text.RegularExpressions.Regex.Match(missing, @"(\d{4})-(\d{2})-(\d{2})");
        var date = m.Success ? $"{m.Groups[3].Value}.{m.Groups[2].Value}.{m.Groups[1].Value}" : "datoen";
        return missing switch
        {
            _ when missing.Contains("loan register holds no loans", StringComparison.Ordinal) => $"låneregisteret har ingen lån per {date}",
            _ when missing.Contains("offsetting items", StringComparison.Ordinal) => $"motpostene til gjelden (rente- og gebyrinntekter) er ikke registrert per {date}",
            _ when missing.Contains("bank balance", StringComparison.Ordinal) => $"bankinnskuddene er ikke registrert per {date} (verken daglige saldoer eller publisert saldo)",
            _ when missing.Contains("interest duration", StringComparison.Ordinal) => $"ingen obligasjonsplassering har rapportert rentedurasjon per {date}",
            _ when missing.Contains("no valuation", StringComparison.Ordinal) => $"fondet har ingen verdsettelse per {date}",
            _ when missing.Contains("stress.rate_shock", StringComparison.Ordinal) => "finansreglementet i kraft mangler stressfaktorene eller risikorammen",
            _ => "grunnlaget mangler i registrene",
        };
    }

    /// <summary>The printed bond row of Tabell 4.2 is a known source error (domain.md §6): a footnote gives both figures and why.</summary>
    private static string BondFootnote(StressPartTwoFigures two, SupplementSection? sup, NodaTime.LocalDate asOf)
    {
        var bonds = two.Lines.FirstOrDefault(l => l.Key == "bonds");
        return asOf == new NodaTime.LocalDate(2025, 12, 31) && bonds is not null
            ? $"Avvik fra den trykte rapporten: raden Obligasjoner IG er trykt som 129 mill.; {Mnok(bonds.BaseNok, 1)} × 2 % × {Number(bonds.DurationYears ?? 0m, 1)} år gir {Mnok(bonds.LossNok, 1)} mill., som også er det den trykte summen 852 bygger på."
            : "";
    }

    private static ReportRow Line(StressLineFigures l, IReadOnlyList<StressLineFigures>? before, bool withDuration, Func<string, decimal?> published)
    {
        var label = l.Key switch
        {
            "moneyMarket" => "Pengemarked/bank",
            "bonds" => "Obligasjoner IG",
            "equities" => "Aksjer",
            _ => l.Label,
        };
        var previous = before is not null ? before.FirstOrDefault(b => b.Key == l.Key)?.LossNok : published(label);
        return withDuration
            ? new ReportRow(label, [l.FactorPct, l.DurationYears, l.BaseNok, l.LossPct, l.LossNok, previous])
            : new ReportRow(label, [l.FactorPct, l.BaseNok, l.LossPct, l.LossNok, previous]);
    }
}
