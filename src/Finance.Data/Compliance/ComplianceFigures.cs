using System.Data.Common;
using System.Globalization;
using Finance.Core.Common;
using Finance.Core.Compliance;
using Finance.Core.Fund;
using Finance.Core.Debt;
using Finance.Core.Liquidity;
using Finance.Core.Policy;
using Finance.Core.Stress;
using Finance.Data.Debt;
using Finance.Data.Fund;
using Finance.Data.Liquidity;
using Finance.Data.Stress;
using Finance.Data.Policy;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Finance.Data.Compliance;

/// <summary>Every limit of the regulations in force at a date, checked; with the stated rules, stress parameters and key-figure targets.</summary>
public sealed record ComplianceReport(
    LocalDate AsOf,
    PolicyVersionRow? Policy,
    IReadOnlyList<LimitCheck> Checks,
    IReadOnlyList<PolicyLimitRow> Rules,
    IReadOnlyList<PolicyLimitRow> Parameters,
    IReadOnlyList<PolicyLimitRow> Targets);

/// <summary>
/// Checks the limits of the finansreglement against the registers. A limit is checked when it has a numeric or rating
/// bound; its actual value is computed from the registers where the system holds the data, otherwise taken from an
/// attestation (manager or treasury confirmation with its source, at most a year old), otherwise unknown. Rows without
/// bounds are stated rules; the stress factors are parameters; municipal key figures are targets, not limits.
/// </summary>
public static class ComplianceFigures
{
    private delegate (decimal? Actual, string? Note) Actual(DbConnection c, DbTransaction? tx, LocalDate asOf);

    /// <summary>The actual value of each limit the registers can compute, by limit id.</summary>
    private static readonly Dictionary<string, Actual> Computed = new(StringComparer.Ordinal)
    {
        ["fund.alloc.equities"] = (c, tx, d) => Weight(c, tx, d, AssetClass.Equities),
        ["fund.alloc.bonds"] = (c, tx, d) => Weight(c, tx, d, AssetClass.Bonds),
        ["fund.duration.interest_rate"] = (c, tx, d) => Duration(c, tx, d, b => b.InterestYears),
        ["fund.duration.credit"] = (c, tx, d) => Duration(c, tx, d, b => b.CreditYears),
        ["fund.real_value"] = RealValueInBaseYearKroner,
        ["debt.hedging_ratio"] = (c, tx, d) => Debt(c, tx, d, f => f.RateExposedNok == 0m ? null : f.FixedShare.Percent, "Fixed-rate share (fixing at least 365 days away) of the rate-exposed loans"),
        ["debt.refinancing_12m"] = (c, tx, d) => Debt(c, tx, d, f => f.Refinancing12mShare.Percent, "Loans maturing within 12 months, share of borrowing"),
        ["debt.interest_fixing_time"] = (c, tx, d) => Debt(c, tx, d, f => f.RateExposedNok == 0m ? null : f.AverageFixingYears, "Weighted average interest-fixing time of the rate-exposed loans"),
        ["liquidity.main_bank_cap"] = MainBankPeak,
        ["stress.risk_frame"] = StressTotal,
        ["fund.green_zone"] = GreenZoneProbability,
    };

    /// <summary>Limits whose rule says "over" (strictly greater than the minimum).</summary>
    private static readonly HashSet<string> StrictMinimum = ["fund.green_zone"];

    public static ComplianceReport Check(DbConnection c, DbTransaction? tx, LocalDate asOf)
    {
        var policy = PolicyStore.InForce(c, asOf, tx);
        if (policy is null)
        {
            return new ComplianceReport(asOf, null, [], [], [], []);
        }
        var checks = new List<LimitCheck>();
        var rules = new List<PolicyLimitRow>();
        var parameters = new List<PolicyLimitRow>();
        var targets = new List<PolicyLimitRow>();
        foreach (var limit in policy.Limits)
        {
            var min = Number(limit.Min);
            var max = Number(limit.Max);
            if (limit.Area == "municipal_key_figure")
            {
                targets.Add(limit);
            }
            else if (limit.LimitId.StartsWith("stress.", StringComparison.Ordinal) && min is null && max is null)
            {
                parameters.Add(limit);
            }
            else if (min is null && max is null && limit.Unit != "rating")
            {
                rules.Add(limit);
            }
            else
            {
                checks.Add(CheckOne(c, tx, asOf, limit, min, max));
            }
        }
        return new ComplianceReport(asOf, policy.Version, checks, rules, parameters, targets);
    }

