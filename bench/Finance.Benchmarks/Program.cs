using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Finance.Benchmarks.GreenZoneBenchmarks).Assembly).Run(args);
