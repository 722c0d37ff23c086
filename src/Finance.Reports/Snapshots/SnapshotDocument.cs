using NodaTime;

namespace Finance.Reports.Snapshots;

/// <summary>
/// The frozen content of one month-end snapshot: everything the tertial and annual reports print for that date.
/// Amounts are NOK at full precision (<c>…Nok</c>), percentages are percent numbers (<c>…Pct</c>), durations years
/// (<c>…Years</c>). A section that cannot be computed from the registers is null and <see cref="Notes"/> says why.
/// <para>
/// Adding a section is three steps: a property here, one line in <see cref="SnapshotBuilder.Build"/>, and one
/// <c>IReportPartial</c> in <c>Reports/</c> registered in <c>FinanceReports.Partials</c>. See docs/jobs-reports.md.
/// </para>
/// </summary>
public sealed record SnapshotDocument
{
    /// <summary>The month the snapshot freezes; figures are as of its last day.</summary>
    public required YearMonth Month { get; init; }

    public required LocalDate AsOf { get; init; }

    /// <summary>The version of the financial regulations (finansreglement) in force at <see cref="AsOf"/>.</summary>
    public long? PolicyVersion { get; init; }

    public string? PolicyName { get; init; }

    /// <summary>The managed fund (forvaltningsfondet); null when the fund has no valuation on or before the date.</summary>
    public FundSection? Fund { get; init; }

    /// <summary>Short-term liquidity (Tabell 2.1, Figur 2.1, average daily liquidity, main-bank cap); null when the year has no figures.</summary>
    public LiquiditySection? Liquidity { get; init; }

    /// <summary>The debt portfolio (Tabell 3.1, Figur 3.1 and 3.2, key figures, debt service); null when the loan register is empty.</summary>
    public DebtSection? Debt { get; init; }

    /// <summary>The green zone (grønn sone): the default Monte Carlo run of the month end.</summary>
    public GreenZoneSection? GreenZone { get; init; }

    /// <summary>The two-part stress test (Tabell 4.1 and 4.2), from the registered <see cref="StressProvider"/>.</summary>
    public StressSection? Stress { get; init; }

    /// <summary>Every limit of the finansreglement checked, and the deviation register of the year; null without regulations in force.</summary>
    public ComplianceSection? Compliance { get; init; }

    /// <summary>What the Finansrapport prints beyond the sections above: published cells with their sources, ESG, on-lending, the loan list.</summary>
    public SupplementSection? Supplement { get; init; }

    /// <summary>Why a section or figure is missing, in plain words.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