    private static LimitCheck CheckOne(DbConnection c, DbTransaction? tx, LocalDate asOf, PolicyLimitRow limit, decimal? min, decimal? max)
    {
        var attestation = ComplianceStore.Attestation(c, limit.LimitId, asOf, tx);
        if (limit.Unit != "rating" && Computed.TryGetValue(limit.LimitId, out var actualOf))
        {
            var (actual, note) = actualOf(c, tx, asOf);
            if (actual is not null || attestation is null)
            {
                return new LimitCheck(limit.LimitId, limit.Area, limit.Description, actual, min, max, limit.Unit,
                    Limits.Check(actual, min, max, StrictMinimum.Contains(limit.LimitId)),
                    actual is null ? CheckBasis.Missing : CheckBasis.Computed, note);
            }
        }
        if (attestation is { } a)
        {
            var status = a.Actual is { } v ? Limits.Check(v, min, max, StrictMinimum.Contains(limit.LimitId)) : a.Compliant ? ComplianceStatus.Ok : ComplianceStatus.Breach;
            return new LimitCheck(limit.LimitId, limit.Area, limit.Description, a.Actual, min, max, limit.Unit, status, CheckBasis.Attested,
                $"Attested {a.AsOf:yyyy-MM-dd}: {a.Source}" + (limit.Unit == "rating" ? $" (minimum rating {limit.Min})" : ""));
        }
        return new LimitCheck(limit.LimitId, limit.Area, limit.Description, null, min, max, limit.Unit, ComplianceStatus.Unknown, CheckBasis.Missing,
            "The system holds no data for this limit and no attestation of it in the last year.");
    }

    /// <summary>
    /// Checks and records every breach in the deviation register (one deviation per continuing breach).
    /// Returns the report and the deviations open at <paramref name="asOf"/>.
    /// </summary>
    public static (ComplianceReport Report, IReadOnlyList<DeviationRow> Deviations) Detect(DbConnection c, DbTransaction tx, LocalDate asOf, Instant now)
    {
        var report = Check(c, tx, asOf);
        foreach (var breach in report.Checks.Where(x => x.Status == ComplianceStatus.Breach))
        {
            ComplianceStore.RecordBreach(c, tx, new DeviationRow
            {
                LimitId = breach.LimitId,
                PolicyVersion = report.Policy!.Version,
                DetectedOn = asOf,
                DetectedAt = now,
                Actual = breach.Actual,
                Min = breach.Min?.ToString(CultureInfo.InvariantCulture),
                Max = breach.Max?.ToString(CultureInfo.InvariantCulture),
                Unit = breach.Unit,
                Description = breach.Description,
            });
        }
        return (report, ComplianceStore.Deviations(c, asOf, asOf, tx));
    }

    private static decimal? Number(string? s) =>
        decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <summary>A debt limit's figure, taken from <see cref="DebtPositions.At"/> (the figures of the debt summary).</summary>
    private static (decimal?, string?) Debt(DbConnection c, DbTransaction? tx, LocalDate asOf, Func<DebtFigures, decimal?> figure, string what)
    {
        var p = DebtPositions.At(c, asOf, PolicyStore.InForce(c, asOf, tx), tx);
        return p.Loans.Count == 0 ? (null, "The loan register holds no loans at the date.") : (figure(p.Figures), $"{what}, at {asOf:yyyy-MM-dd}.");
    }

    /// <summary>The highest main-bank total of any day from 1 January to the date (the cap holds every day).</summary>
    private static (decimal?, string?) MainBankPeak(DbConnection c, DbTransaction? tx, LocalDate asOf)
    {
        var accounts = LiquidityStore.Accounts(c, tx).Select(a => a.ToAccount()).ToList();
        var days = LiquidityFigures.Series(accounts, LiquidityStore.BalancesForYear(c, asOf.Year, tx), new LocalDate(asOf.Year, 1, 1), asOf)
            .Where(d => d.MainBankCapNok.HasValue).ToList();
        if (days.Count == 0)
        {
            return (null, $"No daily main-bank balances in {asOf.Year} up to the date.");
        }
        var peak = days.MaxBy(d => d.MainBankCapNok!.Value)!;
        return (peak.MainBankCapNok, $"Highest main-bank total of {days.Count} days from 1 January: {peak.Date:yyyy-MM-dd}.");
    }

