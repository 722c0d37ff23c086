using System.Data.Common;
using Finance.Core.Common;
using Finance.Core.Fund;
using Finance.Core.GreenZone;
using Finance.Data.Fund;
using Finance.Data.Policy;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Finance.Data.GreenZone;

/// <summary>Resolves a green-zone run's inputs from a request and the stored data (the API, the snapshot and compliance share it).</summary>
public static class GreenZoneRuns
{
    /// <summary>The largest seed accepted: 2⁵³ − 1, the largest integer every JSON reader keeps exactly.</summary>
    public const long MaxSeed = 9_007_199_254_740_991;

    /// <summary>Everything a run depends on, resolved from the request, the stored data and the assumptions.</summary>
    public sealed record Resolved(GreenZoneInputs Inputs, GreenZoneStartDto Start, int AssumptionsVersion);

    /// <summary>The resolved run, or the field errors (400), or why the stored data cannot give one (422).</summary>
    public sealed record Resolution(Resolved? Value, IReadOnlyList<(string Field, string Message)> Errors, (string Title, string Detail)? Unprocessable);

    /// <summary>
    /// Resolves a run: every field the request omits comes from the stored data at <paramref name="asOf"/> (the fund's
    /// valuation, grunnkapital, the real-value target from the CPI, the policy's strategic weights and green-zone threshold)
    /// and from the capital-market assumptions in force. <c>new GreenZoneRequest(AsOf: date)</c> is the default run of a date.
    /// </summary>
    public static Resolution Resolve(DbConnection c, DbTransaction? tx, GreenZoneRequest body, LocalDate asOf)
    {
        var errors = new List<(string, string)>();
        void When(bool failed, string field, string message)
        {
            if (failed)
            {
                errors.Add((field, message));
            }
        }
        When(body.Seed > MaxSeed, "seed", $"The seed is an integer from 0 to {MaxSeed}.");

        var stored = GreenZoneStore.InForce(c, asOf, tx);
        if (stored is null)
        {
            return new(null, [], ("No capital-market assumptions.", $"No version of the capital-market assumptions is in force on {asOf:yyyy-MM-dd}."));
        }
        var a = stored.Assumptions;
        var policy = PolicyStore.InForce(c, asOf, tx);

        // Asset classes: the listed ones, or every class with a strategic weight in the policy.
        var classes = new List<ClassAssumption>();
        if (body.AssetClasses is { } listed)
        {
            for (var i = 0; i < listed.Count; i++)
            {
                var e = listed[i];
                // A single listed class is the whole portfolio; otherwise a missing weight is the policy's strategic weight.
                var weight = e.WeightPct ?? (listed.Count == 1 ? 100m : policy?.Number("fund.alloc." + e.AssetClass.Code(), l => l.Target));
                var expected = e.ExpectedReturnPct ?? a.For(e.AssetClass)?.ExpectedReturn.Percent;
                var volatility = e.VolatilityPct ?? a.For(e.AssetClass)?.Volatility.Percent;
                When(weight is null, $"assetClasses[{i}].weightPct", $"The policy has no strategic weight for {e.AssetClass.Code()}: give weightPct.");
                When(expected is null, $"assetClasses[{i}].expectedReturnPct", $"The assumptions have no expected return for {e.AssetClass.Code()}: give expectedReturnPct.");
                When(volatility is null, $"assetClasses[{i}].volatilityPct", $"The assumptions have no volatility for {e.AssetClass.Code()}: give volatilityPct.");
                if (weight is not null && expected is not null && volatility is not null)
                {
                    classes.Add(new ClassAssumption(e.AssetClass, Rate.FromPercent(weight.Value), Rate.FromPercent(expected.Value), Rate.FromPercent(volatility.Value)));
                }
            }
        }
        else
        {
            foreach (var k in AssetClasses.All)
            {
                if (policy?.Number("fund.alloc." + k.Code(), l => l.Target) is > 0m and var weight && a.For(k) is { } m)
                {
                    classes.Add(new ClassAssumption(k, Rate.FromPercent(weight), m.ExpectedReturn, m.Volatility));
                }
            }
            if (classes.Count == 0)
            {
                return new(null, [], ("No strategy.", $"The regulations in force on {asOf:yyyy-MM-dd} give no strategic weights (fund.alloc.*): give assetClasses."));
            }
        }

        // Correlations: the request's pairs first (their indices are the request's), then the assumed ones for the other pairs.
        var correlations = (body.Correlations ?? []).Select(r => new ClassCorrelation(r.A, r.B, r.Rho)).ToList();
        for (var i = 0; i < classes.Count; i++)
        {
            for (var j = i + 1; j < classes.Count; j++)
            {
                var (x, y) = (classes[i].AssetClass, classes[j].AssetClass);
                if (!correlations.Any(r => (r.A == x && r.B == y) || (r.A == y && r.B == x)))
                {
                    correlations.Add(new ClassCorrelation(x, y, a.CorrelationOf(x, y)));
                }
            }
        }

        var withdrawal = a.Withdrawal;
        if (body.Withdrawal is { } w)
        {
            var fixedKind = w.Kind is WithdrawalKind.FixedNominal or WithdrawalKind.FixedReal;
            var assumedFixed = a.Withdrawal.Kind is WithdrawalKind.FixedNominal or WithdrawalKind.FixedReal;
            When(fixedKind && w.AmountNok is null && !assumedFixed, "withdrawal.amountNok", "Give the yearly amount (the assumptions have no fixed amount).");
            When(w.Kind == WithdrawalKind.PercentOfValue && w.Pct is null && a.Withdrawal.Kind != WithdrawalKind.PercentOfValue, "withdrawal.pct", "Give the percentage (the assumptions have none).");
            withdrawal = new WithdrawalRule(w.Kind, w.AmountNok ?? a.Withdrawal.AmountNok, w.Pct is { } pct ? Rate.FromPercent(pct) : a.Withdrawal.Share);
        }

        var valuation = body.MarketValueNok is null ? FundFigures.LatestValuation(c, asOf, tx) : null;
        var marketValue = body.MarketValueNok ?? valuation?.TotalNok;
        var parameters = FundStore.Parameters(c, tx);
        var grunnkapital = body.GrunnkapitalNok ?? parameters?.GrunnkapitalNok;
        // The target of the year the market value is from (the valuation's year; asOf's when the value is given).
        var targetYear = (valuation?.Date ?? asOf).Year;
        var target = body.RealValueTargetNok;
        // One rule with the real-value endpoint: until the year's CPI is published, the latest published CPI.
        if (target is null && parameters is not null && FundFigures.CpiForTarget(c, (int)parameters.RealValueBaseYear, targetYear, tx) is { } cpi)
        {
            target = RealValue.Target(parameters.RealValueBaseNok, cpi.CpiIndexBaseYear, cpi.CpiIndexYear);
        }
        var missing = new List<string>();
        if (marketValue is null)
        {
            missing.Add($"no valuation of the fund on or before {asOf:yyyy-MM-dd} (give marketValueNok)");
        }
        if (grunnkapital is null)
        {
            missing.Add("no fund parameters (give grunnkapitalNok)");
        }
        if (target is null)
        {
            missing.Add($"no real-value target for {targetYear}: fund parameters or CPI for {targetYear} missing (give realValueTargetNok)");
        }
        if (errors.Count > 0)
        {
            return new(null, errors, null);
        }
        if (missing.Count > 0)
        {
            return new(null, [], ("The fund data for the run is incomplete.", string.Join("; ", missing) + "."));
        }

        var steps = body.Steps ?? a.Steps;
        var rebalancing = body.Rebalancing ?? (steps == StepFrequency.Annual ? Rebalancing.Yearly : a.Rebalancing);
        var threshold = body.GreenZoneThresholdPct ?? policy?.Number("fund.green_zone", l => l.Min) ?? 80m;
        var inputs = new GreenZoneInputs(
            marketValue!.Value,
            target!.Value,
            grunnkapital!.Value,
            body.HorizonYears ?? a.HorizonYears,
            body.Paths ?? a.Paths,
            body.Seed ?? (asOf.Year * 10000L + asOf.Month * 100L + asOf.Day),
            steps,
            rebalancing,
            body.InflationPct is { } inflation ? Rate.FromPercent(inflation) : a.Inflation,
            withdrawal,
            classes,
            correlations,
            body.CostPct is { } cost ? Rate.FromPercent(cost) : a.Cost,
            Rate.FromPercent(threshold));
        var start = new GreenZoneStartDto(asOf, valuation?.Date, inputs.MarketValueNok, inputs.RealValueTargetNok, inputs.GrunnkapitalNok,
            inputs.MarketValueNok - inputs.GrunnkapitalNok);
        return new(new Resolved(inputs, start, a.Version), [], null);
    }

