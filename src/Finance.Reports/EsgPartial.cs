using System.Globalization;
using Finance.Core.Common;
using Finance.Reports.Snapshots;
using static Finance.Reports.Norwegian;

namespace Finance.Reports;

/// <summary>
/// Samfunnsansvar og bærekraft (the fund chapter's ESG part, Figur 1.2): the portfolio figures the adviser publishes
/// (temperature, Science Based Targets, social indicators, SFDR classification) with their sources, beside what the
/// registers give (the article 9 share from the placements, value-weighted figures from the ESG register), and the cap on
/// active sustainable funds checked against the placements register.
/// </summary>
public sealed class EsgPartial : IReportPartial
{
    public ReportChapter Chapter(ReportInput input)
    {
        var sup = input.Snapshot.Supplement;
        var f = input.Snapshot.Fund;
        var asOf = input.Snapshot.AsOf;
        var period = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var priorPeriod = asOf.PlusYears(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var blocks = new List<ReportBlock>();
        var esg = sup?.Esg;
        var published = sup.Cells("ESG", period).ToList();
        if (esg is null && published.Count == 0)
        {
            blocks.Add(new NoticeBlock($"Bærekraftstallene er {Published.NotComputed}: ESG-registeret har ingen tall per {Date(asOf)} eller tidligere."));
            return new ReportChapter("esg", "Samfunnsansvar og bærekraft", blocks);
        }
        blocks.Add(new ParagraphBlock("Forvaltningsfondet skal utvise samfunnsansvar og bidra til bærekraftig utvikling i tråd med FNs bærekraftsmål og Parisavtalen. Hensyn til miljø, sosiale forhold og eierstyring (ESG) integreres i investeringsbeslutningene."));
        if (sup?.SustainableEquity is { } se)
        {
            var msa = sup.Cell("ESG", "Mer Samfunnsansvar-fond, andel av aksjene", period);
            blocks.Add(new ParagraphBlock($"Per {Date(asOf)} var {Pct(se.SharePct)} av aksjeporteføljen ({Mnok(se.Article9EquitiesNok, 1)} av {Mnok(se.EquitiesNok, 1)} mill.) plassert i artikkel 9-fond ifølge plasseringsregisteret ({string.Join(" og ", se.Funds)})."
                + (msa is { } m ? $" Den publiserte rapporten oppgir {Published.WithSource(m)}; andre steder i rapporten står 58 prosent (linje 1614 og 1953)." : "")));
            if (se.MaxPct is { } max)
            {
                blocks.Add(se.SharePct > max
                    ? new NoticeBlock($"Motstrid: finansreglementet tillater inntil {Number(max, 0)} prosent av aksjeporteføljen i aktive bærekraftige fond, mens plasseringsregisteret viser {Pct(se.SharePct)} i Mer Samfunnsansvar-fondene. Overholdelsen er attestert, men registeret motsier attestasjonen; rammekontrollen viser derfor motstrid med begge tall. Den publiserte rapporten beskriver det samme som at store deler av rammen benyttes (linje 1617 og 1953). Om fondene skal regnes som aktive bærekraftige fond, må avklares.")
                    : new ParagraphBlock($"Finansreglementet tillater inntil {Number(max, 0)} prosent av aksjeporteføljen i aktive bærekraftige fond; plasseringsregisteret viser {Pct(se.SharePct)}."));
            }
        }
        if (published.Count == 0)
        {
            blocks.Add(new NoticeBlock($"Rådgiverens porteføljetall for bærekraft (Figur 1.2) er ikke lastet inn per {Date(asOf)}; de foreligger ved årsslutt. Siste tall per fond ({Date(esg!.AsOf)}) står i vedlegg 2."));
            return new ReportChapter("esg", "Samfunnsansvar og bærekraft", blocks);
        }
        blocks.Add(new TableBlock(KeyFigures(sup!, esg, f, period, priorPeriod, asOf)));
        blocks.Add(new ParagraphBlock("Data er levert av MSCI ESG Manager via fondets finansielle rådgiver (Formue Norge AS) og er basert på selskapenes rapportering; det er ikke full dekningsgrad for alle fond. Tallene per fond står i vedlegg 2."));
        return new ReportChapter("esg", "Samfunnsansvar og bærekraft", blocks);
    }

    /// <summary>Figur 1.2 as a table: the published portfolio figures (this year and last) and, where the ESG register allows, its value-weighted figure.</summary>
    private static ReportTable KeyFigures(SupplementSection sup, EsgFigures? esg, FundSection? f, string period, string priorPeriod, NodaTime.LocalDate asOf)
    {
        decimal? Weighted(Func<EsgPlacement, decimal?> value, string? assetClass = null)
        {
            if (esg is null || f is null)
            {
                return null;
            }
            var pairs = esg.Placements.Where(p => assetClass is null || p.AssetClass == assetClass)
                .Select(p => (Value: value(p), Mv: f.Placements.FirstOrDefault(x => x.PlacementId == p.PlacementId)?.MarketValueNok ?? 0m))
                .Where(x => x.Value is not null && x.Mv > 0m).ToList();
            var total = pairs.Sum(x => x.Mv);
            return total == 0m ? null : pairs.Sum(x => x.Value!.Value * x.Mv) / total;
        }
        decimal? ArticleShare(long article)
        {
            if (f is null || f.MarketValueNok == 0m)
            {
                return null;
            }
            var articles = esg?.Placements.ToDictionary(p => p.PlacementId, p => p.SfdrArticle) ?? [];
            var nok = f.Placements.Where(p => (articles.GetValueOrDefault(p.PlacementId) ?? p.SfdrArticle) == article).Sum(p => p.MarketValueNok);
            return Rate.Share(nok, f.MarketValueNok).Percent;
        }
        string? Pub(string row, string p) => sup.Cell("ESG", row, p) is { } c ? c.Unit == "tco2e" ? Number(c.Value, 0) : Published.Show(c) : null;
        string? Src(string row) => sup.Cell("ESG", row, period) is { } c ? Published.Source(c.Source) : null;
        string? Num(decimal? v, int decimals, string unit) => v is { } x ? Number(x, decimals) + unit : null;
        var rows = new List<ReportRow>
        {
            new("Temperaturøkning fra selskapene i porteføljen", [Pub("Temperaturøkning (°C)", period), Pub("Temperaturøkning (°C)", priorPeriod), Num(Weighted(p => p.TemperatureC), 1, Space + "°C"), Src("Temperaturøkning (°C)")]),
            new("Andel selskaper med godkjente mål (Science Based Targets)", [Pub("Science Based Targets (andel selskaper)", period), Pub("Science Based Targets (andel selskaper)", priorPeriod), Num(Weighted(p => p.ScienceBasedTargetsPct), 0, Space + "%"), Src("Science Based Targets (andel selskaper)")]),
            new("Karbonintensitet aksjer (tCO₂e per mill. euro)", [Pub("Karbonintensitet aksjer (tCO2e per mill. euro)", period), null, Num(Weighted(p => p.CarbonIntensity, "equities"), 0, ""), Src("Karbonintensitet aksjer (tCO2e per mill. euro)")]),
            new("Karbonintensitet obligasjoner (tCO₂e per mill. euro)", [Pub("Karbonintensitet obligasjoner (tCO2e per mill. euro)", period), null, Num(Weighted(p => p.CarbonIntensity, "bonds"), 0, ""), Src("Karbonintensitet obligasjoner (tCO2e per mill. euro)")]),
            new("Karbonintensitet samlet (tCO₂e per mill. euro)", [Pub("Karbonintensitet samlet (tCO2e per mill. euro)", period), null, Num(Weighted(p => p.CarbonIntensity), 0, ""), Src("Karbonintensitet samlet (tCO2e per mill. euro)")]),
            new("Sosialt ansvar: indikatorer forbedret siste år", [sup.Cell("ESG", "Sosialt ansvar: indikatorer forbedret", period) is { } so ? $"{Number(so.Value, 0)} av 5" : null, null, null, Src("Sosialt ansvar: indikatorer forbedret")]),
            new("Fondsklassifisering: artikkel 8, andel av markedsverdi", [Pub("Artikkel 8, andel av markedsverdi", period), null, Num(ArticleShare(8), 1, Space + "%"), Src("Artikkel 8, andel av markedsverdi")]),
            new("Fondsklassifisering: artikkel 9, andel av markedsverdi", [Pub("Artikkel 9, andel av markedsverdi", period), null, Num(ArticleShare(9), 1, Space + "%"), Src("Artikkel 9, andel av markedsverdi")]),
        };
        return new ReportTable("Figur 1.2", $"Bærekraft i forvaltningsfondets portefølje per {Date(asOf)}", "Måleparameter",
            [
                new("published", $"Publisert {asOf.Year}", CellKind.Text),
                new("publishedPrior", $"Publisert {asOf.Year - 1}", CellKind.Text),
                new("register", "Verdivektet fra registrene", CellKind.Text),
                new("source", "Kilde", CellKind.Text),
            ], rows,
            "«Publisert» er porteføljetallene rådgiveren beregner på selskapsnivå (MSCI), slik årsrapporten trykker dem. «Verdivektet fra registrene» er fondenes tall i ESG-registeret vektet med markedsverdien i plasseringsregisteret; det er et annet mål og erstatter ikke det publiserte. "
            + "Der fondsklassifiseringen fra plasseringsregisteret avviker fra den publiserte, forklarer ikke rapporten forskjellen.");
    }
}
