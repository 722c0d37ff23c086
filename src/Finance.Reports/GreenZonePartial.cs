using System.Globalization;
using Finance.Core.Common;
using static Finance.Reports.Norwegian;

namespace Finance.Reports;

/// <summary>
/// Grønn sone: the probability that the fund keeps its real value over the next 15 years (green while over the
/// regulations' threshold, 80 %), the probability of losing the buffer capital, and the estimated real and market values
/// after 15 years (Vedlegg 1), with the yearly percentile band of the simulation as a chart.
/// </summary>
public sealed class GreenZonePartial : IReportPartial
{
    public ReportChapter Chapter(ReportInput input)
    {
        if (input.Snapshot.GreenZone is not { } g)
        {
            return new ReportChapter("greenZone", "Grønn sone", [new NoticeBlock("Grønn sone er ikke beregnet for perioden: " +
                string.Join(" ", input.Snapshot.Notes.Where(n => n.StartsWith("Grønn sone", StringComparison.Ordinal))))]);
        }
        var green = g.Zone == "green";
        var blocks = new List<ReportBlock>
        {
            new ParagraphBlock($"I henhold til finansreglementet vurderes fondets risiko som grønn sone så lenge det er over {Number(g.ThresholdPct, 0)} prosent sannsynlighet for at fondets realverdi opprettholdes over en {g.HorizonYears} årsperiode. " +
                $"Per {Date(g.AsOf)} var denne sannsynligheten beregnet til {Number(Money.Round(g.ProbabilityRealValueKeptPct), 0)} prosent, og fondet er {(green ? "i grønn sone" : "ikke i grønn sone")}. " +
                $"Sannsynligheten for å tape hele bufferkapitalen var {Number(Money.Round(g.ProbabilityBufferLostPct), 0)} prosent."),
            new TableBlock(new ReportTable("Tabell GS", $"Grønn sone per {Date(g.AsOf)}", "Nøkkeltall",
                [new("valueNok", "Mill. kr", CellKind.Nok), new("valuePct", "Prosent", CellKind.Pct, 1)],
                [
                    new("Estimert realverdi etter 15 år", [g.RealValueTargetAtHorizonNok, null]),
                    new("Estimert markedsverdi etter 15 år", [g.ExpectedMarketValueNok, null]),
                    new("Sannsynlighet markedsverdi > realverdi", [null, g.ProbabilityRealValueKeptPct]),
                    new("Sannsynlighet bufferkapital < 0 (ved horisonten)", [null, g.ProbabilityBufferLostPct]),
                    new("Sannsynlighet bufferkapital < 0 (i noe år)", [null, g.ProbabilityBufferLostAnyYearPct]),
                    new("Markedsverdi ved start", [g.MarketValueNok, null]),
                    new("Realverdi ved start", [g.RealValueTargetNok, null]),
                ],
                $"Simulering med {Number(g.Paths, 0)} tilfeldige utfall over {g.HorizonYears} år med markedsforutsetninger versjon {g.AssumptionsVersion}: " +
                $"forventet porteføljeavkastning {Pct(g.PortfolioExpectedReturnPct)}, volatilitet {Pct(g.PortfolioVolatilityPct)}; standardfeil for sannsynligheten {Number(g.ProbabilityRealValueKeptStandardErrorPct, 2)} prosentpoeng. Beregningsdetaljer står i kolofonen." +
                (g.AsOf == new NodaTime.LocalDate(2025, 12, 31)
                    ? $" Avvik fra den trykte rapporten: den oppgir «over 99 prosent» ett sted (linje 1604) og 98 prosent i vedlegg 1; beregningen gir {Number(Money.Round(g.ProbabilityRealValueKeptPct), 0)} prosent. Estimert markedsverdi etter 15 år er trykt som 6 482 mill.; simuleringen gir {Mnok(g.ExpectedMarketValueNok)} mill. med samme forutsetninger."
                    : ""))),
        };
        if (g.Years.Count > 1)
        {
            var years = g.Years.Select(y => (g.AsOf.Year + y.Year).ToString(CultureInfo.InvariantCulture)).ToList();
            blocks.Add(new FigureBlock("Figur GS", "Simulert markedsverdi (5., 50. og 95. persentil) mot realverdien (mill. kr)",
                SvgChart.Draw("Simulert markedsverdi og realverdi", years, [],
                [
                    new ChartSeries("95. persentil", FundPartial.EquityColor, g.Years.Select(y => (decimal?)Money.ToMnok(y.P95Nok)).ToList()),
                    new ChartSeries("Median", FundPartial.BondColor, g.Years.Select(y => (decimal?)Money.ToMnok(y.P50Nok)).ToList()),
                    new ChartSeries("5. persentil", FundPartial.BenchmarkColor, g.Years.Select(y => (decimal?)Money.ToMnok(y.P5Nok)).ToList()),
                    new ChartSeries("Realverdi", "#444444", g.Years.Select(y => (decimal?)Money.ToMnok(y.RealValueTargetNok)).ToList()),
                ], "mill. kr")));
        }
        return new ReportChapter("greenZone", "Grønn sone", blocks);
    }
}
