using BenchmarkDotNet.Running;

// Benchmarks report ratios against a baseline measured in the same run (see bench/README.md).
BenchmarkSwitcher.FromAssembly(typeof(Exporter.Bench.KpiPipelineBenchmarks).Assembly).Run(args);