    /// <summary>The default run of a date and its outcome.</summary>
    public sealed record DefaultRun(Resolved Resolved, GreenZoneOutcome Outcome);

    /// <summary>
    /// The default run at <paramref name="asOf"/>: everything from the stored data and the assumptions in force, the seed
    /// from the date (yyyyMMdd) — so the same data always gives the same result. Null with the reason when the data is
    /// incomplete.
    /// </summary>
    public static (DefaultRun? Run, string? Problem) Default(DbConnection c, DbTransaction? tx, LocalDate asOf)
    {
        var resolution = Resolve(c, tx, new GreenZoneRequest(AsOf: asOf), asOf);
        if (resolution.Value is not { } resolved)
        {
            return (null, resolution.Unprocessable?.Detail ?? string.Join(" ", resolution.Errors.Select(e => $"{e.Field}: {e.Message}")));
        }
        var errors = resolved.Inputs.Validate();
        if (errors.Count > 0)
        {
            return (null, string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")));
        }
        // The engine is deterministic: equal inputs give the equal outcome, so a recent one is reused (the snapshot and its
        // compliance check ask for the same run).
        var key = System.Text.Json.JsonSerializer.Serialize(resolved.Inputs) + "|" + resolved.AssumptionsVersion + "|" + GreenZoneSimulation.EngineVersion;
        if (!Recent.TryGetValue(key, out var outcome))
        {
            outcome = GreenZoneSimulation.Run(resolved.Inputs);
            if (Recent.Count >= 32)
            {
                Recent.Clear();
            }
            Recent[key] = outcome;
        }
        return (new DefaultRun(resolved, outcome), null);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, GreenZoneOutcome> Recent = new(StringComparer.Ordinal);
}
