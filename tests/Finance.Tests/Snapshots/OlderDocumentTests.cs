using Finance.Reports.Snapshots;

namespace Finance.Tests.Snapshots;

/// <summary>A snapshot frozen under the sections' older names keeps its bytes and is read under the live names.</summary>
public sealed class OlderDocumentTests
{
    [Fact]
    public void A_flat_risk_frame_is_read_as_the_nested_risk_frame()
    {
        // The shape a stress section had before it took riskFrame {targetNok, maxNok, status} of GET /api/stress-tests/{id}
        // (615 / 973 MNOK: the risk frame of KS 118/22).
        const string older = """
            {"month":"2025-12","asOf":"2025-12-31",
             "stress":{"partOne":null,"partTwo":null,"bufferCapitalNok":null,"partTwoPctOfBuffer":null,"totalNok":null,
                       "riskFrameTargetNok":615000000,"riskFrameMaxNok":973000000,"riskFrameStatus":null,"source":"s","missing":[]},
             "notes":[]}
            """;
        var document = DocumentJson.Deserialize<SnapshotDocument>(older);
        Assert.Equal(new StressRiskFrame(615_000_000m, 973_000_000m, null), document.Stress!.RiskFrame);
    }
}
