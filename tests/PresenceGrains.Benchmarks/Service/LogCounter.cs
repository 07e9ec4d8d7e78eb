using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PresenceGrains.Benchmarks.Service;

/// <summary>
/// The service's log during a benchmark: warnings counted by category and by event, errors counted and the first few
/// kept (and printed at once). An error is a finding; a warning under a fault is expected. Orleans' own error for a
/// write the memory stream's full queue refused is counted apart: the agent writes it again (PublishRetry), and only
/// a write that finally fails reaches the log as an error of the service.
/// </summary>
internal sealed class LogCounter : ILoggerProvider
{
    private const int KeptErrors = 20;
    private const int KeptWarnings = 200;
    private const string QueueFull = "Can not enqueue since the count has reached its maximum";
    private readonly ConcurrentDictionary<string, int> _warnings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _events = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _firstWarnings = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private int _errorCount;
    private int _refusedWrites;
    private int _callTimeouts;
    private volatile bool _muted;

    public int Errors => Volatile.Read(ref _errorCount);

    /// <summary>Stream writes the memory provider's full queue refused (each written again by the agent).</summary>
    public int RefusedWrites => Volatile.Read(ref _refusedWrites);

    /// <summary>Grain calls that timed out (a call cycle or a stalled grain shows here first), as logged at any level.</summary>
    public int CallTimeouts => Volatile.Read(ref _callTimeouts);

    /// <summary>How often the service logged the event of this name (the logging method's name) at warning or above.</summary>
    public int Count(string eventName) => _events.GetValueOrDefault(eventName);

    public IReadOnlyList<string> FirstErrors => [.. _errors];

    public IReadOnlyDictionary<string, int> WarningsByCategory => _warnings;

    /// <summary>The first warnings, stamped: what the service said while a fault was on.</summary>
    public IReadOnlyList<string> FirstWarnings => [.. _firstWarnings];

    public ILogger CreateLogger(string categoryName) => new Counter(this, categoryName);

    /// <summary>Stops counting: what a host logs while it shuts down is not what was measured.</summary>
    public void Mute() => _muted = true;

    public void Dispose()
    {
    }

    private void Record(string category, LogLevel level, EventId eventId, string message, Exception? exception)
    {
        if (_muted)
        {
            return;
        }

        if (eventId.Name is { } name)
        {
            _events.AddOrUpdate(name, 1, (_, n) => n + 1);
        }

        if (exception is TimeoutException || message.Contains("did not arrive on time", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _callTimeouts);
        }

        if (exception is InvalidOperationException && exception.Message.StartsWith(QueueFull, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _refusedWrites);
            return;
        }

        if (level == LogLevel.Warning)
        {
            if (_warnings.AddOrUpdate(category, 1, (_, n) => n + 1) > 0 && _firstWarnings.Count < KeptWarnings)
            {
                _firstWarnings.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {category}: {message}");
            }

            return;
        }

        if (Interlocked.Increment(ref _errorCount) <= KeptErrors)
        {
            var line = $"{level} {category}: {message}{(exception is null ? "" : " — " + exception.GetType().Name + ": " + exception.Message)}";
            _errors.Enqueue(line);
            Console.Error.WriteLine("service " + line);
        }
    }

    private sealed class Counter(LogCounter owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Record(category, logLevel, eventId, formatter(state, exception), exception);
            }
        }
    }
}
