using System.Data.Common;
using System.Text.Json.Serialization;
using System.Globalization;
using Finance.Core.Common;
using Finance.Core.Debt;
using Finance.Core.Policy;
using Finance.Data.Debt;
using Finance.Data.Policy;
using NodaTime;
using NodaTime.Text;

namespace Finance.Reports.Snapshots;

/// <summary>
/// The debt portfolio (gjeldsporteføljen, Finansrapport kap. 3) at the snapshot date: the figures of
/// <c>GET /api/debt/summary</c> (<see cref="DebtPositions.At"/>: key figures, policy bands, debt service, leases),
/// the borrowing per lender at the period ends of the year (Tabell 3.1) and the published figures for comparison.
/// Leases (OPS) are kept apart from borrowing (<see cref="Leases"/>).
/// </summary>
public sealed record DebtSection(
    LocalDate AsOf,
    int LoanCount,
    decimal TotalNok,
    decimal InvestmentNok,
    decimal OnLendingNok,
    [property: JsonPropertyName("byLender")] IReadOnlyList<DebtLender> Lenders,
    decimal WeightedAverageRatePct,
    decimal Refinancing12mNok,
    decimal Refinancing12mPct,
    DebtBand Refinancing12mLimit,
    IReadOnlyList<DebtMaturityBucket> MaturityBuckets,
    decimal RateExposedNok,
    decimal FixedNok,
    decimal FixedSharePct,
    DebtBand FixedShareBand,
    IReadOnlyList<DebtFixingBucket> FixingBuckets,
    decimal AverageFixingYears,
    [property: JsonPropertyName("averageFixingYearsBand")] DebtBand FixingYearsBand,
    decimal BulletNok,
    decimal BulletSharePct,
    decimal GreenNok,
    decimal GreenSharePct,
    decimal FloatingWithin12mNok,
    decimal LeasesNok,
    IReadOnlyList<DebtLenderBalance> Leases,
    [property: JsonPropertyName("debtService")] DebtServiceFigures Service,
    IReadOnlyList<DebtPeriodEnd> PeriodEnds,
    IReadOnlyList<DebtReportedFigure> Reported);

/// <summary>One lender: balance, share of borrowing, balance-weighted rate.</summary>
public sealed record DebtLender(string Lender, decimal BalanceNok, decimal SharePct, decimal AverageRatePct, int Loans);

/// <summary>A limit of the regulations in force (null bounds: not set) and whether the figure is within it (null: not checkable).</summary>
public sealed record DebtBand(decimal? Min, decimal? Max, bool? Within);

/// <summary>A bucket of final maturity (Figur 3.2), investment / on-lending, shares of total borrowing.</summary>
public sealed record DebtMaturityBucket(string Bucket, decimal InvestmentNok, decimal OnLendingNok, decimal TotalNok, decimal InvestmentPct, decimal OnLendingPct);

/// <summary>A bucket of interest fixing (Figur 3.1) of the rate-exposed base.</summary>
public sealed record DebtFixingBucket(string Bucket, decimal TotalNok, [property: JsonPropertyName("pct")] decimal SharePct);

public sealed record DebtLenderBalance(string Lender, decimal BalanceNok);

/// <summary>
/// Borrowing at a period end (Tabell 3.1 column): per lender, total, refinancing within 12 months seen from that date, and
/// leases apart. <see cref="LoanCount"/> 0: the register holds no loan balance on or before that date.
/// </summary>
public sealed record DebtPeriodEnd(LocalDate Date, int LoanCount, decimal TotalNok, [property: JsonPropertyName("byLender")] IReadOnlyList<DebtLenderBalance> Lenders, decimal Refinancing12mNok, IReadOnlyList<DebtLenderBalance> Leases);

public sealed record DebtServiceYear(int Year, LocalDate From, LocalDate To, decimal InterestNok, decimal InstalmentsNok, decimal TotalNok, decimal MaturitiesNok);

public sealed record DebtRateSensitivity(decimal ShockPct, decimal ExtraInterest12mNok, decimal ExtraInterest4yNok);

/// <summary>The projected debt service (renter og avdrag) for the next 12 months and four years, and its sensitivity to +1 / +2 pp.</summary>
public sealed record DebtServiceFigures(DebtServiceYear Next12m, IReadOnlyList<DebtServiceYear> Years, decimal Total4yNok, IReadOnlyList<DebtRateSensitivity> Sensitivity);

/// <summary>A published figure (debt_reported) for the date, or for its year once the year has ended.</summary>
public sealed record DebtReportedFigure(string Period, string Metric, string Value, string? Unit, string? Note);

