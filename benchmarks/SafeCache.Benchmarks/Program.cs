using System;
using BenchmarkDotNet.Running;

namespace SafeCache.Benchmarks;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && string.Equals(args[0], "hitratio", StringComparison.OrdinalIgnoreCase))
        {
            return HitRatioReport.Run();
        }

        if (args.Length > 0 && string.Equals(args[0], "cputime", StringComparison.OrdinalIgnoreCase))
        {
            return CpuTimeProbe.Run();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
