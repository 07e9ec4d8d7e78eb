namespace PresenceGrains.Domain.Tests.Support;

internal static class PublicationLog
{
    /// <summary>Records what a step published, if anything: the views a subscriber would have seen.</summary>
    public static void AddIfPublished(this List<AgentView> shown, MachineStep step)
    {
        if (step.Published is { } view)
        {
            shown.Add(view);
        }
    }
}
