using Finance.Core.Common;

namespace Finance.Core.Stress;

/// <summary>
/// A stress test as far as it could be computed: a part that is null is not available, and <see cref="Missing"/> says
/// why. Never a made-up figure: with part 1 missing there is no total.
/// </summary>
public sealed record StressOutcome(StressPartOne? PartOne, StressPartTwo? PartTwo, decimal? BufferCapitalNok, RiskFrame? RiskFrame, string Source,
    IReadOnlyList<string> Missing, StressResult? Result = null)
{
    /// <summary>A complete two-part result (<see cref="StressTest.Run"/>).</summary>
    public static StressOutcome From(StressResult r, string source) => new(r.PartOne, r.PartTwo, r.BufferCapitalNok, r.RiskFrame, source, [], r);

    /// <summary>The total of both parts, as <see cref="StressTest.Run"/> gives it; null when a part is missing.</summary>
    public decimal? TotalNok => Result?.TotalNok;

    /// <summary>Part 2 against the buffer capital (also when part 1 is missing).</summary>
    public Rate? PartTwoShareOfBuffer => Result is { } r ? r.PartTwoShareOfBuffer
        : PartTwo is { } two && BufferCapitalNok is { } buffer ? StressTest.ShareOfBuffer(two.TotalNok, buffer) : null;

    /// <summary>The total's place in the risk frame; null without a total.</summary>
    public RiskFrameStatus? RiskFrameStatus => Result?.RiskFrameStatus;
}
