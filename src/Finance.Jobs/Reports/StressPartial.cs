using Finance.Jobs.Snapshots;
using static Finance.Jobs.Reports.Norwegian;

namespace Finance.Jobs.Reports;

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

        if (s.TotalNok is { } total)
        {
            blocks.Add(new ParagraphBlock($"Samlet beregnet risiko for finansporteføljen utgjør {Mnok(total)} millioner kroner" +
                (s.RiskFrameTargetNok is { } t && s.RiskFrameMaxNok is { } m ? $", mot målsatt risiko {Mnok(t)} mill. og maksimal ramme {Mnok(m)} mill." : ".")));
        }
        if (s.PartOne is { } one)
        {
            var rows = one.Lines.Where(l => l.Key != "counterparty").Select(l => Line(l, before?.PartOne?.Lines, false)).ToList();
            rows.Add(new ReportRow("Sum netto renteendring", [null, null, null, one.NetRateEffectNok, before?.PartOne?.NetRateEffectNok], true));
            rows.AddRange(one.Lines.Where(l => l.Key == "counterparty").Select(l => Line(l, before?.PartOne?.Lines, false)));
            rows.Add(new ReportRow("Sum beregnet risiko", [null, null, null, one.TotalNok, before?.PartOne?.TotalNok], true));
            blocks.Add(new TableBlock(new ReportTable("Tabell 4.1", "Stresstestresultater for bankinnskudd og gjeld (del 1), basert på faktisk portefølje per angitt dato", "Aktiva/passiva",
            [
                new("factorPct", "Stressfaktor", CellKind.Pct, 0),
                new("baseNok", "Beholdning (mill. kr)", CellKind.Nok),
                new("lossPct", "Verdifall", CellKind.Pct, 1),
                new("lossNok", $"Verdifall {date} (mill. kr)", CellKind.Nok),
                new("lossBeforeNok", $"Verdifall {beforeDate ?? "året før"} (mill. kr)", CellKind.Nok),
            ], rows)));
        }
        else
        {
            blocks.Add(new HeadingBlock("Tabell 4.1 Stresstestresultater for bankinnskudd og gjeld (del 1)"));
            blocks.Add(new NoticeBlock(string.Join(" ", s.Missing.DefaultIfEmpty("Del 1 er ikke tilgjengelig."))));
        }
        if (s.PartTwo is { } two)
        {
            var rows = two.Lines.Select(l => Line(l, before?.PartTwo?.Lines, true)).ToList();
            rows.Add(new ReportRow("Sum beregnet risiko", [null, null, two.FundValueNok, two.PctOfFund, two.TotalNok, before?.PartTwo?.TotalNok], true));
            rows.Add(new ReportRow("Bufferkapital", [null, null, null, null, s.BufferCapitalNok, before?.BufferCapitalNok]));
            rows.Add(new ReportRow("Prosent av bufferkapital", [null, null, null, s.PartTwoPctOfBuffer, null, null]));
            blocks.Add(new TableBlock(new ReportTable("Tabell 4.2", "Stresstestresultater for de langsiktige aktiva i forvaltningsfondet (del 2), basert på faktisk portefølje per angitt dato", "Aktivaklasse",
            [
                new("factorPct", "Stressfaktor", CellKind.Pct, 0),
                new("durationYears", "Durasjon portefølje", CellKind.Years, 2),
                new("baseNok", "Beholdning", CellKind.Nok),
                new("lossPct", "Verdifall i %", CellKind.Pct, 1),
                new("lossNok", $"Verdifall {date} (mill. kr)", CellKind.Nok),
                new("lossBeforeNok", $"Verdifall {beforeDate ?? "året før"} (mill. kr)", CellKind.Nok),
            ], rows, before is null ? "Bufferkapitalen står i verdifallskolonnen, del 2 i prosent av bufferkapitalen i prosentkolonnen." : $"Del 2 i prosent av bufferkapitalen {beforeDate}: {(before.PartTwoPctOfBuffer is { } pb ? Pct(pb, 0) : "–")}.")));
            blocks.Add(new ParagraphBlock($"I stresstestens del 2 for kommunens langsiktige aktiva (forvaltningsfondet) er beregnet risiko {Mnok(two.TotalNok)} mill. ved kraftige, sammenfallende uheldige markedshendelser. Det tilsvarer {Pct(two.PctOfFund)} av fondets verdi" +
                (s.PartTwoPctOfBuffer is { } pp ? $" og {Number(pp, 0)} prosent av bufferkapitalen." : ".")));
        }
        else
        {
            blocks.Add(new NoticeBlock(string.Join(" ", s.Missing)));
        }
        blocks.Add(new ParagraphBlock($"Kilde: {s.Source}"));
        return new ReportChapter("stress", "Stresstest", blocks);
    }

    private static ReportRow Line(StressLineFigures l, IReadOnlyList<StressLineFigures>? before, bool withDuration)
    {
        var previous = before?.FirstOrDefault(b => b.Key == l.Key)?.LossNok;
        var label = l.Key switch
        {
            "moneyMarket" => "Pengemarked/bank",
            "bonds" => "Obligasjoner IG",
            "equities" => "Aksjer",
            _ => l.Label,
        };
        return withDuration
            ? new ReportRow(label, [l.FactorPct, l.DurationYears, l.BaseNok, l.LossPct, l.LossNok, previous])
            : new ReportRow(label, [l.FactorPct, l.BaseNok, l.LossPct, l.LossNok, previous]);
    }
}
