using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Finance.Api.Infrastructure;

/// <summary>
/// Example values for the request and response shapes, taken from the Bærum 2025 reference data so that "Try it out"
/// in Swagger UI sends a realistic request. Keyed by type name.
/// </summary>
public sealed class SchemaExamples : ISchemaFilter
{
    private static readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal)
    {
        ["ValuationInput"] = """{"date":"2025-12-31","placementId":"klp-aksjeglobal-indeks","marketValueNok":651175971}""",
        ["FlowInput"] = """{"date":"2025-12-31","amountNok":-62600000,"assetClass":"equities","kind":"withdrawal","note":"Yearly withdrawal (uttak) to the municipality"}""",
        ["BenchmarkReturnInput"] = """{"series":"composite","returnPct":1.6,"month":"2025-01"}""",
        ["HistoryInput"] = """{"periodYears":1,"returnPct":14.0,"benchmarkPct":14.1,"returnNok":430000000}""",
        ["FundParametersDto"] = """{"grunnkapitalNok":1528518969,"realValueBaseNok":1804000000,"realValueBaseYear":2002}""",
        ["CpiInput"] = """{"index":137.7}""",
        ["PlacementDto"] = """{"placementId":"klp-aksjeglobal-indeks","name":"KLP AksjeGlobal Indeks S-500","assetClass":"equities","manager":"KLP kapitalforvaltning","benchmarkIndex":"MSCI All Country World Index (usikret NOK)","sfdrArticle":8}""",
        ["StressPreviewInput"] = """{"partOne":{"floatingDebtNok":8169000000,"offsetsNok":4404000000,"depositsNok":1818000000,"rateShockPct":2,"counterpartyLossPct":3},"partTwo":{"holdings":[{"assetClass":"bonds","marketValueNok":2169404449,"durationYears":2.9},{"assetClass":"equities","marketValueNok":1453275971},{"assetClass":"cash","marketValueNok":1778524,"durationYears":0.01}],"rateShockPct":2,"equityShockPct":50},"bufferCapitalNok":2095966313,"riskFrame":{"targetNok":615000000,"maxNok":973000000}}""",
        ["StressRunInput"] = """{"asOf":"2025-12-31"}""",
        ["StressOffsetsInput"] = """{"items":[{"item":"Motposter gjeld (rente- og gebyrinntekter)","amountNok":4404000000,"note":"Floating on-lending income, state rate compensation, fee-financed investments"}]}""",
        ["PolicyVersionInput"] = """{"validFrom":"2026-06-01","name":"Revised finansreglement","limits":[{"limitId":"fund.alloc.equities","min":37,"max":43,"target":40}]}""",
        ["DeviationUpdate"] = """{"explanation":"Equity weight above the band after a strong market.","handling":"Rebalanced to the strategy on 15.01.2026.","resolvedOn":"2026-01-15"}""",
        ["LoanEventInput"] = """{"date":"2026-06-30","kind":"instalment","amountNok":1395000,"note":"Semi-annual instalment (avdrag)"}""",
        ["LoanEventDto"] = """{"id":1,"loanId":"1","date":"2026-06-30","kind":"instalment","amountNok":1395000,"ratePct":null,"nextRateResetDate":null,"maturityDate":null,"note":"Semi-annual instalment (avdrag)"}""",
        ["LoanImportResult"] = """{"imported":2,"created":1,"updated":1,"ids":["1","45"]}""",
        ["OnLendingFigureInput"] = """{"period":"2025-12-31","item":"note6: Videreformidlingslån til privatpersoner","amountNok":2184856751.16,"note":"Note 6 Utlån"}""",
        ["DailyBalanceInput"] = """{"accountId":"hovedbank-drift","date":"2025-12-31","balanceNok":1696000000}""",
        ["DailyBalanceDto"] = """{"accountId":"hovedbank-drift","date":"2025-12-31","balanceNok":1696000000}""",
        ["BalancesStored"] = """{"stored":31,"from":"2025-12-01","to":"2025-12-31"}""",
        ["ReportedLiquidityInput"] = """{"tertialAverages":[{"tertial":1,"averageNok":1485000000},{"tertial":2,"averageNok":2454000000}],"balances":[{"date":"2025-04-30","balanceNok":1700000000},{"date":"2025-08-31","balanceNok":1744000000}]}""",
        ["LiquidityRatesInput"] = """{"depositReturnPct":4.6,"nibor3mPct":4.4}""",
        ["JobDto"] = """{"name":"monthly-snapshot","description":"Månedlig øyeblikksbilde: fryser beholdning, avkastning, realverdi og buffer, stresstest m.m. for hver avsluttet måned som mangler","cron":"0 2 1 * *","timeZone":"Europe/Oslo","nextFireTime":"2026-04-01T02:00:00+02:00","lastFireTime":"2026-03-01T02:00:00+01:00","lastJobId":"12","lastState":"Succeeded","error":null}""",
        ["TriggeredDto"] = """{"name":"monthly-snapshot","description":"Månedlig øyeblikksbilde: fryser beholdning, avkastning, realverdi og buffer, stresstest m.m. for hver avsluttet måned som mangler","hangfireJobId":"13"}""",
        ["ExecutionDto"] = """{"job":"monthly-snapshot","trigger":"hangfire job 12","scheduledAt":"2026-03-01T01:00:00Z","firedAt":"2026-03-01T01:00:00.412Z","finishedAt":"2026-03-01T01:00:03.1Z","durationMs":2688,"outcome":"succeeded","attempt":1,"result":"2026-02 v1 opprettet","error":null,"instance":"finance-01:4711:3f2a9c"}""",
        ["ReportDraftDto"] = """{"id":1,"kind":"annual","year":2025,"tertial":null,"snapshotMonth":"2025-12","snapshotVersion":1,"createdAt":"2026-01-01T05:00:00Z","hash":"9756c2e688ee34dbdb7146002f2046987093041936a7982928b2311bb5315936"}""",
        ["DeviationDto"] = """{"id":1,"limitId":"fund.alloc.equities","policyVersion":1,"detectedOn":"2025-12-31","detectedAt":"2026-01-05T07:00:00Z","actual":43.4,"min":"37","max":"43","unit":"percent","description":"Equities' share of the fund (aksjeandel)","explanation":"Equity weight above the band after a strong market.","handling":"Rebalanced to the strategy on 15.01.2026.","resolvedOn":"2026-01-15","updatedBy":"dev-treasurer"}""",
        ["GreenZoneRequest"] = """{"asOf":"2025-12-31","horizonYears":15,"paths":100000,"seed":20251231,"steps":"monthly"}""",
        ["AssumptionsInput"] = """{"validFrom":"2026-06-01","name":"Revised capital-market assumptions 2026","inflationPct":2.0,"assetClasses":[{"assetClass":"equities","expectedReturnPct":7.5,"volatilityPct":11.4,"source":"Adviser's capital-market assumptions 2026"}],"source":"Adviser's report, spring 2026"}""",
        ["NewApiKeyInput"] = """{"name":"kari.nordmann","role":"treasurer"}""",
        ["CommentaryInput"] = """{"text":"Forvaltningsfondet hadde et godt resultat i 2025. Fondets bufferkapital ble økt med 176 mill. til 2 095 mill."}""",
        ["CommentaryDto"] = """{"section":"assessment","title":"Kommunedirektørens vurdering","text":"Fondet har opparbeidet en betydelig bufferkapital for å møte mulige verdifall eller tap.","version":2,"writtenBy":"dev-treasurer","writtenAt":"2026-01-20T09:30:00Z"}""",
        ["EsgDto"] = """{"placementId":"klp-aksjeglobal-msa","asOf":"2025-12-31","sfdrArticle":9,"carbonIntensity":180,"temperatureC":2.0,"scienceBasedTargetsPct":79,"ungcOecdBreachPct":0,"femaleBoardPct":43,"genderPayGapPct":11,"controversialWeaponsPct":0,"noHumanRightsPolicyPct":0,"source":"Formue Norge AS, MSCI ESG Manager, 31.12.2025"}""",
        ["AttestationInput"] = """{"asOf":"2025-12-31","limitId":"fund.credit.below_ig_share","compliant":true,"source":"Manager's compliance letter 31.12.2025"}""",
    };

    /// <summary>
    /// Response examples captured from the service on the reference data (tools/api-clients/src/capture-examples.ts),
    /// keyed by schema name; Spectral in CI fails on any that no longer fits its schema.
    /// </summary>
    private static readonly Lazy<JsonObject> Captured = new(() =>
    {
        using var stream = typeof(SchemaExamples).Assembly.GetManifestResourceStream("OpenApiResponseExamples.json")
            ?? throw new InvalidOperationException("The embedded OpenApiResponseExamples.json is missing.");
        return JsonNode.Parse(stream)!.AsObject();
    });

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema s)
        {
            return;
        }
        if (Examples.TryGetValue(context.Type.Name, out var json))
        {
            s.Examples = [JsonNode.Parse(json)!];
        }
        else if (Captured.Value[context.Type.Name] is { } captured)
        {
            s.Examples = [captured.DeepClone()];
        }
    }
}

