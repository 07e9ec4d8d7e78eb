using PresenceGrains.Benchmarks.Resolver;

// Each benchmark is a subcommand: `dotnet run -c Release --project tests/PresenceGrains.Benchmarks -- <name>`.
switch (args.FirstOrDefault())
{
    case "resolver":
        return ResolverCommand.Run();
    default:
        Console.Error.WriteLine("usage: dotnet run -c Release --project tests/PresenceGrains.Benchmarks -- <benchmark>");
        Console.Error.WriteLine("benchmarks:");
        Console.Error.WriteLine("  resolver   deltas/s and bytes/delta through AgentPresenceMachine (one agent, 3 devices)");
        return 2;
}
