using System.Data.Common;
using Dapper;
using Finance.Core.Common;
using Finance.Core.GreenZone;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Finance.Data.GreenZone;

public sealed record AssumptionVersionRow
{
    public required long Version { get; init; }
    public required LocalDate ValidFrom { get; init; }
    public required string Name { get; init; }
    public required decimal InflationPct { get; init; }
    public required string WithdrawalKind { get; init; }
    public required decimal WithdrawalAmountNok { get; init; }
    public required decimal WithdrawalPct { get; init; }
    public required string Steps { get; init; }
    public required string Rebalancing { get; init; }
    public required decimal CostPct { get; init; }
    public required long Paths { get; init; }
    public required long HorizonYears { get; init; }
    public string? Source { get; init; }
    public required Instant CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
}

public sealed record AssumptionClassRow
{
    public required string AssetClass { get; init; }
    public required decimal ExpectedReturnPct { get; init; }
    public required decimal VolatilityPct { get; init; }
    public string? Source { get; init; }
}

public sealed record AssumptionCorrelationRow
{
    public required string A { get; init; }
    public required string B { get; init; }
    public required decimal Rho { get; init; }
    public string? Source { get; init; }
}

/// <summary>A stored version with its classes and correlations, and who stored it when.</summary>
public sealed record StoredAssumptions(CapitalMarketAssumptions Assumptions, Instant CreatedAt, string CreatedBy, IReadOnlyDictionary<(AssetClass, AssetClass), string?> CorrelationSources);

public sealed record GreenZoneRunRow
{
    public required string Id { get; init; }
    public required Instant CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public required LocalDate AsOf { get; init; }
    public required long Seed { get; init; }
    public required long Paths { get; init; }
    public required string EngineVersion { get; init; }
    public required long AssumptionsVersion { get; init; }
    public required string RequestJson { get; init; }
    public required string ResultJson { get; init; }
    public required string ResultSha256 { get; init; }
}

/// <summary>Capital-market assumption versions and stored green-zone runs: SQL only.</summary>
public static class GreenZoneStore
{
    private const string VersionColumns = """
        version AS Version, valid_from AS ValidFrom, name AS Name, inflation_pct AS InflationPct, withdrawal_kind AS WithdrawalKind,
        withdrawal_amount_nok AS WithdrawalAmountNok, withdrawal_pct AS WithdrawalPct, steps AS Steps, rebalancing AS Rebalancing,
        cost_pct AS CostPct, paths AS Paths, horizon_years AS HorizonYears, source AS Source, created_at AS CreatedAt, created_by AS CreatedBy
        """;

    /// <summary>The version in force at <paramref name="date"/>: the latest whose valid_from is on or before it.</summary>
    public static StoredAssumptions? InForce(DbConnection c, LocalDate date, DbTransaction? tx = null)
    {
        var row = c.QuerySingleOrDefault<AssumptionVersionRow>(
            $"SELECT {VersionColumns} FROM green_zone_assumption_versions WHERE valid_from <= @date ORDER BY valid_from DESC LIMIT 1",
            new { date }, tx);
        return row is null ? null : Load(c, row, tx);
    }

    public static StoredAssumptions? Version(DbConnection c, long version, DbTransaction? tx = null)
    {
        var row = c.QuerySingleOrDefault<AssumptionVersionRow>(
            $"SELECT {VersionColumns} FROM green_zone_assumption_versions WHERE version = @version", new { version }, tx);
        return row is null ? null : Load(c, row, tx);
    }

    public static IReadOnlyList<AssumptionVersionRow> Versions(DbConnection c) =>
        c.Query<AssumptionVersionRow>($"SELECT {VersionColumns} FROM green_zone_assumption_versions ORDER BY valid_from").ToList();

    public static bool ValidFromTaken(DbConnection c, DbTransaction tx, LocalDate validFrom) =>
        c.ExecuteScalar<long>("SELECT COUNT(*) FROM green_zone_assumption_versions WHERE valid_from = @validFrom", new { validFrom }, tx) > 0;

    public static long AddVersion(DbConnection c, DbTransaction tx, CapitalMarketAssumptions a,
        IReadOnlyDictionary<(AssetClass, AssetClass), string?> correlationSources, Instant createdAt, string createdBy)
    {
        var version = c.ExecuteScalar<long>("""
            INSERT INTO green_zone_assumption_versions (valid_from, name, inflation_pct, withdrawal_kind, withdrawal_amount_nok, withdrawal_pct,
                steps, rebalancing, cost_pct, paths, horizon_years, source, created_at, created_by)
            VALUES (@ValidFrom, @Name, @InflationPct, @WithdrawalKind, @WithdrawalAmountNok, @WithdrawalPct, @Steps, @Rebalancing, @CostPct,
                @Paths, @HorizonYears, @Source, @createdAt, @createdBy)
            RETURNING version
            """, new
        {
            a.ValidFrom,
            a.Name,
            InflationPct = a.Inflation.Percent,
            WithdrawalKind = Codes.Of(a.Withdrawal.Kind),
            WithdrawalAmountNok = a.Withdrawal.AmountNok,
            WithdrawalPct = a.Withdrawal.Share.Percent,
            Steps = Codes.Of(a.Steps),
            Rebalancing = Codes.Of(a.Rebalancing),
            CostPct = a.Cost.Percent,
            a.Paths,
            a.HorizonYears,
            a.Source,
            createdAt,
            createdBy,
        }, tx);
        foreach (var k in a.Classes)
        {
            c.Execute("""
                INSERT INTO green_zone_assumption_classes (version, asset_class, expected_return_pct, volatility_pct, source)
                VALUES (@version, @AssetClass, @ExpectedReturnPct, @VolatilityPct, @Source)
                """, new { version, AssetClass = k.AssetClass.Code(), ExpectedReturnPct = k.ExpectedReturn.Percent, VolatilityPct = k.Volatility.Percent, k.Source }, tx);
        }
        foreach (var r in a.Correlations)
        {
            var (x, y) = string.CompareOrdinal(r.A.Code(), r.B.Code()) < 0 ? (r.A, r.B) : (r.B, r.A);
            c.Execute("""
                INSERT INTO green_zone_assumption_correlations (version, a, b, rho, source) VALUES (@version, @a, @b, @rho, @source)
                """, new { version, a = x.Code(), b = y.Code(), rho = r.Rho, source = correlationSources.GetValueOrDefault((x, y)) }, tx);
        }
        return version;
    }

