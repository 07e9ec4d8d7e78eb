using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Telemetry;

/// <summary>The direction of a publication, and its name as a metric dimension and span attribute.</summary>
public static class PublicationDirections
{
    public static PublicationDirection Between(AgentState previous, AgentState next) =>
        next > previous ? PublicationDirection.Raise : next < previous ? PublicationDirection.Lowering : PublicationDirection.Same;

    public static string Name(this PublicationDirection direction) => direction switch
    {
        PublicationDirection.Raise => "raise",
        PublicationDirection.Lowering => "lowering",
        _ => "same",
    };
}
