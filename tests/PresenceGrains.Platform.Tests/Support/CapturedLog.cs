using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PresenceGrains.Platform.Tests.Support;

/// <summary>
/// Records everything every test of this project logs, with the wall-clock time: the formatted message, each structured
/// value, every scope and any exception text. The log audit scans it for tokens and secrets at the end of the run.
/// </summary>
public sealed class CapturedLog : ILoggerProvider
{
    public static CapturedLog Shared { get; } = new();

    /// <summary>The factory every platform client in the tests logs through.</summary>
    public static ILoggerFactory Factory { get; } = LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Trace)
        .AddProvider(Shared));

    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, CapturedLog sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            sink._entries.Enqueue($"{category} scope: {Flatten(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel} {category} [{eventId.Id}] {formatter(state, exception)} | {Flatten(state)}";
            if (exception is not null)
            {
                text += " | " + exception;
            }

            sink._entries.Enqueue(text);
        }

        private static string Flatten(object? state) => state is IEnumerable<KeyValuePair<string, object?>> values
            ? string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"))
            : state?.ToString() ?? string.Empty;
    }
}