/// <summary>
/// Example problems (RFC 9457) per status, as the service writes them, for the error responses of every operation.
/// </summary>
public static class ProblemExamples
{
    private static readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal)
    {
        ["400"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"The request has invalid fields.","status":400,"errors":{"asOf":["A date from 1900 to 2200."]}}""",
        ["401"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.2","title":"Authentication required.","status":401,"detail":"Send a valid API key in the X-Api-Key header."}""",
        ["403"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.4","title":"Not allowed for this role.","status":403,"detail":"Only a treasurer key may change data; auditors and viewers read."}""",
        ["404"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not found.","status":404,"detail":"No stored stress test 42."}""",
        ["409"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.10","title":"A version already starts on that date.","status":409,"detail":"Versions are never edited: choose another validFrom."}""",
        ["422"] = """{"type":"https://tools.ietf.org/html/rfc4918#section-11.2","title":"The period has not ended.","status":422,"detail":"Finansrapport 2027 covers the period to 31.12.2027, which has not ended (Europe/Oslo)."}""",
        ["501"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.6.2","title":"PDF is not available on this server.","status":501,"detail":"PDF is printed by headless Debian chromium (/usr/bin/chromium), which is not installed here. Use format=html and print it, or install chromium (apt-get install chromium)."}""",
    };

    /// <summary>A fresh example node for <paramref name="status"/> (a node belongs to one parent), or null.</summary>
    public static JsonNode? For(string status) => Examples.TryGetValue(status, out var json) ? JsonNode.Parse(json) : null;
}
