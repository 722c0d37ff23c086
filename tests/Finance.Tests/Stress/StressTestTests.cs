using Finance.Core.Common;
using Finance.Core.Stress;

namespace Finance.Tests.Stress;

public class StressTestTests
{
    private const decimal M = 1_000_000m;

    private static StressResult Reference2025() => StressTest.Run(
        new StressPartOneInput(8169m * M, 4404m * M, 1818m * M, Rate.FromPercent(2m), Rate.FromPercent(3m)),
        new StressPartTwoInput(
            [new StressHolding(AssetClass.Bonds, 2_169_404_449m, 2.9m), new StressHolding(AssetClass.Equities, 1_453_275_971m, null), new StressHolding(AssetClass.Cash, 1_778_524m, 0.01m)],
            Rate.FromPercent(2m), Rate.FromPercent(50m)),
        2_095_966_313m,
        new RiskFrame(615m * M, 973m * M));

    [Fact]
    public void Part_one_2025_reproduces_Tabell_4_1_at_full_precision()
    {
        // Tabell 4.1: 163 − 88 − 36 = 39; counterparty 55; total 93 (rows add to 94 because they were rounded first).
        var one = Reference2025().PartOne;
        Assert.Equal(163.38m * M, one.Lines[0].LossNok);
        Assert.Equal(-88.08m * M, one.Lines[1].LossNok);
        Assert.Equal(-36.36m * M, one.Lines[2].LossNok);
        Assert.Equal(38.94m * M, one.NetRateEffectNok);
        Assert.Equal(54.54m * M, one.CounterpartyNok);
        Assert.Equal(93.48m * M, one.TotalNok);
        Assert.Equal(93m, Money.ToMnok(one.TotalNok));
    }

    [Fact]
    public void Part_two_2025_reproduces_Tabell_4_2_with_the_bond_row_corrected()
    {
        // Tabell 4.2: bonds 2 169.404449 × 2 % × 2.9 = 125.83 (printed 129 is a source error), equities 726.64, total 852.46.
        var r = Reference2025();
        var bonds = r.PartTwo.Lines.Single(l => l.Key == "bonds");
        Assert.Equal(125.83m, Money.ToMnok(bonds.LossNok, 2));
        Assert.Equal(5.8m, Math.Round(bonds.Loss.Percent, 1));
        Assert.Equal(726.64m, Money.ToMnok(r.PartTwo.Lines.Single(l => l.Key == "equities").LossNok, 2));
        Assert.Equal(852.46m, Money.ToMnok(r.PartTwo.TotalNok, 2));
        Assert.Equal(23.52m, Math.Round(r.PartTwo.ShareOfFund.Percent, 2));
        Assert.Equal(40.67m, Math.Round(r.PartTwoShareOfBuffer!.Value.Percent, 2));
        Assert.Equal(945.94m, Money.ToMnok(r.TotalNok, 2));
        Assert.Equal(946m, Money.ToMnok(r.TotalNok));
        Assert.Equal(RiskFrameStatus.BelowMaximum, r.RiskFrameStatus);
    }

    [Fact]
    public void The_2024_column_is_reproduced_from_its_inputs()
    {
        // Tabell 4.1/4.2, 2024 column: part 2 = 119.04 + 697.55 = 816.59; / 1 920.08 = 42.53 % (data README).
        // Part 2 2024 inputs: bonds 2 052.3 MNOK at duration 2.9 → 119.03; equities 1 395.1 → 697.55.
        var two = StressTest.PartTwo(new StressPartTwoInput(
            [new StressHolding(AssetClass.Bonds, 2052.3m * M, 2.9m), new StressHolding(AssetClass.Equities, 1395.1m * M, null)],
            Rate.FromPercent(2m), Rate.FromPercent(50m)));
        Assert.Equal(697.55m, Money.ToMnok(two.Lines.Single(l => l.Key == "equities").LossNok, 2));
        Assert.Equal(119m, Money.ToMnok(two.Lines.Single(l => l.Key == "bonds").LossNok));
        Assert.Equal(817m, Money.ToMnok(two.TotalNok));
    }

    [Fact]
    public void Risk_frame_status_edges()
    {
        var frame = new RiskFrame(615m, 973m);
        Assert.Equal(RiskFrameStatus.WithinTarget, StressTest.Status(615m, frame));
        Assert.Equal(RiskFrameStatus.BelowMaximum, StressTest.Status(615.01m, frame));
        Assert.Equal(RiskFrameStatus.BelowMaximum, StressTest.Status(973m, frame));
        Assert.Equal(RiskFrameStatus.AboveMaximum, StressTest.Status(973.01m, frame));
    }

    [Fact]
    public void No_buffer_means_no_share_of_buffer_rather_than_a_division_by_zero()
    {
        var r = StressTest.Run(new StressPartOneInput(0m, 0m, 0m, Rate.FromPercent(2m), Rate.FromPercent(3m)),
            new StressPartTwoInput([], Rate.FromPercent(2m), Rate.FromPercent(50m)), 0m, new RiskFrame(1m, 2m));
        Assert.Null(r.PartTwoShareOfBuffer);
        Assert.Equal(0m, r.TotalNok);
        Assert.Equal(Rate.Zero, r.PartTwo.ShareOfFund);
    }
}
