namespace PresenceGrains.Domain.Genesys;

/// <summary>
/// A user's conversation summary, summed over every media and over contact-centre and enterprise conversations:
/// how many are live (<see cref="Active"/>) and how many are in after-call work (<see cref="Acw"/>).
/// </summary>
public readonly record struct ConversationCounts(int Active, int Acw)
{
    public static readonly ConversationCounts None = new(0, 0);

    public ConversationCounts Add(int active, int acw) => new(Active + active, Acw + acw);
}
