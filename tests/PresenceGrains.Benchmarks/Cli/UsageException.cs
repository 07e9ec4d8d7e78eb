namespace PresenceGrains.Benchmarks.Cli;

/// <summary>The command line is wrong: the message says how, and the usage follows.</summary>
public sealed class UsageException(string message) : Exception(message);
