using System.Data.Common;
using Finance.Core.Common;
using Finance.Core.Policy;
using Finance.Data.Debt;
using Finance.Data.Fund;
using Finance.Data.Policy;
using Finance.Data.Reports;
using NodaTime;

namespace Finance.Reports.Snapshots;

/// <summary>
/// What the Finansrapport prints beyond the register sections, frozen with them: published cells (last year's columns,
/// the fund's accounts, portfolio ESG figures — each marked with its source, never presented as computed), the ESG
/// register per placement, the on-lending figures, the loan list (Note 25), what the loan register can and cannot
/// support, and the share of equities in article 9 funds against the cap on active sustainable funds.
/// </summary>
public sealed record SupplementSection(
    IReadOnlyList<PublishedCell> Published,
    EsgFigures? Esg,
    IReadOnlyList<OnLendingFigure> OnLending,
    IReadOnlyList<LoanListRow> Loans,
    DebtRegisterCoverage? DebtCoverage,
    SustainableEquityShare? SustainableEquity);

/// <summary>A published cell (reported data): table, row, column period, value, unit and source.</summary>
public sealed record PublishedCell(string TableId, string RowKey, string Period, decimal Value, string Unit, string Source, string? Note);

/// <summary>The ESG register at its latest reporting date on or before the snapshot, and the one a year earlier when held.</summary>
public sealed record EsgFigures(LocalDate AsOf, IReadOnlyList<EsgPlacement> Placements, LocalDate? PriorAsOf, IReadOnlyList<EsgPlacement> Prior);

public sealed record EsgPlacement(
    string PlacementId, string Name, string AssetClass, long? SfdrArticle, decimal? CarbonIntensity, decimal? TemperatureC,
    decimal? ScienceBasedTargetsPct, decimal? UngcOecdBreachPct, decimal? FemaleBoardPct, decimal? GenderPayGapPct,
    decimal? ControversialWeaponsPct, decimal? NoHumanRightsPolicyPct, string Source);

/// <summary>An on-lending figure (utlån) from the accounts: a balance at a date or a flow of a year.</summary>
public sealed record OnLendingFigure(string Period, string Item, decimal AmountNok, string? Note, string? Source);

/// <summary>One loan of the register at the snapshot date (Note 25 Låneoversikt).</summary>
public sealed record LoanListRow(string LoanId, string Lender, string Product, string Category, string RateType, decimal RatePct, decimal BalanceNok, LocalDate MaturityDate, bool Green, string RateRiskExclusion);

/// <summary>
/// What the loan register holds for the rate-risk figures: fixed-rate loans of the rate-exposed base without the end of
/// their fixed period (then fixed share and interest-fixing time cannot be computed), loans flagged VAR / rate-compensated
/// (none flagged: the register cannot show them excluded), and green-flagged loans.
/// </summary>
public sealed record DebtRegisterCoverage(int FixedExposedLoans, int FixedExposedWithoutFixingEnd, int VarLoans, int RateCompensatedLoans, int GreenLoans);

/// <summary>Equities in SFDR article 9 funds (the active sustainable funds) as a share of all equities, against the regulations' cap.</summary>
public sealed record SustainableEquityShare(decimal Article9EquitiesNok, decimal EquitiesNok, decimal SharePct, decimal? MaxPct, IReadOnlyList<string> Funds);

public static class SupplementSectionBuilder
{
    public static SupplementSection Build(DbConnection c, DbTransaction tx, LocalDate asOf, PolicyInForce? policy, FundSection? fund)
    {
        var published = ReportStore.Published(c, asOf, tx)
            .Select(p => new PublishedCell(p.TableId, p.RowKey, p.Period, p.Value, p.Unit, p.Source, p.Note)).ToList();
        var onLending = DebtStore.OnLending(c, asOf, tx).Concat(DebtStore.OnLending(c, new LocalDate(asOf.Year - 1, 12, 31), tx))
            .Where(r => decimal.TryParse(r.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            .Select(r => new OnLendingFigure(r.Period, r.Metric, decimal.Parse(r.Value, System.Globalization.CultureInfo.InvariantCulture), r.Note, r.Source))
            .ToList();
        var loans = DebtStore.LoansAt(c, asOf, tx).Where(l => l.BalanceNok != 0m).ToList();
        var list = loans.Select(l => new LoanListRow(l.LoanId, l.Lender, l.Product, l.Category, l.RateType, l.RatePct, l.BalanceNok, l.MaturityDate, l.Green, l.RateRiskExclusion)).ToList();
        var exposedFixed = loans.Where(l => l.RateType == "fixed" && l.RateRiskExclusion == "none").ToList();
        var coverage = loans.Count == 0 ? null : new DebtRegisterCoverage(
            exposedFixed.Count, exposedFixed.Count(l => l.NextRateResetDate is null),
            loans.Count(l => l.RateRiskExclusion == "var"), loans.Count(l => l.RateRiskExclusion == "rateCompensated"), loans.Count(l => l.Green));
        return new SupplementSection(published, Esg(c, tx, asOf), onLending, list, coverage, Sustainable(fund, policy));
    }

    private static EsgFigures? Esg(DbConnection c, DbTransaction tx, LocalDate asOf)
    {
        if (ReportStore.LatestEsgDate(c, asOf, tx) is not { } date)
        {
            return null;
        }
        var placements = FundStore.Placements(c, tx).ToDictionary(p => p.PlacementId);
        List<EsgPlacement> At(LocalDate d) => ReportStore.Esg(c, d, d, tx).Select(r =>
        {
            var p = placements.GetValueOrDefault(r.PlacementId);
            return new EsgPlacement(r.PlacementId, p?.Name ?? r.PlacementId, p?.AssetClass ?? "", r.SfdrArticle ?? p?.SfdrArticle, r.CarbonIntensity, r.TemperatureC,
                r.ScienceBasedTargetsPct, r.UngcOecdBreachPct, r.FemaleBoardPct, r.GenderPayGapPct, r.ControversialWeaponsPct, r.NoHumanRightsPolicyPct, r.Source);
        }).ToList();
        var prior = ReportStore.LatestEsgDate(c, date.PlusYears(-1), tx);
        return new EsgFigures(date, At(date), prior, prior is { } p ? At(p) : []);
    }

    private static SustainableEquityShare? Sustainable(FundSection? fund, PolicyInForce? policy)
    {
        var equities = fund?.Placements.Where(p => p.AssetClass == "equities").ToList() ?? [];
        var total = equities.Sum(p => p.MarketValueNok);
        if (total == 0m)
        {
            return null;
        }
        var article9 = equities.Where(p => p.SfdrArticle == 9).ToList();
        var nok = article9.Sum(p => p.MarketValueNok);
        return new SustainableEquityShare(nok, total, Rate.Share(nok, total).Percent, policy?.Number("fund.active_sustainable_equity_share", l => l.Max),
            article9.Select(p => p.Name).ToList());
    }
}