    /// <summary>The stress test's total at the date (<see cref="StressFigures.FromRegisters"/>).</summary>
    private static (decimal?, string?) StressTotal(DbConnection c, DbTransaction? tx, LocalDate asOf)
    {
        var policy = PolicyStore.InForce(c, asOf, tx);
        var run = StressFigures.FromRegisters(c, tx, asOf, policy);
        if (run.Inputs is null || policy is null)
        {
            return (null, run.Problem ?? "No regulations in force.");
        }
        if (run.Result is not { } r)
        {
            return (null, "The stress factors are not in the regulations in force.");
        }
        return (r.TotalNok, $"Stress test from the registers at {asOf:yyyy-MM-dd}: part 1 {r.PartOne.TotalNok:0} + part 2 {r.PartTwo.TotalNok:0} NOK.");
    }

    /// <summary>The probability the fund keeps its real value over the horizon, from the default green-zone run at the date.</summary>
    private static (decimal?, string?) GreenZoneProbability(DbConnection c, DbTransaction? tx, LocalDate asOf)
    {
        var (run, problem) = GreenZone.GreenZoneRuns.Default(c, tx, asOf);
        if (run is null)
        {
            return (null, problem);
        }
        var i = run.Resolved.Inputs;
        // The exact share of paths (the outcome's percentage is rounded to 4 decimals, which could turn 80.00004 % into
        // 80 % and a pass into a breach of "over 80 %").
        var kept = run.Outcome.RealValueKept;
        return (kept.Count * 100m / kept.Paths,
            $"Default green-zone run at {asOf:yyyy-MM-dd}: {i.Paths} paths over {i.HorizonYears} years, seed {i.Seed}, assumptions version {run.Resolved.AssumptionsVersion}; standard error {run.Outcome.RealValueKept.StandardError.RoundedPercent(4)} pp.");
    }

    /// <summary>A class's weight in the fund at the latest valuation, as the holdings show it (<see cref="Allocation.Against(FundValuation, PolicyInForce?)"/>).</summary>
    private static (decimal?, string?) Weight(DbConnection c, DbTransaction? tx, LocalDate asOf, AssetClass assetClass)
    {
        var v = FundFigures.LatestValuation(c, asOf, tx);
        return v is null || v.TotalNok == 0m
            ? (null, $"No valuation of the fund on or before {asOf:yyyy-MM-dd}.")
            : ((Allocation.Against(v, null).FirstOrDefault(a => a.AssetClass == assetClass)?.Weight ?? Rate.Zero).Percent, $"Weight at {v.Date:yyyy-MM-dd}.");
    }

    /// <summary>A bond duration at the latest valuation, as the risk figures show it (<see cref="BondDurations.Of"/>).</summary>
    private static (decimal?, string?) Duration(DbConnection c, DbTransaction? tx, LocalDate asOf, Func<BondDurations, decimal?> duration)
    {
        var v = FundFigures.LatestValuation(c, asOf, tx);
        var d = duration(BondDurations.Of(v));
        return d is null ? (null, "No bond placement reports a duration at the latest valuation.") : (d, $"Market-value weighted at {v!.Date:yyyy-MM-dd}.");
    }

    /// <summary>The fund's market value in base-year kroner: MV × CPI(base) / CPI(year), against the real-value base.</summary>
    private static (decimal?, string?) RealValueInBaseYearKroner(DbConnection c, DbTransaction? tx, LocalDate asOf)
    {
        var v = FundFigures.LatestValuation(c, asOf, tx);
        var p = FundStore.Parameters(c, tx);
        if (v is null || p is null)
        {
            return (null, "No valuation or fund parameters.");
        }
        if (FundFigures.CpiForTarget(c, (int)p.RealValueBaseYear, asOf.Year, tx) is not { } cpi)
        {
            return (null, "The CPI series lacks the base year or the year.");
        }
        return (v.TotalNok * cpi.CpiIndexBaseYear / cpi.CpiIndexYear, $"Market value at {v.Date:yyyy-MM-dd} in {p.RealValueBaseYear}-kroner. {cpi.Basis}");
    }
}
