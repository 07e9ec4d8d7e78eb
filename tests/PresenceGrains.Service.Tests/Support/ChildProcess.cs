using System.Collections.Concurrent;
using System.Diagnostics;

namespace PresenceGrains.Service.Tests.Support;

/// <summary>
/// One of the solution's programs run as a process of its own (<c>dotnet Program.dll</c> from its build output, the
/// same configuration as the tests), its output lines kept for waiting on and for the failure message.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 5_000;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ChildProcess(Process process) => _process = process;

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>src/{project}</c>'s built program in its project folder (its content root, as under <c>dotnet run</c>).</summary>
    public static ChildProcess Start(string project, IEnumerable<string> arguments)
    {
        var folder = Path.Combine(RepoRoot.Find(), "src", project);

        // The tests' own output folder is bin/{Configuration}/{framework}: the program was built beside them.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var program = Path.Combine(folder, "bin", configuration, "net10.0", project + ".dll");
        if (!File.Exists(program))
        {
            throw new InvalidOperationException($"{program} is not built: build the solution (or the test project, which builds it).");
        }

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var child = new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"{project} did not start."));
        child._process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for an output line, from the <paramref name="from"/>th on, that matches.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match, string what, int from = 0, TimeSpan? timeout = null) =>
        Wait.UntilAsync(
            () => Task.FromResult(HasExited ? throw new InvalidOperationException($"the process ended while waiting for {what}:\n{Tail()}") : Lines.Skip(from).FirstOrDefault(match)),
            line => line is not null, timeout, what)!;

    public string Tail(int lines = 80) => string.Join("\n", Lines.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > KeptLines && _lines.TryDequeue(out _))
        {
        }
    }
}