    /// <summary>Stores a run unless a run with the same id (the same resolved inputs) exists; returns the stored run.</summary>
    public static GreenZoneRunRow InsertOrGet(DbConnection c, DbTransaction tx, GreenZoneRunRow run)
    {
        c.Execute("""
            INSERT INTO green_zone_runs (id, created_at, created_by, as_of, seed, paths, engine_version, assumptions_version,
                request_json, result_json, result_sha256)
            VALUES (@Id, @CreatedAt, @CreatedBy, @AsOf, @Seed, @Paths, @EngineVersion, @AssumptionsVersion, @RequestJson, @ResultJson, @ResultSha256)
            ON CONFLICT (id) DO NOTHING
            """, run, tx);
        return Run(c, run.Id, tx)!;
    }

    public static GreenZoneRunRow? Run(DbConnection c, string id, DbTransaction? tx = null) =>
        c.QuerySingleOrDefault<GreenZoneRunRow>("""
            SELECT id AS Id, created_at AS CreatedAt, created_by AS CreatedBy, as_of AS AsOf, seed AS Seed, paths AS Paths,
                   engine_version AS EngineVersion, assumptions_version AS AssumptionsVersion, request_json AS RequestJson,
                   result_json AS ResultJson, result_sha256 AS ResultSha256
            FROM green_zone_runs WHERE id = @id
            """, new { id }, tx);

    private static StoredAssumptions Load(DbConnection c, AssumptionVersionRow v, DbTransaction? tx)
    {
        var classes = c.Query<AssumptionClassRow>("""
            SELECT asset_class AS AssetClass, expected_return_pct AS ExpectedReturnPct, volatility_pct AS VolatilityPct, source AS Source
            FROM green_zone_assumption_classes WHERE version = @Version ORDER BY asset_class
            """, new { v.Version }, tx).ToList();
        var correlations = c.Query<AssumptionCorrelationRow>("""
            SELECT a AS A, b AS B, rho AS Rho, source AS Source FROM green_zone_assumption_correlations WHERE version = @Version ORDER BY a, b
            """, new { v.Version }, tx).ToList();
        var assumptions = new CapitalMarketAssumptions(
            (int)v.Version,
            v.ValidFrom,
            v.Name,
            Rate.FromPercent(v.InflationPct),
            new WithdrawalRule(Codes.WithdrawalKindOf(v.WithdrawalKind), v.WithdrawalAmountNok, Rate.FromPercent(v.WithdrawalPct)),
            v.Steps == "annual" ? StepFrequency.Annual : StepFrequency.Monthly,
            v.Rebalancing == "yearly" ? Rebalancing.Yearly : Rebalancing.Monthly,
            Rate.FromPercent(v.CostPct),
            (int)v.Paths,
            (int)v.HorizonYears,
            // In the order of AssetClasses.All (equities, bonds, cash), the order runs list classes in.
            classes.Select(k => new ClassMarketAssumption(AssetClasses.Parse(k.AssetClass), Rate.FromPercent(k.ExpectedReturnPct), Rate.FromPercent(k.VolatilityPct), k.Source))
                .OrderBy(k => k.AssetClass).ToList(),
            correlations.Select(r => new ClassCorrelation(AssetClasses.Parse(r.A), AssetClasses.Parse(r.B), r.Rho)).ToList(),
            v.Source);
        var sources = correlations.ToDictionary(r => (AssetClasses.Parse(r.A), AssetClasses.Parse(r.B)), r => r.Source);
        return new StoredAssumptions(assumptions, v.CreatedAt, v.CreatedBy, sources);
    }
}

/// <summary>The storage codes of the green-zone enums (the same camelCase words the API uses).</summary>
public static class Codes
{
    public static string Of(WithdrawalKind k) => k switch
    {
        WithdrawalKind.None => "none",
        WithdrawalKind.FixedNominal => "fixedNominal",
        WithdrawalKind.FixedReal => "fixedReal",
        WithdrawalKind.PercentOfValue => "percentOfValue",
        _ => throw new ArgumentOutOfRangeException(nameof(k)),
    };

    public static WithdrawalKind WithdrawalKindOf(string code) => code switch
    {
        "none" => WithdrawalKind.None,
        "fixedNominal" => WithdrawalKind.FixedNominal,
        "fixedReal" => WithdrawalKind.FixedReal,
        "percentOfValue" => WithdrawalKind.PercentOfValue,
        _ => throw new FormatException($"Unknown withdrawal kind '{code}'."),
    };

    public static string Of(StepFrequency s) => s == StepFrequency.Annual ? "annual" : "monthly";

    public static string Of(Rebalancing r) => r == Rebalancing.Yearly ? "yearly" : "monthly";
}
