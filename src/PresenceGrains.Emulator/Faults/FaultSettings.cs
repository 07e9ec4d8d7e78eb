namespace PresenceGrains.Emulator;

// The settings of each fault. Positional records with defaults: immutable once switched on, and both JSON bodies and
// configuration binding fill in the defaults for what they leave out.

/// <summary>Hold some deltas back so that later ones overtake them; each held delta is released within the bound.</summary>
/// <param name="Probability">The chance each delta is held back.</param>
/// <param name="MaxHoldMilliseconds">The longest a delta is held.</param>
public sealed record ReorderFault(double Probability = 0.2, int MaxHoldMilliseconds = 250);

/// <summary>Send some deltas twice.</summary>
public sealed record DuplicateFault(double Probability = 0.1);

/// <summary>Add latency to every frame (order is kept): a fixed delay plus up to <paramref name="JitterMilliseconds"/>.</summary>
public sealed record DelayFault(int Milliseconds = 200, int JitterMilliseconds = 0);

/// <summary>Answer WebSocket upgrades with 429 + Retry-After, for a number of attempts or a duration (or until switched off).</summary>
public sealed record RefuseReconnectsFault(int? Count = null, int? DurationSeconds = null, int RetryAfterSeconds = 2);

/// <summary>Send broken frames before some deltas: by probability, or before each of the next <paramref name="Count"/> deltas.</summary>
/// <param name="Kind">Truncated JSON, or well-formed JSON that breaks the delta schema.</param>
public sealed record MalformedFramesFault(double Probability = 0, int? Count = null, MalformedKind Kind = MalformedKind.Truncated);

/// <summary>What a malformed frame looks like.</summary>
public enum MalformedKind
{
    Truncated,
    SchemaInvalid,
}

/// <summary>Send frames larger than any sane client limit before some deltas.</summary>
public sealed record OversizedFramesFault(double Probability = 0, int? Count = null, int SizeBytes = 2 * 1024 * 1024);

/// <summary>When a client's socket ends, change the declared state of some agents it watched while it is away.</summary>
public sealed record ChangesWhileDisconnectedFault(int Changes = 3);

/// <summary>
/// A platform release that added fields: some frames (deltas and heartbeats) carry a property no schema declares, with
/// a value that is an object, at the top level and, when <paramref name="Nested"/>, inside a delta's composite too.
/// </summary>
/// <param name="Name">The added property's name; it must not be one the protocol declares.</param>
public sealed record UndeclaredPropertiesFault(double Probability = 1, string Name = "platformRelease", bool Nested = true);

/// <summary>
/// Silent delta loss: some deltas are emitted (the truth and the delta log change) but never reach any socket, while
/// heartbeats keep coming; by probability, or the next <paramref name="Count"/> deltas.
/// </summary>
public sealed record LoseDeltasFault(double Probability = 0.1, int? Count = null);

/// <summary>
/// Expire every issued token now; with <paramref name="LifetimeSeconds"/>, tokens issued while the fault is on live
/// only that long.
/// </summary>
public sealed record ExpireTokensFault(int? LifetimeSeconds = null);

/// <summary>
/// Genesys: the next <paramref name="Count"/> Platform API calls answer 429 with <c>Retry-After</c> and the
/// <c>inin-ratelimit-*</c> headers, whatever the client's bucket holds.
/// </summary>
public sealed record RateLimitFault(int Count = 3, int RetryAfterSeconds = 2);

/// <summary>
/// Genesys: every open socket hears <c>v2.system.socket_closing</c> now and is closed (1001) after
/// <paramref name="GraceSeconds"/> unless its client closed it first. A one-shot operation.
/// </summary>
public sealed record SocketClosingFault(int GraceSeconds = 60);

/// <summary>Half-open channel: the socket stays open, but no heartbeats and no deltas flow.</summary>
public sealed record StopHeartbeatsFault;
