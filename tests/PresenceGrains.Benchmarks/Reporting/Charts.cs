using ScottPlot;
using ScottPlot.TickGenerators;

namespace PresenceGrains.Benchmarks.Reporting;

/// <summary>The two chart shapes the reports use, as PNG files next to the report.</summary>
public static class Charts
{
    private const int Width = 1000;
    private const int Height = 560;

    /// <summary>
    /// Latency distributions as lines over p50 … max on a logarithmic millisecond axis: one line a series, so runs
    /// of different sizes or directions compare at a glance.
    /// </summary>
    public static void Latency(BenchmarkReport report, string folder, string suffix, string title, IReadOnlyList<(string Label, LatencySummary Latency)> series)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        string[] labels = ["p50", "p90", "p99", "p99.9", "max"];
        double[] positions = [0, 1, 2, 3, 4];
        var palette = new ScottPlot.Palettes.Category10();
        var drawn = 0;
        var shown = series.Where(s => s.Latency.Count > 0).ToList();
        foreach (var (label, latency) in shown)
        {
            double[] values = [latency.P50, latency.P90, latency.P99, latency.P999, latency.Max];
            var line = plot.Add.Scatter(positions, values.Select(v => Math.Log10(Math.Max(v, 0.1))).ToArray());
            line.LegendText = $"{label} (n = {Format.Count(latency.Count)})";
            line.Color = palette.GetColor(drawn++);
            line.LineWidth = 2;
            line.MarkerSize = 8;
        }

        plot.Axes.Bottom.TickGenerator = new NumericManual(positions, labels);
        var all = shown.SelectMany(s => new[] { s.Latency.P50, s.Latency.Max }).DefaultIfEmpty(1).ToList();
        var ticks = LogTicks(all.Min(), all.Max());
        plot.Axes.Left.TickGenerator = new NumericManual([.. ticks.Select(Math.Log10)], [.. ticks.Select(Format.Ms)]);
        plot.Axes.SetLimitsX(-0.2, 4.2);
        plot.Title(title);
        plot.YLabel("latency (log scale)");
        plot.XLabel("percentile");

        // Beside the plot: the lines fill the data area from corner to corner.
        plot.ShowLegend(Edge.Right);
        Save(report, folder, plot, suffix, title, Width + 300);
    }

    /// <summary>Grouped bars: one group a category (e.g. an agent count), one colour a series; each bar labelled with its value.</summary>
    public static void Bars(
        BenchmarkReport report,
        string folder,
        string suffix,
        string title,
        string valueLabel,
        IReadOnlyList<string> categories,
        IReadOnlyList<(string Label, IReadOnlyList<double> Values)> series,
        Func<double, string> format)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(format);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var width = 0.8 / Math.Max(1, series.Count);
        for (var s = 0; s < series.Count; s++)
        {
            var color = palette.GetColor(s);
            var bars = series[s].Values.Select((value, c) => new Bar
            {
                Position = c + (s - (series.Count - 1) / 2.0) * width,
                Value = value,
                Size = width * 0.95,
                FillColor = color,
                Label = format(value),
            }).ToList();
            var plotted = plot.Add.Bars(bars);
            plotted.LegendText = series[s].Label;
            plotted.ValueLabelStyle.FontSize = 14;
        }

        plot.Axes.Bottom.TickGenerator = new NumericManual(categories.Select((_, i) => (double)i).ToArray(), [.. categories]);

        // Room above the tallest bar for its label and for the legend.
        plot.Axes.Margins(bottom: 0, top: 0.3);
        plot.Title(title);
        plot.YLabel(valueLabel);
        plot.ShowLegend(Alignment.UpperRight);
        Save(report, folder, plot, suffix, title, Math.Max(Width, categories.Count * series.Count * 70));
    }

    /// <summary>1-2-5 steps covering the range, so a log axis has a label every step even within one decade.</summary>
    private static List<double> LogTicks(double low, double high)
    {
        var ticks = new List<double>();
        for (var decade = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(low, 0.1)))); decade <= high * 10; decade *= 10)
        {
            ticks.AddRange(new[] { 1, 2, 5 }.Select(step => step * decade).Where(t => t >= low / 2 && t <= high * 2));
        }

        return ticks;
    }

    /// <summary>
    /// Values over time, one line a series on a 0–100 axis, with moments marked along the bottom (e.g. a silo killed):
    /// a soak's agreement and channel state minute by minute.
    /// </summary>
    public static void Timeline(
        BenchmarkReport report,
        string folder,
        string suffix,
        string title,
        IReadOnlyList<(string Label, IReadOnlyList<(double Minute, double Value)> Points)> series,
        IReadOnlyList<(double Minute, string Label)> moments)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(moments);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var drawn = 0;
        foreach (var (label, points) in series.Where(s => s.Points.Count > 0))
        {
            var line = plot.Add.Scatter(points.Select(p => p.Minute).ToArray(), points.Select(p => p.Value).ToArray());
            line.LegendText = label;
            line.Color = palette.GetColor(drawn++);
            line.LineWidth = 2;
            line.MarkerSize = 0;
        }

        if (moments.Count > 0)
        {
            var marks = plot.Add.Scatter(moments.Select(m => m.Minute).ToArray(), moments.Select(_ => 2.0).ToArray());
            marks.LegendText = "silo events (" + string.Join("; ", moments.Select(m => $"{m.Minute:0.0}: {m.Label}")) + ")";
            marks.LineWidth = 0;
            marks.MarkerSize = 12;
            marks.Color = Colors.Black;
        }

        plot.Axes.SetLimitsY(0, 105);
        plot.Title(title);
        plot.XLabel("minutes");
        plot.YLabel("%");
        plot.ShowLegend(Edge.Bottom);
        Save(report, folder, plot, suffix, title, Width + 300);
    }

    private static void Save(BenchmarkReport report, string folder, Plot plot, string suffix, string caption, int width = Width)
    {
        Directory.CreateDirectory(folder);
        var file = $"{report.Name}-{suffix}.png";
        plot.SavePng(Path.Combine(folder, file), width, Height);
        report.Charts.Add((file, caption));
    }
}