public static class DebtSectionBuilder
{
    /// <summary>
    /// The debt section as of <paramref name="asOf"/>, or null (with a note) when the loan register holds no borrowing then.
    /// Reads each loan at its latest balance on or before the date (and on or before each period end).
    /// </summary>
    public static DebtSection? Build(DbConnection c, DbTransaction tx, LocalDate asOf, PolicyInForce? policy, List<string> notes)
    {
        // The loans at the date and at each period end of Tabell 3.1 from one read of the register, kept for the transaction:
        // the figures below and the period ends find them there.
        DebtStore.Loans(c, PeriodEndDates(asOf).Append(asOf), tx);
        var p = DebtPositions.At(c, asOf, policy, tx);
        var f = p.Figures;
        if (f.LoanCount == 0)
        {
            notes.Add($"Låneregisteret har ingen lån med saldo per {asOf:dd.MM.yyyy} eller tidligere.");
            return null;
        }
        if (!p.RateExposed)
        {
            notes.Add("Alle lån er holdt utenom det renteeksponerte grunnlaget: fastrenteandel og rentebindingstid har ikke noe grunnlag.");
        }

        return new DebtSection(
            asOf, f.LoanCount, f.TotalNok, f.InvestmentNok, f.OnLendingNok,
            f.ByLender.Select(l => new DebtLender(l.Lender, l.BalanceNok, l.Share.Percent, l.AverageRate.Percent, l.Loans)).ToList(),
            f.WeightedAverageRate.Percent,
            f.Refinancing12mNok, f.Refinancing12mShare.Percent, Band(p.Refinancing12mLimit),
            f.MaturityBuckets.Select(b => new DebtMaturityBucket(b.Bucket, b.InvestmentNok, b.OnLendingNok, b.TotalNok,
                b.InvestmentShare.Percent, b.OnLendingShare.Percent)).ToList(),
            f.RateExposedNok, f.FixedNok, f.FixedShare.Percent, Band(p.FixedShareBand),
            f.FixingBuckets.Select(b => new DebtFixingBucket(b.Bucket, b.TotalNok, b.Share.Percent)).ToList(),
            f.AverageFixingYears, Band(p.AverageFixingYearsBand),
            f.BulletNok, f.BulletShare.Percent, f.GreenNok, f.GreenShare.Percent,
            f.FloatingWithin12mNok, f.LeasesNok, p.Leases.Select(Balance).ToList(),
            Service(p.Service),
            PeriodEnds(c, tx, asOf),
            Reported(c, tx, asOf));
    }

    private static DebtBand Band(PolicyBand b) => new(b.Min, b.Max, b.Within);

    private static DebtLenderBalance Balance(LenderBalance b) => new(b.Lender, b.BalanceNok);

    /// <summary>The debt service of the position, as <c>GET /api/debt/summary</c> maps it.</summary>
    private static DebtServiceFigures Service(DebtServiceOutlook outlook)
    {
        static DebtServiceYear Year(DebtServicePeriod p) => new(p.Year, p.From, p.To, p.InterestNok, p.InstalmentsNok, p.TotalNok, p.MaturitiesNok);
        return new DebtServiceFigures(Year(outlook.Years[0]), outlook.Years.Select(Year).ToList(), outlook.TotalNok,
            outlook.Sensitivity.Select(x => new DebtRateSensitivity(x.ShockPoints, x.ExtraInterest12mNok, x.ExtraInterestTotalNok)).ToList());
    }

    /// <summary>
    /// The columns of Tabell 3.1: the previous year end, the tertial ends of the year up to the snapshot, and the snapshot
    /// date itself when it is not a tertial end. Every date is on or before <paramref name="asOf"/>.
    /// </summary>
    internal static IReadOnlyList<LocalDate> PeriodEndDates(LocalDate asOf)
    {
        var dates = new List<LocalDate> { new(asOf.Year - 1, 12, 31) };
        dates.AddRange(new[] { new LocalDate(asOf.Year, 4, 30), new LocalDate(asOf.Year, 8, 31), new LocalDate(asOf.Year, 12, 31) }.Where(d => d <= asOf));
        if (!dates.Contains(asOf))
        {
            dates.Add(asOf);
        }
        return dates;
    }

    private static IReadOnlyList<DebtPeriodEnd> PeriodEnds(DbConnection c, DbTransaction tx, LocalDate asOf) =>
        PeriodEndDates(asOf).Select(date =>
        {
            var loans = DebtStore.Loans(c, date, tx);
            var f = DebtMetrics.Summarise(loans, date);
            return new DebtPeriodEnd(date, f.LoanCount, f.TotalNok,
                f.ByLender.Select(l => new DebtLenderBalance(l.Lender, l.BalanceNok)).ToList(),
                f.Refinancing12mNok,
                DebtPosition.LeasesByLender(loans, date).Select(Balance).ToList());
        }).ToList();

    /// <summary>Published figures for the date, and those for its year only once the year has ended (no figure from after the snapshot).</summary>
    private static IReadOnlyList<DebtReportedFigure> Reported(DbConnection c, DbTransaction tx, LocalDate asOf)
    {
        var date = LocalDatePattern.Iso.Format(asOf);
        var year = asOf.Year.ToString(CultureInfo.InvariantCulture);
        var yearEnded = asOf == new LocalDate(asOf.Year, 12, 31);
        return DebtStore.Reported(c, asOf, tx)
            .Where(r => r.Period == date || (r.Period == year && yearEnded))
            .Select(r => new DebtReportedFigure(r.Period, r.Metric, r.Value, r.Unit, r.Note))
            .ToList();
    }
}
