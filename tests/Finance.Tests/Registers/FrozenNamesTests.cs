using Finance.Reports.Snapshots;

namespace Finance.Tests.Registers;

/// <summary>A snapshot frozen under the former section names is read under the live names (its bytes and hash unchanged).</summary>
public sealed class FrozenNamesTests
{
    [Fact]
    public void A_document_with_the_former_names_is_read_under_the_new_ones()
    {
        const string frozen = """
            {"month":"2025-12","asOf":"2025-12-31",
             "compliance":{"asOf":"2025-12-31","policyVersion":1,"periodFrom":"2025-01-01",
               "limits":[{"limitId":"fund.alloc.equities","area":"fund","description":"Aksjeandel","actual":40.1,"min":37,"max":43,"unit":"pct","status":"ok","basis":"computed","note":null}],
               "okCount":1,"breachCount":0,"unknownCount":2,"breachesRecorded":true,"deviations":[]},
             "notes":[]}
            """;
        var document = DocumentJson.Deserialize<SnapshotDocument>(frozen);
        Assert.Single(document.Compliance!.Limits);
        Assert.Equal("fund.alloc.equities", document.Compliance.Limits[0].LimitId);
        Assert.Equal(2, document.Compliance.UnknownCount);
        // Written again, it carries the live names.
        var json = DocumentJson.Serialize(document);
        Assert.Contains("\"checks\":[", json, StringComparison.Ordinal);
        Assert.Contains("\"unknown\":2", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"limits\"", json, StringComparison.Ordinal);
    }
}
