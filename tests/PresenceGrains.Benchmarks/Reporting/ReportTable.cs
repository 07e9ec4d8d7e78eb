using System.Text;

namespace PresenceGrains.Benchmarks.Reporting;

/// <summary>One table of figures: printed to the console and written as Markdown.</summary>
public sealed class ReportTable(string title, params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public string Title { get; } = title;

    public IReadOnlyList<string> Headers { get; } = headers;

    public IReadOnlyList<IReadOnlyList<string>> Rows => _rows;

    public ReportTable Add(params IEnumerable<string>[] cells)
    {
        var row = cells.SelectMany(c => c).ToArray();
        if (row.Length != Headers.Count)
        {
            throw new ArgumentException($"A row of '{Title}' has {row.Length} cells for {Headers.Count} columns.", nameof(cells));
        }

        _rows.Add(row);
        return this;
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("### ").AppendLine(Title).AppendLine();
        text.Append("| ").AppendJoin(" | ", Headers).AppendLine(" |");
        text.Append('|').AppendJoin("|", Headers.Select(_ => " --- ")).AppendLine("|");
        foreach (var row in _rows)
        {
            text.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }

        return text.ToString();
    }

    /// <summary>Aligned columns for the console.</summary>
    public string ToText()
    {
        static string Plain(string cell) => cell.Replace("**", "", StringComparison.Ordinal);
        var widths = Headers.Select((h, i) => _rows.Select(r => Plain(r[i]).Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder().AppendLine(Title);
        void Line(IReadOnlyList<string> cells) =>
            text.Append("  ").AppendJoin("  ", cells.Select((c, i) => Plain(c).PadRight(widths[i]))).AppendLine();
        Line(Headers);
        foreach (var row in _rows)
        {
            Line(row);
        }

        return text.ToString();
    }
}
