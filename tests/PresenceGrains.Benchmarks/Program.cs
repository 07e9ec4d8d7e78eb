using PresenceGrains.Benchmarks;
using PresenceGrains.Benchmarks.Resolver;

// Each benchmark is a subcommand: `dotnet run -c Release --project tests/PresenceGrains.Benchmarks -- <name> [options]`.
switch (args.FirstOrDefault())
{
    case "resolver":
        return ResolverCommand.Run();
    case "emulator":
        return await EmulatorThroughput.RunAsync(args[1..]);
    default:
        Console.Error.WriteLine("usage: dotnet run -c Release --project tests/PresenceGrains.Benchmarks -- <benchmark> [options]");
        Console.Error.WriteLine("benchmarks:");
        Console.Error.WriteLine("  resolver   deltas/s and bytes/delta through AgentPresenceMachine (one agent, 3 devices)");
        Console.Error.WriteLine("  emulator   deltas/s the emulator sends one WebSocket client [--agents N] [--deltas N]");
        return 2;
}
