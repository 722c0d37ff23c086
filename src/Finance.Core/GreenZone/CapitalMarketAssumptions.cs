using Finance.Core.Common;
using NodaTime;

namespace Finance.Core.GreenZone;

/// <summary>An asset class's expected simple annual return and its volatility (annual s.d. of the log return).</summary>
public sealed record ClassMarketAssumption(AssetClass AssetClass, Rate ExpectedReturn, Rate Volatility, string? Source);

/// <summary>
/// A version of the capital-market assumptions (kapitalmarkedsforutsetninger), in force from <see cref="ValidFrom"/>
/// until the next version. Every run stores the version it used.
/// <para><b>Version 1</b> (migration <c>0020_green_zone.sql</c>, valid from 2025-01-01) reproduces the 2025 report's
/// green-zone figures (Vedlegg 1: 98 %, 0 %, 4 248 and 6 482 MNOK after 15 years). Derivation:</para>
/// <list type="bullet">
/// <item>Inflation 2.0 % (Norges Bank's target): the real-value target after 15 years is
/// RV₂₀₂₅ × 1.02¹⁵ = 3 156.43 × 1.34587 = 4 248.1 MNOK — the report's "estimert realverdi" 4 248.</item>
/// <item>Volatilities: equities 11.4 % (the report's MSCI ACWI standard deviation, L1923); bonds 3.0 % (duration 2.9
/// years × about 1 pp of yearly rate volatility); correlation 0.12, chosen so the 40/60 strategy's volatility is the
/// reported 36-month 5.1 %: √(0.4²·11.4² + 0.6²·3.0² + 2·0.4·0.6·0.12·11.4·3.0) = 5.10 %.</item>
/// <item>Withdrawal 1.88 % of the year-end value (69.6 MNOK / (3 624.5 + 69.6) MNOK, the 2025 withdrawal as a share of the
/// value before it). The report's figures are those of a lognormal fund value with σ = 5.1 %: P(MV₁₅ &gt; RV₁₅) = 97.94 %
/// with 6 482 as the mean (data README). A withdrawal proportional to the value keeps the value lognormal; a fixed
/// 69.6 MNOK does not — it widens the relative spread, and with the same 5.1 % and the same expected value gives 96.2 %.</item>
/// <item>Expected returns: bonds 4.6 % (3M Nibor 4.2 % at year end + about 0.4 pp credit spread), equities 8.0 % (a 3.4 pp
/// equity premium), so that with monthly rebalancing and the 1.88 % withdrawal the expected value after 15 years is
/// 6 486 MNOK (report 6 482; net growth 3.95 %/yr as the report implies).</item>
/// <item>Costs 0 % (the managers' reported values are after fees), monthly steps and monthly rebalancing (the strategy's
/// ±3 pp band is checked quarterly), 100 000 paths, 15 years.</item>
/// </list>
/// </summary>
public sealed record CapitalMarketAssumptions(
    int Version,
    LocalDate ValidFrom,
    string Name,
    Rate Inflation,
    WithdrawalRule Withdrawal,
    StepFrequency Steps,
    Rebalancing Rebalancing,
    Rate Cost,
    int Paths,
    int HorizonYears,
    IReadOnlyList<ClassMarketAssumption> Classes,
    IReadOnlyList<ClassCorrelation> Correlations,
    string? Source)
{
    public ClassMarketAssumption? For(AssetClass c) => Classes.FirstOrDefault(x => x.AssetClass == c);

    /// <summary>The assumed correlation of two classes (1 for a class with itself, 0 when not given).</summary>
    public decimal CorrelationOf(AssetClass a, AssetClass b) =>
        a == b ? 1m : Correlations.FirstOrDefault(r => (r.A == a && r.B == b) || (r.A == b && r.B == a))?.Rho ?? 0m;
}
