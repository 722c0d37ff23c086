using System.Diagnostics;
using BenchmarkDotNet.Running;
using Finance.Benchmarks;

if (args is ["cpu", ..])
{
    // On a shared machine wall time depends on the neighbours; process CPU time does not (much). Five full runs of
    // 1 000 000 paths × 180 steps, then five runs of the kernel alone (the paths into room kept from the setup, so the
    // summary's share shows as the difference), each reported as wall time and CPU time summed over the cores.
    var bench = new GreenZoneBenchmarks();
    Time("full run", () => bench.FullRun());
    bench.Setup();
    Time("kernel", () => bench.Kernel());
    bench.Cleanup();
    return;
}

if (args is ["memory", ..])
{
    // Five runs of the largest size the API accepts (2 000 000 paths × 15 years: 256 MB of year-end values), one after
    // another, with the process's resident set size after each. The values are freed when a run is summarised, so the
    // RSS after the fifth run should be that after the first (the acceptance allows +100 MB). A measurement, printed.
    for (var i = 1; i <= 5; i++)
    {
        var wall = Stopwatch.StartNew();
        var kept = GreenZoneBenchmarks.LargestRun();
        Console.WriteLine($"run {i}: {kept} % kept, {wall.Elapsed.TotalMilliseconds:F0} ms, RSS {Rss()} MB, GC heap {GC.GetTotalMemory(false) / 1048576} MB, server GC {System.Runtime.GCSettings.IsServerGC}");
    }
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(GreenZoneBenchmarks).Assembly).Run(args);

// VmRSS from /proc/self/status (Linux), in MB.
static long Rss() => File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
    .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).FirstOrDefault();

// One call to warm up, then five timed calls: wall time and the process's CPU time.
static void Time(string what, Action call)
{
    call();
    for (var i = 0; i < 5; i++)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        call();
        Console.WriteLine($"{what}: wall {wall.Elapsed.TotalMilliseconds:F0} ms, CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F0} ms on {Environment.ProcessorCount} cores");
    }
}
