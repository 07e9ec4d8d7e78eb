using System.Text.Json;
using System.Text.Json.Serialization;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Control;

/// <summary>Source-generated JSON for the control endpoints (web defaults: camelCase, enums as strings, unknown properties refused).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(AgentTruth))]
[JsonSerializable(typeof(IReadOnlyList<AgentTruth>))]
[JsonSerializable(typeof(IReadOnlyList<AgentInfo>))]
[JsonSerializable(typeof(IReadOnlyList<PresenceStateChange>))]
[JsonSerializable(typeof(LogPage<PresenceStateChange>))]
[JsonSerializable(typeof(LogPage<HandshakeRecord>))]
[JsonSerializable(typeof(LogPage<ReceivedCorrection>))]
[JsonSerializable(typeof(IReadOnlyList<ActiveFault>))]
[JsonSerializable(typeof(ReorderFault))]
[JsonSerializable(typeof(DuplicateFault))]
[JsonSerializable(typeof(DelayFault))]
[JsonSerializable(typeof(StopHeartbeatsFault))]
[JsonSerializable(typeof(RefuseReconnectsFault))]
[JsonSerializable(typeof(MalformedFramesFault))]
[JsonSerializable(typeof(OversizedFramesFault))]
[JsonSerializable(typeof(ChangesWhileDisconnectedFault))]
[JsonSerializable(typeof(ExpireTokensFault))]
[JsonSerializable(typeof(UndeclaredPropertiesFault))]
[JsonSerializable(typeof(LoseDeltasFault))]
[JsonSerializable(typeof(RateLimitFault))]
[JsonSerializable(typeof(SocketClosingFault))]
[JsonSerializable(typeof(StateChangeRequest))]
[JsonSerializable(typeof(BurstRequest))]
[JsonSerializable(typeof(BurstResult))]
[JsonSerializable(typeof(SimulationStatus))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;
