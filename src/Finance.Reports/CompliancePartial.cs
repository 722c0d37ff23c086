using Finance.Core.Common;
using Finance.Reports.Snapshots;
using static Finance.Reports.Norwegian;

namespace Finance.Reports;

/// <summary>
/// Avvik: every limit of the finansreglement checked at the period end (actual, bounds, status, basis) and the
/// deviations registered in the period with their explanation and handling — or the statement that none were registered.
/// </summary>
public sealed class CompliancePartial : IReportPartial
{
    /// <summary>Norwegian names of the limits the report prints (others fall back to the regulations' description).</summary>
    private static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["fund.alloc.equities"] = "Forvaltningsfondet: andel globale aksjer",
        ["fund.alloc.bonds"] = "Forvaltningsfondet: andel nordiske obligasjoner",
        ["fund.duration.interest_rate"] = "Forvaltningsfondet: rentedurasjon",
        ["fund.duration.credit"] = "Forvaltningsfondet: kredittdurasjon",
        ["fund.credit.min_rating_portfolio"] = "Forvaltningsfondet: kredittkvalitet samlet portefølje",
        ["fund.credit.below_ig_share"] = "Forvaltningsfondet: andel under investment grade",
        ["fund.credit.min_rating_single"] = "Forvaltningsfondet: laveste rating under investment grade",
        ["fund.subordinated_share"] = "Forvaltningsfondet: andel ansvarlige lån",
        ["fund.active_sustainable_equity_share"] = "Forvaltningsfondet: aktive bærekraftige fond, andel av aksjene",
        ["fund.index_near_equity_share"] = "Forvaltningsfondet: indeksnær aksjeforvaltning, andel",
        ["fund.green_zone"] = "Forvaltningsfondet: grønn sone (sannsynlighet for bevart realverdi)",
        ["fund.real_value"] = "Forvaltningsfondet: realverdi (2002-kroner)",
        ["liquidity.main_bank_cap"] = "Likviditet: innskudd i hovedbanken",
        ["debt.hedging_ratio"] = "Gjeld: fastrenteandel (sikringsgrad)",
        ["debt.refinancing_12m"] = "Gjeld: refinansiering innen 12 måneder",
        ["debt.interest_fixing_time"] = "Gjeld: rentebindingstid",
        ["stress.risk_frame"] = "Stresstest: samlet beregnet risiko mot risikoramme",
    };

    public ReportChapter Chapter(ReportInput input)
    {
        var s = input.Snapshot.Compliance;
        if (s is null)
        {
            return new ReportChapter("deviations", "Avvik", [new NoticeBlock("Rammekontrollen er ikke gjennomført: ingen versjon av finansreglementet gjelder for perioden.")]);
        }
        var date = Date(s.AsOf);
        var blocks = new List<ReportBlock>();
        var rows = s.Limits.Select(l => Check(l, input)).ToList();
        var ok = rows.Count(r => r.Status == "OK");
        var breach = rows.Count(r => r.Status == "Brudd");
        var contradicted = rows.Count(r => r.Status == "Motstrid");
        var notComputed = rows.Count(r => r.Status is "Ukjent" or "Ikke beregnet");
        blocks.Add(new ParagraphBlock(s.Deviations.Count == 0
            ? "Det er ikke registrert avvik fra finansreglementets rammer i perioden."
            : $"Det er registrert {s.Deviations.Count} avvik fra finansreglementets rammer i perioden {Date(s.PeriodFrom)}–{date}. Avvikene er forklart og håndtert som vist i avviksregisteret nedenfor."));
        var summary = $"Per {date} er {s.Limits.Count} rammer i finansreglementet (versjon {s.PolicyVersion}) kontrollert: {ok} innenfor, {breach} brudd, "
            + (contradicted > 0 ? $"{contradicted} der registrene motsier attestasjonen, " : "")
            + $"og {notComputed} som ikke kan kontrolleres fordi systemet verken har data som støtter tallet eller attestasjon.";
        blocks.Add(new ParagraphBlock(summary));
        if (s.BreachCount > 0 && !s.BreachesRecorded)
        {
            blocks.Add(new NoticeBlock("Bruddene er funnet i en foreløpig beregning og er ennå ikke registrert i avviksregisteret; de registreres når måneden fryses."));
        }
        blocks.Add(new TableBlock(new ReportTable("Rammekontroll", $"Kontroll av finansreglementets rammer per {date}", "Ramme",
        [
            new("actual", "Faktisk", CellKind.Text),
            new("min", "Minimum", CellKind.Text),
            new("max", "Maksimum", CellKind.Text),
            new("unit", "Enhet", CellKind.Text),
            new("status", "Status", CellKind.Text),
            new("basis", "Grunnlag", CellKind.Text),
        ],
        rows.Select(r => new ReportRow(Name(r.Limit.LimitId, r.Limit.Description),
            [r.Actual, Value(r.Limit.Min, r.Limit.Unit), Value(r.Limit.Max, r.Limit.Unit), Unit(r.Limit.Unit), r.Status, r.Basis])).ToList(),
            "Beløp i mill. kr. Beregnet = fra systemets registre; attestert = bekreftet av forvalter eller økonomiavdelingen (høyst ett år gammel); motstrid = attestert, men registrene viser et tall utenfor rammen; ikke beregnet = registrene støtter ikke tallet. Tallene med full presisjon står i den maskinlesbare utgaven av rapporten.")));
        if (s.Deviations.Count > 0)
        {
            blocks.Add(new TableBlock(new ReportTable("Avviksregister", $"Registrerte avvik {Date(s.PeriodFrom)}–{date}", "Ramme",
            [
                new("detectedOn", "Registrert", CellKind.Text),
                new("actual", "Faktisk", CellKind.Text),
                new("bounds", "Ramme", CellKind.Text),
                new("explanation", "Forklaring", CellKind.Text),
                new("handling", "Håndtering", CellKind.Text),
                new("resolvedOn", "Lukket", CellKind.Text),
            ],
            s.Deviations.Select(d => new ReportRow(Name(d.LimitId, d.Description),
            [
                Date(d.DetectedOn), Value(d.Actual, d.Unit), Bounds(d.Min, d.Max, d.Unit),
                d.Explanation ?? "Ikke forklart ennå", d.Handling ?? "Ikke håndtert ennå", d.ResolvedOn is { } r ? Date(r) : "Åpent",
            ])).ToList())));
        }
        return new ReportChapter("deviations", "Avvik", blocks);
    }

    private sealed record CheckRow(ComplianceLimit Limit, string Actual, string Status, string Basis);

    /// <summary>
    /// A limit as the report may state it: a computed figure the registers cannot support is "ikke beregnet" (with the
    /// published figure), and an attestation the registers contradict is "motstrid" with both figures.
    /// </summary>
    private static CheckRow Check(ComplianceLimit l, ReportInput input)
    {
        var sup = input.Snapshot.Supplement;
        var debt = input.Snapshot.Debt;
        string? PublishedDebt(string metric) => debt is null ? null : Published.Debt(debt, metric)?.Text;
        switch (l.LimitId)
        {
            case "fund.active_sustainable_equity_share" when sup?.SustainableEquity is { } se && l.Max is { } max && se.SharePct > max:
                return new CheckRow(l, $"{Number(se.SharePct, 1)} (plasseringsregisteret)", "Motstrid",
                    $"Attestert innenfor, men plasseringsregisteret viser {Pct(se.SharePct)} av aksjene i artikkel 9-fond (Mer Samfunnsansvar) mot maks. {Number(max, 0)}{Space}%");
            case "debt.hedging_ratio" or "debt.interest_fixing_time" when debt is not null && !sup.FixingSupported():
                var published = PublishedDebt(l.LimitId == "debt.hedging_ratio" ? "fixed_rate_share" : "interest_fixing_time");
                return new CheckRow(l, published is null ? "" : $"{published} (publisert)", "Ikke beregnet", $"Mangler data: {sup.FixingReason()}");
            case "debt.hedging_ratio" or "debt.interest_fixing_time" or "debt.refinancing_12m" when debt is null:
                return new CheckRow(l, "", "Ikke beregnet", $"Mangler data: låneregisteret har ingen lån per {Date(input.Snapshot.AsOf)}");
            default:
                return new CheckRow(l, Value(l.Actual, l.Unit), Status(l.Status), Basis(l.Basis));
        }
    }

    private static string Name(string id, string description) => Names.TryGetValue(id, out var n) ? n : description;

    /// <summary>A value in the unit's display: NOK in MNOK, percentages and years with one decimal.</summary>
    internal static string Value(decimal? v, string? unit) => v is not { } x ? "" : unit switch
    {
        "NOK" or "NOK_2002" => Mnok(x),
        "pct" or "years" => Number(x, 1),
        _ => Number(x, 2),
    };

    private static string Bounds(string? min, string? max, string? unit)
    {
        static decimal? Parse(string? s) => decimal.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
        var lo = Parse(min) is { } a ? Value(a, unit) : min;
        var hi = Parse(max) is { } b ? Value(b, unit) : max;
        return (lo, hi) switch
        {
            ({ } l, { } h) => $"{l}–{h} {Unit(unit)}",
            (null, { } h) => $"maks. {h} {Unit(unit)}",
            ({ } l, null) => $"min. {l} {Unit(unit)}",
            _ => "",
        };
    }

    private static string Unit(string? unit) => unit switch
    {
        "pct" => "prosent",
        "years" => "år",
        "NOK" => "mill. kr",
        "NOK_2002" => "mill. 2002-kr",
        "rating" => "rating",
        "ratio" => "forholdstall",
        null => "",
        _ => unit,
    };

    private static string Status(string status) => status switch { "ok" => "OK", "breach" => "Brudd", _ => "Ukjent" };

    private static string Basis(string basis) => basis switch { "computed" => "Beregnet", "attested" => "Attestert", _ => "Mangler" };
}
