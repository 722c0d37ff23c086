using System.Data.Common;
using Dapper;
using Finance.Core.Fund;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Finance.Data.Fund;

/// <summary>
/// The fund's reference data (annual report 2025 of Bærum kommune, db/seed): placements, month-end values per class
/// (Vedlegg 5a) with the month's income (Vedlegg 5b), per-fund values at 31.12.2025 (Note 7 / Vedlegg 4), the December
/// withdrawal split by class, the composite and class benchmarks, the history since 2000 (Vedlegg 5e), grunnkapital,
/// the real-value base (1 804 MNOK in 2002-kroner) and CPI.
/// </summary>
public static class FundDemoData
{
    public static void Load(DbConnection c, DbTransaction tx)
    {
        foreach (var r in SeedFiles.Read("fund_placements.csv"))
        {
            FundStore.UpsertPlacement(c, tx, new PlacementRow
            {
                PlacementId = r["placement_id"],
                Name = r["name"],
                Manager = r.TextOrNull("manager"),
                AssetClass = r["asset_class"],
                BenchmarkIndex = r.TextOrNull("benchmark_index"),
                SfdrArticle = (long?)r.DecimalOrNull("sfdr_article"),
            });
        }

        var income = SeedFiles.Read("fund_income_monthly.csv")
            .ToDictionary(r => (r.Month("month"), r["asset_class"]), r => r.Decimal("income_nok"));
        foreach (var r in SeedFiles.Read("fund_valuations_monthly.csv"))
        {
            var date = r.Date("date");
            FundStore.UpsertClassValuation(c, tx, new ClassValuationRow
            {
                Date = date,
                AssetClass = r["asset_class"],
                MarketValueNok = r.Decimal("market_value_nok"),
                IncomeNok = income.TryGetValue((date.ToYearMonth(), r["asset_class"]), out var i) ? i : null,
            });
        }

        foreach (var r in SeedFiles.Read("fund_placement_valuations.csv"))
        {
            FundStore.UpsertPlacementValuation(c, tx, new PlacementValuationRow
            {
                Date = r.Date("date"),
                PlacementId = r["placement_id"],
                AssetClass = "",
                MarketValueNok = r.Decimal("market_value_nok"),
                InterestDurationYears = r.DecimalOrNull("interest_duration_years"),
                CreditDurationYears = r.DecimalOrNull("credit_duration_years"),
            });
        }

        foreach (var r in SeedFiles.Read("fund_flows_by_class.csv"))
        {
            FundStore.AddFlow(c, tx, new FlowRow
            {
                Date = r.Date("date"),
                AssetClass = r["asset_class"],
                AmountNok = r.Decimal("amount_nok"),
                Kind = r["kind"],
                Note = "December 2025 withdrawal of 69.6 MNOK as it fell on each class (derived from Vedlegg 5a/5b)",
            });
        }

        foreach (var r in SeedFiles.Read("benchmark_returns_monthly.csv"))
        {
            FundStore.UpsertBenchmarkReturn(c, tx, new BenchmarkReturnRow { Period = r["month"], Series = r["series"], ReturnPct = r.Decimal("return_pct") });
        }
        foreach (var r in SeedFiles.Read("benchmark_returns_annual.csv"))
        {
            FundStore.UpsertBenchmarkReturn(c, tx, new BenchmarkReturnRow { Period = r["year"], Series = r["series"], ReturnPct = r.Decimal("return_pct") });
        }

        foreach (var r in SeedFiles.Read("fund_annual_history.csv"))
        {
            FundStore.UpsertHistory(c, tx, new HistoryRowData
            {
                Year = (long)r.Decimal("year"),
                PeriodYears = r.Decimal("period_years"),
                ReturnPct = r.Decimal("return_pct"),
                BenchmarkPct = r.DecimalOrNull("benchmark_pct"),
                ReturnNok = r.DecimalOrNull("return_mnok") * 1_000_000m,
            });
        }

        var accounts2025 = SeedFiles.Read("fund_accounts.csv").Single(r => r["year"] == "2025");
        FundStore.SetParameters(c, tx, new FundParametersRow
        {
            GrunnkapitalNok = accounts2025.Decimal("grunnkapital_nok"),
            RealValueBaseNok = 1_804_000_000m,
            RealValueBaseYear = 2002,
        });
        foreach (var r in SeedFiles.Read("cpi_annual.csv"))
        {
            FundStore.UpsertCpi(c, tx, (int)r.Decimal("year"), r.Decimal("index_2015_100"));
        }
    }
}
