using System.Diagnostics;
using System.Globalization;
using Recurrent.Kernels;

// Hand-run developer benchmark, not a test: prints the speed of the kernels on this machine.
//   dotnet run -c Release --project bench/Recurrent.Bench -- gemm [threads] [text the shape names must contain]
if (args.Length == 0 || args[0] != "gemm")
{
    Console.Error.WriteLine("usage: Recurrent.Bench gemm [threads] [filter]");
    return 2;
}
if (args.Length > 1)
    KernelThreads.Count = int.Parse(args[1], CultureInfo.InvariantCulture);
var filter = args.Length > 2 ? args[2] : "";
Console.WriteLine($"KernelThreads.Count = {KernelThreads.Count}");
Console.WriteLine($"{"shape",-34} {"ms/call",10} {"GFLOP/s",9} {"bytes/call",11}");
// The square case, then the LSTM shapes: recurrent step h·W_hhᵀ at B = 32 and B = 1, its backward dh = dGates·W_hh
// at small B, input projection over a whole sequence, and the backward products dX = dGates·W and dW = dGatesᵀ·X.
Measure("1024x1024x1024 NN", false, false, 1024, 1024, 1024);
Measure("1024x1024x1024 NT", false, true, 1024, 1024, 1024);
Measure("recurrent B=32 H=256 (32x1024x256 NT)", false, true, 32, 1024, 256);
Measure("recurrent B=1 H=256 (1x1024x256 NT)", false, true, 1, 1024, 256);
Measure("dh B=1 (1x256x1024 NN)", false, false, 1, 256, 1024);
Measure("dh B=4 (4x1024x4096 NN)", false, false, 4, 1024, 4096);
Measure("recurrent B=1 H=1024 (1x4096x1024 NT)", false, true, 1, 4096, 1024);
Measure("input proj (2048x1024x64 NT)", false, true, 2048, 1024, 64);
Measure("dX (2048x64x1024 NN)", false, false, 2048, 64, 1024);
Measure("dW (1024x64x2048 TN)", true, false, 1024, 64, 2048);
return 0;

void Measure(string name, bool transposeA, bool transposeB, int m, int n, int k)
{
    if (!name.Contains(filter, StringComparison.Ordinal))
        return;
    var random = new Random(1);
    var a = Enumerable.Range(0, m * k).Select(_ => (float)random.NextDouble()).ToArray();
    var b = Enumerable.Range(0, k * n).Select(_ => (float)random.NextDouble()).ToArray();
    var c = new float[m * n];
    var lda = transposeA ? m : k;
    var ldb = transposeB ? k : n;
    void Call() => Gemm.Multiply<float>(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, n, accumulate: false);

    // Warm up long enough for tiered compilation to reach its optimised code.
    var warmup = Stopwatch.StartNew();
    while (warmup.ElapsedMilliseconds < 300)
        Call();
    var calls = 0;
    var bytes = 0L;
    var best = double.MaxValue;
    var total = Stopwatch.StartNew();
    // The best of many calls: this machine is shared, and the minimum is the least disturbed measurement.
    while (total.ElapsedMilliseconds < 1000 || calls < 5)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        Call();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        bytes += GC.GetAllocatedBytesForCurrentThread() - allocated;
        best = Math.Min(best, elapsed);
        calls++;
    }
    bytes /= calls;
    var gflops = 2.0 * m * n * k / best / 1e9;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-34} {best * 1e3,10:F3} {gflops,9:F1} {bytes,11}"));
}
