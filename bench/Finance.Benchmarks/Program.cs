using System.Diagnostics;
using BenchmarkDotNet.Running;
using Finance.Benchmarks;

if (args is ["cpu", ..])
{
    // On a shared machine wall time depends on the neighbours; process CPU time does not (much). Five full runs of
    // 1 000 000 paths × 180 steps, each reported as wall time and CPU time summed over the cores.
    var bench = new GreenZoneBenchmarks();
    bench.FullRun();
    for (var i = 0; i < 5; i++)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        bench.FullRun();
        Console.WriteLine($"full run: wall {wall.Elapsed.TotalMilliseconds:F0} ms, CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F0} ms on {Environment.ProcessorCount} cores");
    }
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(GreenZoneBenchmarks).Assembly).Run(args);
