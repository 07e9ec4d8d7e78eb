using System.Globalization;

namespace PresenceGrains.Benchmarks.Cli;

/// <summary>
/// The options after a subcommand (<c>--agents 1000,10000 --smoke</c>). Every option must be one the subcommand knows,
/// and every value must parse: a typo stops the run with a message instead of measuring the wrong thing.
/// </summary>
internal sealed class CommandArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    /// <param name="args">The arguments after the subcommand's name.</param>
    /// <param name="known">Options taking a value.</param>
    /// <param name="flags">Options without a value.</param>
    public CommandArguments(IReadOnlyList<string> args, IReadOnlyCollection<string> known, IReadOnlyCollection<string>? flags = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        flags ??= [];
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (flags.Contains(name))
            {
                _options[name] = null;
            }
            else if (known.Contains(name) && i + 1 < args.Count)
            {
                _options[name] = args[++i];
            }
            else
            {
                var all = string.Join(", ", known.Concat(flags));
                throw new ArgumentException(known.Contains(name)
                    ? $"{name} needs a value."
                    : $"Unknown option '{name}'; this benchmark takes: {(all.Length == 0 ? "nothing" : all)}.");
            }
        }
    }

    /// <summary>The options of a benchmark that writes a report: its own, plus <c>--smoke</c> and <c>--out DIR</c>.</summary>
    public static CommandArguments ForReport(IReadOnlyList<string> args, params string[] known) => new(args, [.. known, "--out"], ["--smoke"]);

    /// <summary>A tiny run of seconds (<c>--smoke</c>), to check that the benchmark works.</summary>
    public bool Smoke => Flag("--smoke");

    /// <summary>Where the report goes: <c>--out</c>, or <c>docs/benchmarks</c> (a temporary folder for a smoke run).</summary>
    public string ReportFolder => Reporting.ReportFolder.Resolve(Text("--out"), Smoke);

    public bool Flag(string name) => _options.ContainsKey(name);

    public string? Text(string name) => _options.GetValueOrDefault(name);

    public long Number(string name, long fallback) =>
        Text(name) is { } text ? Parse(name, text, long.Parse) : fallback;

    public double Decimal(string name, double fallback) =>
        Text(name) is { } text ? Parse(name, text, double.Parse) : fallback;

    /// <summary>A comma-separated list of positive whole numbers (<c>1000,10000</c>).</summary>
    public IReadOnlyList<int> Numbers(string name, IReadOnlyList<int> fallback)
    {
        if (Text(name) is not { } text)
        {
            return fallback;
        }

        var numbers = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => Parse(name, part, int.Parse))
            .ToList();
        return numbers.Count > 0 && numbers.All(n => n > 0)
            ? numbers
            : throw new ArgumentException($"{name} takes positive whole numbers separated by commas (was '{text}').");
    }

    private static T Parse<T>(string name, string text, Func<string, IFormatProvider, T> parse)
    {
        try
        {
            return parse(text, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{name} takes a number (was '{text}').");
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"{name} is out of range (was '{text}').");
        }
    }
}
