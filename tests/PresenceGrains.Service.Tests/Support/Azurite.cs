using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PresenceGrains.Service.Tests.Support;

/// <summary>
/// Azurite (Azure Storage on loopback) started by the tests from the pinned copy in <c>tools/azurite</c>, in memory, on
/// free ports; stopped with the fixture.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    // Azurite's documented development account; it only ever answers on loopback.
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private Azurite(Process process, int blob, int queue, int table)
    {
        _process = process;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/{Account};QueueEndpoint=http://127.0.0.1:{queue}/{Account};TableEndpoint=http://127.0.0.1:{table}/{Account};";
    }

    public string ConnectionString { get; }

    /// <remarks>
    /// The ports are free when chosen but not held: another process starting at the same moment (the suite runs its
    /// projects in parallel) can take one first, and Azurite then exits at once. It is started again on other ports.
    /// </remarks>
    public static async Task<Azurite> StartAsync()
    {
        var executable = Path.Combine(RepoRoot.Find(), "tools", "azurite", "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed at {executable}: run ./test.sh (it runs npm ci in tools/azurite).");
        }

        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var (azurite, exitCode) = await TryStartAsync(executable);
            if (azurite is not null)
            {
                return azurite;
            }

            if (exitCode is null)
            {
                throw new InvalidOperationException("Azurite did not start listening within 60 s.");
            }

            if (attempt == attempts)
            {
                throw new InvalidOperationException($"Azurite exited with code {exitCode} before listening, {attempts} times, each on ports free when chosen.");
            }
        }
    }

    /// <returns>The running emulator; or none, with its exit code if it exited before listening (none if it never answered).</returns>
    private static async Task<(Azurite? Azurite, int? ExitCode)> TryStartAsync(string executable)
    {
        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent",
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(), "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(),
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new Azurite(process, blob, queue, table);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await IsListeningAsync(table) && await IsListeningAsync(queue)))
        {
            if (process.HasExited)
            {
                var exitCode = process.ExitCode;
                await azurite.DisposeAsync();
                return (null, exitCode);
            }

            if (DateTime.UtcNow > deadline)
            {
                await azurite.DisposeAsync();
                return (null, null);
            }

            await Task.Delay(100);
        }

        return (azurite, null);
    }

    /// <summary>Stops the emulator's process where it stands (SIGSTOP): connections stay open and nothing answers.</summary>
    public void Freeze() => Signal(SigStop);

    /// <summary>Lets a frozen emulator go on (SIGCONT).</summary>
    public void Thaw() => Signal(SigCont);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Thaw();
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private const int SigCont = 18;
    private const int SigStop = 19;

    private void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"Signal {signal} to Azurite (pid {_process.Id}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
