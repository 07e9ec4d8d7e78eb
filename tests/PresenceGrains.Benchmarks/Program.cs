// Each benchmark is a subcommand: `dotnet run -c Release --project tests/PresenceGrains.Benchmarks -- <name>`.
// Placeholder until the benchmarks land.
return 0;
