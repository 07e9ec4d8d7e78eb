using PresenceGrains.Benchmarks;

// Each benchmark is a subcommand: `dotnet run -c Release --project tests/PresenceGrains.Benchmarks -- <name>`.
return args.FirstOrDefault() switch
{
    "emulator" => await EmulatorThroughput.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: <benchmark> [options]; benchmarks: emulator");
    return 2;
}
