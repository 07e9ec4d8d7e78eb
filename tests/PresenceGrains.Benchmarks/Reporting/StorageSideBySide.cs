namespace PresenceGrains.Benchmarks.Reporting;

/// <summary>
/// One table of every headline a benchmark reported on memory storage beside the same figure from its Azure Storage
/// (Azurite) run, so the production shape is read next to the demo rather than pages apart.
/// </summary>
internal static class StorageSideBySide
{
    private const string AzuriteSuffix = "-azurite";

    /// <param name="headlines">Reads a report's headlines from its JSON path (none when it has none).</param>
    public static ReportTable? Table(string folder, IReadOnlyList<string> order, Func<string, List<Headline>> headlines)
    {
        var table = new ReportTable("Memory storage and Azure Storage (Azurite) side by side (latest run of each)",
            "benchmark", "figure", "memory storage", "Azure Storage (Azurite)", "target");
        foreach (var name in order)
        {
            var memory = headlines(Path.Combine(folder, name + ".json"));
            var azurite = headlines(Path.Combine(folder, name + AzuriteSuffix + ".json"));
            if (memory.Count == 0 || azurite.Count == 0)
            {
                continue;
            }

            // A figure only one side measured still shows, with a dash on the other, so a missing run is visible.
            var figures = memory.Select(h => h.Figure).Union(azurite.Select(h => h.Figure)).ToList();
            foreach (var figure in figures)
            {
                var m = memory.FirstOrDefault(h => h.Figure == figure);
                var a = azurite.FirstOrDefault(h => h.Figure == figure);
                var target = m is not null && a is not null && m.Target != a.Target ? $"{m.Target} (memory), {a.Target} (Azurite)" : (m ?? a)!.Target;
                table.Add([name, figure, Cell(m), Cell(a), target]);
            }
        }

        return table.Rows.Count == 0 ? null : table;
    }

    private static string Cell(Headline? h) => h is null
        ? "–"
        : h.Verdict is "met" or "–" or "" ? h.Measured : $"{h.Measured} ({h.Verdict})";
}
