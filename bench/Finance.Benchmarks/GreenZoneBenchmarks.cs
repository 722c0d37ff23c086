using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Finance.Core.Common;
using Finance.Core.GreenZone;
using MathNet.Numerics.Distributions;

namespace Finance.Benchmarks;

/// <summary>
/// 1 000 000 paths × 15 years × 12 monthly steps (180 steps), two correlated classes (40/60), monthly rebalancing and a
/// yearly withdrawal — the 2025 default model at ten times the default path count. The baseline is the obvious
/// implementation: MathNet's <see cref="Normal.Sample(System.Random, double, double)"/> per draw and <see cref="Math.Exp"/>,
/// one path after another, on all cores (one MathNet generator per block of paths). Monitoring strategy: each iteration
/// is one full run, no pilot stage, so the whole comparison takes about a minute. The memory diagnoser shows what each
/// call allocates: the kernel writes into room kept from the setup, so only its plan is allocated.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class GreenZoneBenchmarks
{
    private const int Paths = 1_000_000;
    private const int Years = 15;
    private const int BlockSize = 4096;

    private static readonly GreenZoneInputs Inputs = new(
        3_624_458_944m, 3_156_429_479m, 1_528_518_969m, Years, Paths, 20251231, StepFrequency.Monthly, Rebalancing.Monthly,
        Rate.FromPercent(2m), new WithdrawalRule(WithdrawalKind.PercentOfValue, 0m, Rate.FromPercent(1.88m)),
        [
            new ClassAssumption(AssetClass.Equities, Rate.FromPercent(40m), Rate.FromPercent(8m), Rate.FromPercent(11.4m)),
            new ClassAssumption(AssetClass.Bonds, Rate.FromPercent(60m), Rate.FromPercent(4.6m), Rate.FromPercent(3m)),
        ],
        [new ClassCorrelation(AssetClass.Equities, AssetClass.Bonds, 0.12m)], Rate.Zero, Rate.FromPercent(80m));

    private SimulatedPaths? _paths;

    [GlobalSetup]
    public void Setup()
    {
        Console.WriteLine($"// Vector512 accelerated: {Vector512.IsHardwareAccelerated}, Vector256: {Vector256.IsHardwareAccelerated}, cores: {Environment.ProcessorCount}");
        _paths = new SimulatedPaths(Years, Paths);
    }

    [GlobalCleanup]
    public void Cleanup() => _paths?.Dispose();

    [Benchmark(Baseline = true, Description = "Naive: MathNet Normal.Sample + Math.Exp per draw")]
    public double NaiveMathNet()
    {
        const double dt = 1.0 / 12;
        double s0 = 0.114, s1 = 0.03, rho = 0.12, w0 = 0.4, w1 = 0.6, withdrawal = 0.0188, start = 3_624_458_944.0;
        var d0 = (Math.Log(1.08) - s0 * s0 / 2) * dt;
        var d1 = (Math.Log(1.046) - s1 * s1 / 2) * dt;
        var l00 = s0 * Math.Sqrt(dt);
        var l10 = rho * s1 * Math.Sqrt(dt);
        var l11 = s1 * Math.Sqrt(1 - rho * rho) * Math.Sqrt(dt);
        var yearEnd = new double[Years][];
        for (var y = 0; y < Years; y++)
        {
            yearEnd[y] = new double[Paths];
        }
        Parallel.For(0, (Paths + BlockSize - 1) / BlockSize, block =>
        {
            var rng = new MathNet.Numerics.Random.Xoshiro256StarStar(20251231 + block, threadSafe: false);
            for (var p = block * BlockSize; p < Math.Min(Paths, (block + 1) * BlockSize); p++)
            {
                double v0 = w0 * start, v1 = w1 * start;
                for (var y = 0; y < Years; y++)
                {
                    for (var m = 0; m < 12; m++)
                    {
                        var z0 = Normal.Sample(rng, 0, 1);
                        var z1 = Normal.Sample(rng, 0, 1);
                        v0 *= Math.Exp(d0 + l00 * z0);
                        v1 *= Math.Exp(d1 + l10 * z0 + l11 * z1);
                        var total = v0 + v1;
                        if (m == 11)
                        {
                            total = Math.Max(0, total - total * withdrawal);
                            yearEnd[y][p] = total;
                        }
                        v0 = w0 * total;
                        v1 = w1 * total;
                    }
                }
            }
        });
        return yearEnd[Years - 1][0];
    }

    [Benchmark(Description = "Kernel: vectorised paths (SimulatePaths)")]
    public double Kernel()
    {
        GreenZoneSimulation.SimulatePaths(Inputs, _paths!);
        return _paths!.YearEnd(Years - 1)[0];
    }

    [Benchmark(Description = "Full run: kernel + exact percentiles + statistics (Run)")]
    public decimal FullRun() => GreenZoneSimulation.Run(Inputs).RealValueKept.Probability.Fraction;

    /// <summary>The largest run the API accepts: 2 000 000 paths × 15 years (for the memory measurement).</summary>
    public static decimal LargestRun() => GreenZoneSimulation.Run(Inputs with { Paths = 2_000_000 }).RealValueKept.Probability.Percent;

    [Benchmark(Description = "Default API run: 100 000 paths (Run)")]
    public decimal DefaultRun() => GreenZoneSimulation.Run(Inputs with { Paths = 100_000 }).RealValueKept.Probability.Fraction;
}
