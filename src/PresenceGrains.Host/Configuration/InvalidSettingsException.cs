namespace PresenceGrains.Host.Configuration;

/// <summary>A setting the host cannot start with; the message names it (and never holds a secret).</summary>
public sealed class InvalidSettingsException(string message) : InvalidOperationException(message);
