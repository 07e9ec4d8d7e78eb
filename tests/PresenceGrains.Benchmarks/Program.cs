using PresenceGrains.Benchmarks;
using PresenceGrains.Benchmarks.Chaos;
using PresenceGrains.Benchmarks.Cli;
using PresenceGrains.Benchmarks.Client;
using PresenceGrains.Benchmarks.Ingest;
using PresenceGrains.Benchmarks.Memory;
using PresenceGrains.Benchmarks.Reporting;
using PresenceGrains.Benchmarks.Recovery;
using PresenceGrains.Benchmarks.Resolver;
using PresenceGrains.Benchmarks.Soak;

// Each benchmark is a subcommand: `dotnet run -c Release --project tests/PresenceGrains.Benchmarks -- <name> [options]`.
try
{
    return args.FirstOrDefault() switch
    {
        "resolver" => ResolverCommand.Run(args[1..]),
        "emulator" => await EmulatorThroughput.RunAsync(args[1..]),
        "ingest" => await IngestCommand.RunAsync(args[1..]),
        "memory" => await MemoryCommand.RunAsync(args[1..]),
        MemoryCommand.OnceCommand => await MemoryCommand.RunOnceAsync(args[1..]),
        "soak" => await SoakCommand.RunAsync(args[1..]),
        "recovery" => await RecoveryCommand.RunAsync(args[1..]),
        "chaos" => await ChaosCommand.RunAsync(args[1..]),
        "chaos-soak" => await ClusterSoakCommand.RunAsync(args[1..]),
        "client" => await ClientCommand.RunAsync(args[1..]),
        ClientCommand.OnceCommand => await ClientCommand.RunOnceAsync(args[1..]),
        "readme" => ReadmeCommand.Run(args[1..]),
        _ => Usage(),
    };
}
catch (UsageException bad)
{
    Console.Error.WriteLine(bad.Message);
    return Usage();
}

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/PresenceGrains.Benchmarks -- <benchmark> [options]");
    Console.Error.WriteLine("benchmarks (each takes --smoke for a run of seconds; the reporting ones take --out DIR, default docs/benchmarks):");
    Console.Error.WriteLine("  resolver   deltas/s and bytes/delta through AgentPresenceMachine (one agent, 3 devices); prints only");
    Console.Error.WriteLine("  emulator   deltas/s the emulator sends one WebSocket client [--agents N] [--deltas N] [--platform seed|genesys]; prints only");
    Console.Error.WriteLine("  ingest     service deltas/s and latency vs the Domain-only ceiling [--agents 1000,10000,100000] [--deltas 600000] [--paced-seconds 10] [--paced-rate N] [--platform seed|genesys] [--storage memory|azurite]");
    Console.Error.WriteLine("  memory     RSS and managed heap per 1,000 resident agents with 3 devices [--agents 10000,100000] [--storage memory|azurite]");
    Console.Error.WriteLine("  soak       every emulator fault in turn; published presence against the truth [--minutes 2] [--agents 200] [--storage memory|azurite]");
    Console.Error.WriteLine("  chaos      host processes on Azure Table membership: silo killed, SIGTERM, feed resume, rolling restart [--agents 2000] [--silos 3]");
    Console.Error.WriteLine("  chaos-soak the accuracy soak on that cluster: every fault in turn, a silo killed every 5 minutes, a chart over time [--minutes 20] [--agents 2000] [--silos 3]");
    Console.Error.WriteLine("  recovery   socket drop → every agent Fresh and true again, under the REST rate limit [--agents 1000,10000] [--platform seed|genesys] [--storage memory|azurite]");
    Console.Error.WriteLine("  client     IsRoutableAsync calls/s and latency from a client process beside the in-silo figure [--agents 10000] [--seconds 15] [--concurrency 1,64]");
    Console.Error.WriteLine("  readme     rebuilds the report folder's README from the reports already in it [--out DIR]");
    return 2;
}
