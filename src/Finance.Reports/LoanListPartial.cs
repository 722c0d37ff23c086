using System.Globalization;
using static Finance.Reports.Norwegian;

namespace Finance.Reports;

/// <summary>Note 25 Låneoversikt: every loan of the register at the period end, investment loans then on-lending loans, with sums.</summary>
public sealed class LoanListPartial : IReportPartial
{
    public ReportChapter Chapter(ReportInput input)
    {
        var loans = input.Snapshot.Supplement?.Loans ?? [];
        var asOf = Date(input.Snapshot.AsOf);
        if (loans.Count == 0)
        {
            return new ReportChapter("loans", "Låneoversikt (note 25)", [new NoticeBlock($"Låneoversikten er {Published.NotComputed}: låneregisteret har ingen lån per {asOf}.")]);
        }
        var blocks = new List<ReportBlock>();
        foreach (var (category, title, sum) in new[]
                 {
                     ("investment", "Lån til investeringer", "Sum lån til investeringer"),
                     ("onLending", "Videreformidlingslån", "Sum videreformidlingslån"),
                 })
        {
            var group = loans.Where(l => l.Category == category && l.RateRiskExclusion != "lease").ToList();
            if (group.Count == 0)
            {
                continue;
            }
            var rows = group.Select(l => new ReportRow(l.Lender, [l.Product, Number(l.RatePct, 4) + Space + "%", l.BalanceNok, l.MaturityDate.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)])).ToList();
            rows.Add(new ReportRow(sum, [null, null, group.Sum(l => l.BalanceNok), null], true));
            blocks.Add(new TableBlock(new ReportTable(category == "investment" ? "Note 25" : "Note 25 videreformidling", $"Låneoversikt per {asOf}: {title.ToLowerInvariant()}", "Långiver",
                [new("product", "Produkt", CellKind.Text), new("rate", "Rente", CellKind.Text), new("balanceNok", $"Restgjeld {asOf} (mill. kr)", CellKind.Nok, 1), new("maturity", "Forfaller", CellKind.Text)], rows)));
        }
        var borrowing = loans.Where(l => l.RateRiskExclusion != "lease").Sum(l => l.BalanceNok);
        blocks.Add(new ParagraphBlock($"Sum langsiktig gjeld (innlån) per {asOf}: {Mnok(borrowing, 1)} mill. kroner, fordelt på {loans.Count(l => l.RateRiskExclusion != "lease")} lån. Finansielle leieavtaler er ikke med i oversikten."));
        return new ReportChapter("loans", "Låneoversikt (note 25)", blocks);
    }
}
