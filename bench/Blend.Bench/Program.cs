using Blend.Bench;

// Dispatch by the first argument: `dotnet run -c Release --project bench/Blend.Bench -- <benchmark> [options]`.
// Each benchmark lives in its own file and registers here.
var benchmarks = new IBenchmark[]
{
    new VelocityBench(),
    new TrainStepBench(),
    new ProfileStepBench(),
    new NeuprintStepBench(),
    new NwbConvertBench(),
    new StreamLatencyBench(),
};

if (args.Length == 0 || args[0] is "-h" or "--help" || !benchmarks.Any(b => b.Name == args[0]))
{
    Console.WriteLine("usage: Blend.Bench <benchmark> [options]");
    foreach (var b in benchmarks) Console.WriteLine($"  {b.Name,-12} {b.Description}");
    return args.Length == 0 || args[0] is "-h" or "--help" ? 0 : 2;
}
return benchmarks.First(b => b.Name == args[0]).Run(args[1..]);
