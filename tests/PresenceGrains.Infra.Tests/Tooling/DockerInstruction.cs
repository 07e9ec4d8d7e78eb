namespace PresenceGrains.Infra.Tests.Tooling;

/// <summary>One Dockerfile instruction: its keyword (upper case) and the rest of its (joined) lines.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments)
{
    public IReadOnlyList<string> Words => Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Reads a Dockerfile: comments and blank lines dropped, backslash continuations joined.</summary>
    public static IReadOnlyList<DockerInstruction> Read(string path)
    {
        var instructions = new List<DockerInstruction>();
        var pending = "";
        foreach (var line in File.ReadLines(path).Select(line => line.Trim()))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            pending += line.EndsWith('\\') ? line[..^1] + " " : line;
            if (!line.EndsWith('\\'))
            {
                var space = pending.IndexOf(' ', StringComparison.Ordinal);
                instructions.Add(new DockerInstruction(pending[..space].ToUpperInvariant(), pending[(space + 1)..].Trim()));
                pending = "";
            }
        }

        return instructions;
    }
}
