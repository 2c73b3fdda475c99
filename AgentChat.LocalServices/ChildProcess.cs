using System.Diagnostics;
using System.Net.Sockets;

namespace AgentChat.LocalServices;

/// <summary>
/// A server process the tests or the bench start and always stop: asked to stop with its stop
/// signal (SIGTERM unless told otherwise), killed with its children if it does not. Keeps its
/// last lines of output for error messages.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private const int KeptLines = 200;
    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(10);
    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly StreamWriter? _log;
    private readonly string _stopSignal;

    private ChildProcess(Process process, string? logPath, string stopSignal)
    {
        _process = process;
        _stopSignal = stopSignal;
        _log = logPath is null ? null : new StreamWriter(logPath) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string RecentOutput
    {
        get { lock (_output) { return string.Join('\n', _output); } }
    }

    /// <param name="logPath">Where to keep all of its output, if anywhere.</param>
    /// <param name="stopSignal">What <see cref="Dispose"/> asks it to stop with, e.g. <c>INT</c> for PostgreSQL's fast shutdown.</param>
    public static ChildProcess Start(string fileName, IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, string? logPath = null,
        string stopSignal = "TERM")
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        return new ChildProcess(process, logPath, stopSignal);
    }

    /// <summary>Waits until the port accepts connections and <paramref name="ready"/> (if any) says so.</summary>
    public async Task WaitUntilReadyAsync(int port, TimeSpan timeout, Func<Task<bool>>? ready = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_process.StartInfo.FileName} exited with {_process.ExitCode}:\n{RecentOutput}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                if (ready is null || await ready())
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{_process.StartInfo.FileName} was not ready on port {port} within {timeout}:\n{RecentOutput}");
    }

    /// <summary>Waits for a process that ends on its own (an installer) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, with its children: no shutdown hooks run. A crash, for tests that need one.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(GracefulStop);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-" + _stopSignal, _process.Id.ToString()]))
            {
                term.WaitForExit();
            }
            if (!_process.WaitForExit(GracefulStop))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(GracefulStop);
            }
        }
        _process.Dispose();
        lock (_output)
        {
            _log?.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Enqueue(line);
            _log?.WriteLine(line);
            if (_output.Count > KeptLines)
            {
                _output.Dequeue();
            }
        }
    }
}
